"""placeholder"""
from __future__ import annotations
from typing import Any
def extract_quotes(an: Any, extractor: str) -> list[Any]:
    return []
