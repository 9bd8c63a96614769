"""Turn one raw article into a `Document`: metadata merge, cleaning, publication date, id.

Metadata precedence: the article's own front matter / JSONL fields, then its manifest row, then
HTML metadata, then what the text itself shows (the headline). Publication date precedence:
front matter or manifest > HTML metadata > a dateline near the headline (see `clean.py`) >
unknown; the method and the wording are recorded, nothing is invented. Near-duplicate linking is
not done here (see `dedupe.py`).
"""

from __future__ import annotations

from typing import Any

from innercircle.corpus.clean import clean_text
from innercircle.corpus.dates import iso_date
from innercircle.corpus.errors import ReadError
from innercircle.corpus.html import html_to_article
from innercircle.corpus.identity import document_id
from innercircle.corpus.readers import RawArticle
from innercircle.records import DateMethod, DateValue, Document, RemovedBlock


def _date_from(value: Any, method: DateMethod, where: str) -> DateValue:
    iso = iso_date(value)
    if iso is None:
        raise ReadError(f"{where} field 'published': {value!r} is not a date (use YYYY-MM-DD)")
    return DateValue(iso, method, str(value))


def build_document(raw: RawArticle, manifest_row: dict[str, str] | None = None) -> Document:
    """A cleaned, dated document from `raw`; ReadError if no article text is left."""
    manifest = {k: v for k, v in (manifest_row or {}).items() if not k.startswith("_")}
    own = raw.meta
    own_origin = "record" if raw.format == "jsonl" else "front matter"
    html_meta: dict[str, str | None] = {}
    html_captions: tuple[str, ...] = ()
    html_author: str | None = None
    text = raw.text
    if raw.html is not None:
        url_hint = own.get("url") or manifest.get("url")
        page = html_to_article(raw.html, url=str(url_hint) if url_hint else None)
        text = page.text
        html_captions = page.captions
        html_author = page.author
        html_meta = {
            "title": page.title,
            "url": page.url,
            "outlet": page.outlet,
            "published": page.published,
            "language": page.language,
        }
    if text is None or not text.strip():
        raise ReadError("empty article text")

    def pick(name: str) -> str | None:
        for value in (own.get(name), manifest.get(name), html_meta.get(name)):
            if value is not None and str(value).strip():
                return str(value).strip()
        return None

    title = pick("title")
    in_file = raw.html is None and raw.format == "text"  # text lines are file lines
    cleaned = clean_text(text, title=title, first_line=raw.first_line if in_file else None)
    if not cleaned.body.strip():
        raise ReadError(
            f"no article text left after cleaning ({len(cleaned.removed)} block(s) removed as "
            "boilerplate)"
        )

    if own.get("published") is not None:
        published = _date_from(own["published"], DateMethod.FRONT_MATTER, own_origin)
    elif manifest.get("published"):
        published = _date_from(manifest["published"], DateMethod.MANIFEST, "manifest")
    elif html_meta.get("published") and iso_date(html_meta["published"]):
        published = DateValue(
            iso_date(html_meta["published"]), DateMethod.HTML_METADATA, html_meta["published"]
        )
    elif cleaned.dateline is not None:
        published = DateValue(cleaned.dateline.iso, DateMethod.DATELINE, cleaned.dateline.text)
    else:
        published = DateValue.unknown()

    removed = list(cleaned.removed)
    body_text = cleaned.body
    for caption in html_captions:
        if caption not in body_text and all(caption not in b.text for b in removed):
            removed.append(RemovedBlock("caption", caption, None, "html-figcaption"))
    metadata: dict[str, Any] = {"format": raw.format, "encoding": raw.encoding}
    if raw.html is not None:
        metadata["html_chars"] = len(raw.html)
    if html_author:
        metadata["author"] = html_author
    if cleaned.machine_translated:
        metadata["machine_translated"] = True
    if cleaned.dateline_line is not None and published.method is DateMethod.DATELINE:
        metadata["dateline_line"] = cleaned.dateline_line
    if manifest_row and "_line" in manifest_row:
        metadata["manifest_line"] = int(manifest_row["_line"])
    if raw.line is not None:
        metadata["record_line"] = raw.line
    if raw.extra:
        metadata["extra"] = raw.extra
    source = raw.source if raw.line is None else f"{raw.source}:{raw.line}"
    return Document(
        id=document_id(cleaned.body),
        body=cleaned.body,
        title=title or cleaned.title,
        url=pick("url"),
        outlet=pick("outlet"),
        language=pick("language"),
        published=published,
        source_path=source,
        removed=removed,
        metadata=metadata,
    )
