"""A sentence ending in a colon that opens a list belongs to the article body."""

from __future__ import annotations

from innercircle.corpus.clean import clean_text

LIST_PAGE = """## Who was on the plane

July 3, 2024

Officials confirmed the deaths of everyone on board on Monday. The dead are:

- Reza Sharifi, governor of the province.
- Nader Soltani, his deputy.

An inquiry was opened.
"""


def test_colon_line_before_a_list_is_body() -> None:
    cleaned = clean_text(LIST_PAGE)
    assert cleaned.body.startswith("Officials confirmed the deaths")
    assert "- Reza Sharifi" in cleaned.body
    assert not any(b.kind == "caption" for b in cleaned.removed)
