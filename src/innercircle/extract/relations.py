"""placeholder"""
from __future__ import annotations
from typing import Any
def extract_relations(an: Any, links: Any, extractor: str) -> list[Any]:
    return []
