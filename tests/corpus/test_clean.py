"""Cleaning web captures: boilerplate and captions leave the body but are kept as removed blocks."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from innercircle.corpus.clean import clean_text

ARTICLE = """\
Guards chief named in reshuffle

Tehran's leadership moved quickly to fill the vacancies left by the strikes, officials said.

12,400 views 88 reactions 3 comment(s)
Disclaimer: This article was translated by a machine (AI) and may contain errors.

The supreme leader appointed a new Guards commander on Saturday, state media reported.

He praised the outgoing commander as "a loyal servant of the revolution" in a written decree.

Tehran
Photo: Example Agency

The appointment follows weeks of speculation about the succession inside the Guards.

Analysts said the choice signals continuity rather than change in military policy.

Bonus video:
"""


def test_boilerplate_is_removed_and_kept() -> None:
    cleaned = clean_text(ARTICLE, title="Guards chief named in reshuffle")
    kinds = {b.kind for b in cleaned.removed}
    assert {"counter", "disclaimer", "caption", "media", "title"} <= kinds
    for dropped in ("12,400 views", "Disclaimer:", "Photo: Example Agency", "Bonus video:"):
        assert dropped not in cleaned.body
        assert any(dropped in block.text for block in cleaned.removed)
    assert "appointed a new Guards commander" in cleaned.body
    assert "Analysts said the choice signals continuity" in cleaned.body
    assert cleaned.machine_translated


def test_caption_block_groups_place_line_and_credit_with_input_line_number() -> None:
    cleaned = clean_text(ARTICLE, title="Guards chief named in reshuffle", first_line=5)
    caption = next(b for b in cleaned.removed if b.kind == "caption")
    assert caption.text == "Tehran\nPhoto: Example Agency"
    assert caption.line == ARTICLE.splitlines().index("Tehran") + 5


def test_body_lines_are_verbatim() -> None:
    cleaned = clean_text(ARTICLE, title="Guards chief named in reshuffle")
    for line in cleaned.body.splitlines():
        assert line == "" or line in ARTICLE.splitlines()


def test_unrelated_story_after_a_teaser_timestamp_is_cut_without_a_header() -> None:
    text = (
        "Cleric appointed to judiciary post\n\n"
        "The head of the judiciary named a new deputy on Sunday, its news site said.\n\n"
        "The deputy previously led the prosecutor's office in the capital for six years.\n\n"
        "He is known as a close ally of the judiciary chief, according to state media.\n\n"
        "Leaders agree on minerals plan\n\n"
        "Kyodo News\n\n"
        "time3 hours ago\n\n"
        "The leaders of seven democracies agreed on Tuesday to cooperate on critical minerals "
        "supply chains, officials said, as they met in the mountains for their summit.\n"
    )
    cleaned = clean_text(text)
    assert "minerals" not in cleaned.body
    assert "close ally of the judiciary chief" in cleaned.body
    tail = [b for b in cleaned.removed if b.kind == "related"]
    assert tail and tail[0].text.startswith("Leaders agree on minerals plan")


def test_related_header_cuts_the_rest_of_the_page() -> None:
    text = (
        "Title here\n\nFirst paragraph of the real article, which is long enough to count.\n\n"
        "Second paragraph of the article with another full sentence in it.\n\n"
        "Related Articles\n\nSomething else happened elsewhere and is reported here in full.\n"
    )
    cleaned = clean_text(text)
    assert "Something else" not in cleaned.body
    assert cleaned.removed[-1].kind == "related"


def test_date_bar_above_headline_is_not_a_dateline() -> None:
    text = (
        "Thursday, December 5, 2024\n\nOfficials trade blame\n\n"
        "Officials traded blame over the failed policy on Saturday, the agency said.\n"
    )
    cleaned = clean_text(text, title="Officials trade blame")
    assert cleaned.dateline is None
    assert cleaned.removed[0].kind == "header" and cleaned.removed[0].rule == "date-bar"


def test_dateline_below_headline_is_found() -> None:
    text = (
        "## Leader warns of infiltration\n\nMonday, 02/05/2024\n\nNewsroom staff\n\n"
        "The leader warned on Monday about infiltration of the state by its enemies.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.title == "Leader warns of infiltration"
    assert cleaned.dateline is not None and cleaned.dateline.iso == "2024-02-05"
    assert cleaned.dateline_line == 3
    assert "Newsroom staff" in cleaned.body  # bylines stay


def test_pull_quote_repeating_a_quoted_paragraph_is_removed() -> None:
    quote = (
        "the leader is well placed to weigh costs and benefits, which leads to one question more "
        "important than all others: the survival of the system."
    )
    text = (
        "Headline words here\n\n"
        "An opening paragraph that sets out the story in a full sentence.\n\n"
        f"The leader is well placed to weigh costs and benefits, {quote[57:]}\n\n"
        "A middle paragraph about other matters entirely, in a sentence.\n\n"
        f"\u201c{quote[0].upper()}{quote[1:]}\u201d\n"
    )
    cleaned = clean_text(text)
    pulls = [b for b in cleaned.removed if b.kind == "pull_quote"]
    assert len(pulls) == 1 and not pulls[0].text.startswith("\u201c")
    assert "\u201cThe leader is well placed" in cleaned.body


def test_plain_article_is_left_alone() -> None:
    text = (
        "The president met the foreign minister on Monday.\n\n"
        "They discussed the talks, an aide said. No date was set for the next round.\n"
    )
    cleaned = clean_text(text)
    assert cleaned.body == text.strip()
    assert cleaned.removed == []


Gold = tuple[Path, dict[str, dict[str, str]], list[dict[str, Any]]]


@pytest.fixture
def gold(shared_dir: Path) -> Gold:
    folder = shared_dir / "data" / "articles"
    with (folder / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle)}
    data = json.loads((shared_dir / "data" / "gold" / "seeds.gold.json").read_text("utf-8"))
    return folder, manifest, data["documents"]


def test_gold_boilerplate_and_captions_stay_out_of_bodies(
    gold: Gold,
) -> None:
    folder, manifest, documents = gold
    for entry in documents:
        name = str(entry["doc"])
        cleaned = clean_text((folder / name).read_text("utf-8"), title=manifest[name]["title"])
        removed = "\n".join(b.text for b in cleaned.removed)
        captions = "\n".join(b.text for b in cleaned.removed if b.kind == "caption")
        for snippet in entry["boilerplate"]:
            assert snippet not in cleaned.body, (name, snippet)
            assert snippet in removed, (name, snippet)
        for snippet in entry["captions"]:
            assert snippet not in cleaned.body, (name, snippet)
            assert snippet in captions, (name, snippet)


def test_gold_evidence_and_quotes_stay_in_bodies(
    gold: Gold,
) -> None:
    folder, manifest, documents = gold
    for entry in documents:
        name = str(entry["doc"])
        cleaned = clean_text((folder / name).read_text("utf-8"), title=manifest[name]["title"])
        facts = [*entry["relations"], *entry["events"]]
        for fact in facts:
            if fact.get("zone") in (None, "body"):
                assert fact["evidence"] in cleaned.body, (name, fact["evidence"])
        for quote in entry["quotes"]:
            if quote.get("zone") in (None, "body"):
                assert quote["start"] in cleaned.body, (name, quote["start"])


def test_gold_dateline_and_date_bar(
    gold: Gold,
) -> None:
    folder, _manifest, documents = gold
    by_name = {str(e["doc"]): e for e in documents}
    for name, entry in by_name.items():
        cleaned = clean_text((folder / name).read_text("utf-8"))
        found = cleaned.dateline.iso if cleaned.dateline else None
        if found is not None:  # a dateline, when found, must be the gold publication date
            assert found == entry["published"], name
    dated = clean_text((folder / "004_a44daf3f2270548c.txt").read_text("utf-8"))
    assert dated.dateline is not None and dated.dateline.iso == "2024-02-05"


def test_sentence_about_translation_is_not_a_disclaimer() -> None:
    line = "The AI system translated the speech into English for the state broadcaster."
    text = f"Headline words here\n\n{line}\n\nAnother full sentence of the article follows here.\n"
    cleaned = clean_text(text)
    assert line in cleaned.body and not cleaned.machine_translated
