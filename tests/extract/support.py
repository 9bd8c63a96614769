"""Helpers of the extract tests (imported by conftest and test modules)."""

from __future__ import annotations

from dataclasses import dataclass

from innercircle.records import Document, Extraction


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
