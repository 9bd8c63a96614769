"""Evidence behind an answer, independent-source counting and Admiralty grading.

`Evidence` is one statement's sentence with its outlet, dates and grade. `Corroboration` counts
how many *independent stories* support a fact: documents marked as duplicates of one another (a
machine translation, a reworded wire copy) form one story, and every outlet counts once. The
support score combines the stories' Admiralty grades (A–F) and extraction confidences. This
module holds pure functions over records; loading documents and grades is done by `access`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from innercircle.records import Source, StoredStatement

GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E", "F")
"""Admiralty (NATO) source reliability: A completely reliable … E unreliable, F cannot be judged."""

GRADE_MEANING: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

GRADE_WEIGHT: dict[str, float] = {"A": 0.95, "B": 0.85, "C": 0.7, "D": 0.5, "E": 0.3, "F": 0.6}
"""How much one story from an outlet of each grade supports a fact (ungraded counts as F)."""

ANALYST_OUTLET = "analyst"


@dataclass(frozen=True)
class DocInfo:
    """What evidence needs to know about a document (no body)."""

    id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    story: str  # id of the first document of its duplicate group


@dataclass(frozen=True)
class Evidence:
    """One statement behind a claim: the sentence, where and when it was published."""

    statement_id: int
    sentence: str | None
    doc_id: str | None
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    story: str
    grade: str | None
    date: str | None  # the fact's own date (valid_from) when stated
    date_text: str | None
    attribution: str | None
    extractor: str
    confidence: float
    zone: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement_id": self.statement_id,
            "sentence": self.sentence,
            "doc_id": self.doc_id,
            "outlet": self.outlet,
            "published": self.published,
            "title": self.title,
            "url": self.url,
            "story": self.story,
            "grade": self.grade,
            "date": self.date,
            "date_text": self.date_text,
            "attribution": self.attribution,
            "extractor": self.extractor,
            "confidence": self.confidence,
            "zone": self.zone,
        }

    def label(self) -> str:
        """A short human citation: 'Outlet, 2025-06-17 (grade B)'."""
        parts = [self.outlet or "unknown outlet"]
        if self.published:
            parts.append(self.published)
        text = ", ".join(parts)
        return f"{text} (grade {self.grade})" if self.grade else text


@dataclass(frozen=True)
class Corroboration:
    """How many independent stories and outlets support a fact, and how strongly."""

    statements: int
    stories: int
    outlets: int
    best_grade: str | None
    support: float  # 0..1, 1 - prod(1 - weight of each independent story)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statements": self.statements,
            "stories": self.stories,
            "outlets": self.outlets,
            "best_grade": self.best_grade,
            "support": self.support,
        }

    def label(self) -> str:
        grade = f", best {self.best_grade}" if self.best_grade else ""
        return f"{self.stories} src{grade}"


def grade_for(outlet: str | None, sources: Mapping[str, Source]) -> str | None:
    """The grade of `outlet`: exact (case-insensitive) name, else the longest graded name
    contained in it ("The Japan Times (via Reuters)" takes the grade set for "Reuters" only when
    "The Japan Times" has none)."""
    if not outlet or not sources:
        return None
    folded = outlet.casefold()
    by_name = {name.casefold(): src for name, src in sources.items()}
    exact = by_name.get(folded)
    if exact is not None:
        return exact.grade
    contained = [name for name in by_name if name and name in folded]
    if not contained:
        return None
    return by_name[max(contained, key=len)].grade


def make_evidence(stmt: StoredStatement, doc: DocInfo | None, grade: str | None) -> Evidence:
    """The evidence record of one stored statement."""
    return Evidence(
        statement_id=stmt.id,
        sentence=stmt.evidence_text,
        doc_id=stmt.doc_id,
        outlet=(doc.outlet if doc else stmt.outlet) or (None if stmt.doc_id else ANALYST_OUTLET),
        published=doc.published if doc else stmt.reported_at,
        title=doc.title if doc else None,
        url=doc.url if doc else None,
        story=doc.story if doc else f"statement:{stmt.id}",
        grade=grade,
        date=stmt.valid_from,
        date_text=stmt.date_text,
        attribution=stmt.attribution,
        extractor=stmt.extractor,
        confidence=stmt.confidence,
        zone=stmt.zone,
    )


def corroborate(evidence: Iterable[Evidence]) -> Corroboration:
    """Count independent stories and outlets behind `evidence` and score their support."""
    items = list(evidence)
    best_by_story: dict[str, float] = {}
    outlets: set[str] = set()
    grades: set[str] = set()
    for ev in items:
        weight = GRADE_WEIGHT.get(ev.grade or "F", GRADE_WEIGHT["F"]) * max(
            0.0, min(1.0, ev.confidence)
        )
        best_by_story[ev.story] = max(best_by_story.get(ev.story, 0.0), weight)
        outlets.add((ev.outlet or "?").casefold())
        if ev.grade:
            grades.add(ev.grade)
    missing = 1.0
    for weight in best_by_story.values():
        missing *= 1.0 - weight
    best = min(grades, key=GRADES.index) if grades else None
    return Corroboration(
        statements=len(items),
        stories=len(best_by_story),
        outlets=len(outlets),
        best_grade=best,
        support=round(1.0 - missing, 3),
    )


def unique_evidence(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Evidence without repeats of the same sentence from the same document, in input order."""
    seen: set[tuple[str | None, str | None]] = set()
    kept: list[Evidence] = []
    for ev in evidence:
        key = (ev.doc_id, ev.sentence)
        if key in seen:
            continue
        seen.add(key)
        kept.append(ev)
    return kept
