"""From raw input to Document: metadata precedence, date precedence and method, identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from innercircle.corpus.build import build_document
from innercircle.corpus.errors import ReadError
from innercircle.corpus.identity import document_id
from innercircle.corpus.readers import RawArticle
from innercircle.records import DateMethod

BODY = (
    "The judiciary chief named a new deputy on Sunday, the judiciary's news site said.\n\n"
    "The deputy previously led the prosecutor's office in the capital."
)
HEAD = "Judiciary names deputy\n\nMonday, 02/05/2024\n\n"


def raw(text: str = HEAD + BODY, **meta: str) -> RawArticle:
    return RawArticle("a.txt", Path("a.txt"), text=text, meta=dict(meta))


def test_front_matter_beats_manifest_beats_dateline() -> None:
    row = {"published": "2024-01-01", "outlet": "Sheet outlet", "title": "Sheet title"}
    doc = build_document(raw(published="2023-03-03"), row)
    assert (doc.published.value, doc.published.method) == ("2023-03-03", DateMethod.FRONT_MATTER)
    assert doc.outlet == "Sheet outlet" and doc.title == "Sheet title"
    doc = build_document(raw(), row)
    assert (doc.published.value, doc.published.method) == ("2024-01-01", DateMethod.MANIFEST)
    doc = build_document(raw())
    assert doc.published.value == "2024-02-05"
    assert doc.published.method is DateMethod.DATELINE
    assert doc.published.text == "Monday, 02/05/2024"
    assert doc.title == "Judiciary names deputy"


def test_no_date_is_unknown_not_invented() -> None:
    doc = build_document(raw("Judiciary names deputy\n\n" + BODY))
    assert doc.published.value is None and doc.published.method is DateMethod.UNKNOWN


def test_bad_date_field_is_a_clear_error() -> None:
    with pytest.raises(ReadError, match="field 'published'"):
        build_document(raw(published="sometime soon"))


def test_html_metadata_date_and_fields() -> None:
    html = (
        "<html lang='en'><head><title>Judiciary names deputy</title>"
        "<meta property='og:site_name' content='Example Wire'>"
        "<meta property='article:published_time' content='2024-05-20T08:00:00Z'>"
        "<script>var tracking = true;</script></head><body><article>"
        "<h1>Judiciary names deputy</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</article></body></html>"
    )
    doc = build_document(RawArticle("a.html", None, html=html, format="html"))
    assert (doc.published.value, doc.published.method) == ("2024-05-20", DateMethod.HTML_METADATA)
    assert doc.outlet == "Example Wire"
    assert doc.body.startswith("The judiciary chief named a new deputy")


def test_html_figure_captions_and_author_are_kept() -> None:
    html = (
        "<html><head><title>Judiciary names deputy</title>"
        "<meta name='author' content='Jane Roe'></head><body><article>"
        "<h1>Judiciary names deputy</h1><figure><img src='x.jpg'>"
        "<figcaption>The deputy at a ceremony. Photo: Example Agency</figcaption></figure>"
        + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
        + "</article></body></html>"
    )
    doc = build_document(RawArticle("a.html", None, html=html, format="html"))
    captions = [b for b in doc.removed if b.kind == "caption"]
    assert [c.text for c in captions] == ["The deputy at a ceremony. Photo: Example Agency"]
    assert "ceremony" not in doc.body
    assert doc.metadata["author"] == "Jane Roe"


def test_html_with_only_scripts_fails() -> None:
    html = "<html><head><script>" + "x();" * 2000 + "</script></head><body></body></html>"
    with pytest.raises(ReadError, match="no article text"):
        build_document(RawArticle("a.html", None, html=html, format="html"))


def test_id_is_hash_of_normalised_body() -> None:
    doc = build_document(raw())
    assert doc.id == document_id(doc.body)
    assert document_id("It’s  “done” —\nnow") == document_id('it\'s "done" - now')
    assert document_id("one text") != document_id("another text")


def test_only_boilerplate_is_an_error() -> None:
    with pytest.raises(ReadError, match="no article text left"):
        build_document(raw("16640 views 222 reactions\nBonus video:\n"))
