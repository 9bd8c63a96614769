"""Finding quotations on the text (no model needed)."""

from __future__ import annotations

from innercircle.extract.quotes import find_quotes, is_quotation


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_quotes() -> None:
    text = 'He said, “We will not retreat.” Then: "Nothing has changed," she added.'
    assert texts(text) == ["We will not retreat.", "Nothing has changed,"]


def test_multi_paragraph_quote_continues() -> None:
    text = "“First paragraph of the speech goes on\n\n“and the second one ends here.”"
    quotes = find_quotes(text)
    assert len(quotes) == 2 and not quotes[0].continued and quotes[1].continued


def test_scare_quotes_and_quoted_names_are_not_quotations() -> None:
    assert not is_quotation("moderate")
    assert not is_quotation("national security")
    assert not is_quotation("Assembly of Scholars and Researchers of Qom")
    assert is_quotation("ignorant if not traitors")
