"""HTML pages to article text and metadata with trafilatura (offline; nothing is fetched).

Keeps the title, canonical URL, site name, language and the publication date found in the
page's metadata (meta tags, JSON-LD, <time>) — never a date guessed from the body text — and
the page's <figcaption> texts (photo captions). A page with no extractable text (e.g. only
scripts and markup) fails with a clear message. Boilerplate that trafilatura leaves in is
removed later by `clean.py`; what trafilatura itself drops (navigation, footers, scripts) is not
kept, only counted in the document metadata.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from html import unescape
from typing import Any

import trafilatura

from innercircle.corpus.errors import ReadError

log = logging.getLogger(__name__)

_SCRIPT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.I | re.S)


@dataclass(frozen=True)
class HtmlArticle:
    """Text and metadata extracted from one HTML page."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    captions: tuple[str, ...] = ()  # <figcaption> texts (kept as removed caption blocks)
    author: str | None = None


def figure_captions(html: str) -> tuple[str, ...]:
    """The text of each <figcaption> in the page, in order, without repeats."""
    found: dict[str, None] = {}
    for match in _FIGCAPTION.finditer(html):
        text = " ".join(unescape(_TAG.sub(" ", match.group(1))).split())
        if text:
            found.setdefault(text)
    return tuple(found)


def _visible_text_share(html: str) -> float:
    """Share of the page that is text outside scripts, styles and tags (0 when empty)."""
    if not html:
        return 0.0
    visible = _TAG.sub(" ", _SCRIPT.sub(" ", html))
    return len(" ".join(visible.split())) / len(html)


def html_to_article(html: str, url: str | None = None) -> HtmlArticle:
    """Extract the main text and metadata of `html`; raise ReadError if there is no text."""
    result: Any = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    data: dict[str, Any] = {}
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = str(data.get("text") or "").strip()
    if not text:
        share = _visible_text_share(html)
        hint = f"; only {share:.1%} of it is visible text (scripts/markup)" if share < 0.05 else ""
        raise ReadError(f"no article text found in the HTML page{hint}")

    def field(name: str) -> str | None:
        value = data.get(name)
        return str(value).strip() or None if value else None

    return HtmlArticle(
        text=text,
        title=field("title"),
        url=field("url"),
        outlet=field("sitename"),
        published=field("date"),
        language=field("language"),
        captions=figure_captions(html),
        author=field("author"),
    )
