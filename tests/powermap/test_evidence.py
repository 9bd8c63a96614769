"""Corroboration counts independent stories (duplicates once) and outlets; grades by outlet."""

from __future__ import annotations

from innercircle.powermap.evidence import Evidence, corroborate, grade_for
from innercircle.records import Source


def ev(statement_id: int, doc: str, story: str, outlet: str, grade: str | None) -> Evidence:
    return Evidence(
        statement_id=statement_id,
        sentence=f"sentence {statement_id}",
        doc_id=doc,
        outlet=outlet,
        published="2025-06-17",
        title=None,
        url=None,
        story=story,
        grade=grade,
        date=None,
        date_text=None,
        attribution=None,
        extractor="test",
        confidence=1.0,
        zone="body",
    )


def test_a_translation_is_not_an_independent_source() -> None:
    wire = ev(1, "wire", "wire", "Global Wire", "B")
    translation = ev(2, "translation", "wire", "Daily Echo", "C")
    other = ev(3, "other", "other", "Opposition Voice", "D")
    one_story = corroborate([wire, translation])
    assert (one_story.stories, one_story.outlets, one_story.statements) == (1, 2, 2)
    both = corroborate([wire, translation, other])
    assert both.stories == 2
    assert both.best_grade == "B"
    assert both.support > one_story.support  # an independent story adds support


def test_better_graded_sources_support_more() -> None:
    assert (
        corroborate([ev(1, "a", "a", "X", "A")]).support
        > corroborate([ev(1, "a", "a", "X", "E")]).support
    )


def test_grade_by_exact_name_then_by_contained_name() -> None:
    sources = {"Reuters": Source("Reuters", "B"), "Daily Echo": Source("Daily Echo", "C")}
    assert grade_for("daily echo", sources) == "C"
    assert grade_for("The Japan Times (via Reuters)", sources) == "B"
    assert grade_for("Unknown Outlet", sources) is None
    assert grade_for(None, sources) is None
