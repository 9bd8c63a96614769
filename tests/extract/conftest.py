"""Fixtures of the extract tests: one Extractor (spaCy model + iran pack) per test session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from innercircle.extract.pipeline import Extractor
from innercircle.records import DateMethod, DateValue, Document, Extraction


@dataclass
class Result:
    """An extraction with look-ups by entity name (tests read names, not local keys)."""

    doc: Document
    ext: Extraction

    def name(self, key: str | None) -> str | None:
        return self.ext.entity(key).name if key else None

    def names(self, type_: str | None = None) -> set[str]:
        return {e.name for e in self.ext.entities if type_ is None or e.type.value == type_}

    def relations(self) -> set[tuple[str | None, str, str | None]]:
        return {
            (self.name(s.subject_key), s.predicate, self.name(s.object_key))
            for s in self.ext.statements
            if not s.is_event
        }

    def events(self) -> list[tuple[str, str | None, str | None, str | None]]:
        return [
            (s.predicate, self.name(s.subject_key), self.name(s.object_key), s.valid_from.value)
            for s in self.ext.statements
            if s.is_event
        ]

    def quotes(self) -> list[tuple[str | None, str]]:
        return [(self.name(q.speaker_key), q.text) for q in self.ext.quotes]


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The default extractor; the model is loaded once for the whole session."""
    ex = Extractor()
    _ = ex.backend
    return ex


@pytest.fixture(scope="session")
def run(extractor: Extractor) -> Callable[..., Result]:
    """Extract an invented text, optionally with a publication date."""

    def _run(text: str, published: str | None = None) -> Result:
        date = DateValue(published, DateMethod.MANIFEST) if published else DateValue.unknown()
        doc = Document(id="test", body=text, published=date)
        return Result(doc, extractor.extract(doc))

    return _run
