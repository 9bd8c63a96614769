"""Read input files into raw articles: bytes → text → (front matter | JSONL record | HTML).

Handles the failure cases of real collections: oversized, empty and binary files, text that is
not UTF-8 (the encoding is detected with charset-normalizer, or the file fails with a clear
message), malformed YAML front matter and malformed JSONL lines (each line fails on its own).
It does not clean text, parse HTML (see `html.py`) or look at manifests.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import charset_normalizer
import yaml

from innercircle.corpus.errors import ItemError, ReadError
from innercircle.corpus.sources import HTML_SUFFIXES, JSONL_SUFFIXES, InputRef

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Inputs (a file, or one JSONL line) larger than this fail with an error."""

METADATA_FIELDS = ("title", "url", "outlet", "published", "language")
_FIELD_ALIASES = {
    "date": "published",
    "published_at": "published",
    "publication_date": "published",
    "pubdate": "published",
    "source": "outlet",
    "site": "outlet",
    "sitename": "outlet",
    "publisher": "outlet",
    "lang": "language",
    "link": "url",
    "headline": "title",
}
_TEXT_FIELDS = ("text", "body", "content")
_MAX_CHAOS = 0.25  # charset-normalizer "mess" ratio above which a guess is refused
_CLOSE_CHAOS = 0.05
_PREFERRED_ENCODINGS = ("cp1252", "latin_1", "iso8859_15", "cp1256", "cp1251", "cp1250")


@dataclass
class RawArticle:
    """One article as read, before cleaning: text or HTML plus the metadata it carried."""

    source: str  # the path as given, "-" for stdin
    path: Path | None
    text: str | None = None
    html: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)  # title, url, outlet, published, language
    extra: dict[str, Any] = field(default_factory=dict)  # other front-matter / record fields
    line: int | None = None  # JSONL line number
    first_line: int = 1  # input line number of the text's first line (after front matter)
    encoding: str = "utf-8"
    format: str = "text"  # text | html | jsonl


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (UTF-16/32 with a BOM excepted)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.1


def _detect(data: bytes) -> Any:
    """charset-normalizer's best guess, preferring a common legacy encoding when it is about as
    good (short texts otherwise often come out as an exotic code page)."""
    results = [m for m in charset_normalizer.from_bytes(data) if m.encoding]
    if not results:
        return None
    best = results[0]
    close = [m for m in results if m.chaos <= best.chaos + _CLOSE_CHAOS]
    for name in _PREFERRED_ENCODINGS:
        for match in close:
            if match.encoding == name:
                return match
    return best


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode `data` as UTF-8 (with or without BOM) or a detected encoding; (text, encoding)."""
    if looks_binary(data):
        raise ReadError("binary file, not text (is it a PDF, image or archive?)")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    best = _detect(data)
    if best is None or best.chaos > _MAX_CHAOS:
        line = data[:first_bad].count(b"\n") + 1
        raise ReadError(
            f"not valid UTF-8 (first bad byte at line {line}) and the encoding could not be "
            "detected reliably; convert the file to UTF-8",
            line=line,
        )
    log.info("decoded as %s (not UTF-8)", best.encoding)
    return str(best), str(best.encoding)


def _plain(value: Any) -> Any:
    """A metadata value made JSON-safe (YAML dates become ISO strings)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def split_metadata(record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(known metadata fields, everything else) from a front-matter mapping or JSONL record."""
    meta: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in record.items():
        name = str(key).strip().lower()
        name = _FIELD_ALIASES.get(name, name)
        if name in METADATA_FIELDS:
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if name != "published" and not isinstance(value, str | int | float):
                raise ReadError(f"field {name!r} must be a string, not {type(value).__name__}")
            meta.setdefault(name, value if name == "published" else str(value).strip())
        elif name not in _TEXT_FIELDS and name != "html":
            extra[name] = _plain(value)
    return meta, extra


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """(front-matter mapping, the text after it, line number where that text starts)."""
    if not text.startswith("---"):
        return {}, text, 1
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text, 1
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            block = "\n".join(lines[1:end])
            try:
                data = yaml.safe_load(block) if block.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1
                raise ReadError(f"invalid YAML front matter: {exc}", line=line) from exc
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise ReadError("front matter must be a YAML mapping (key: value lines)", line=2)
            return data, "\n".join(lines[end + 1 :]), end + 2
    raise ReadError("front matter opened with '---' is never closed", line=1)


def _text_article(ref: InputRef, text: str, encoding: str) -> RawArticle:
    front, rest, first = split_front_matter(text)
    meta, extra = split_metadata(front)
    return RawArticle(
        ref.source, ref.path, text=rest, meta=meta, extra=extra, first_line=first, encoding=encoding
    )


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and ("<body" in head or "<p" in head or "<article" in head)
    )


def _jsonl_records(
    ref: InputRef, stream: BinaryIO, max_bytes: int
) -> Iterator[RawArticle | ItemError]:
    for number, raw_line in enumerate(stream, start=1):
        if len(raw_line) > max_bytes:
            yield ItemError(
                ref.source,
                f"line is {_size(len(raw_line))}, over the {_size(max_bytes)} limit",
                number,
            )
            continue
        if not raw_line.strip():
            continue
        try:
            line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield ItemError(ref.source, "line is not valid UTF-8 (JSONL must be UTF-8)", number)
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ItemError(ref.source, f"invalid JSON: {exc.msg} (column {exc.colno})", number)
            continue
        if not isinstance(record, dict):
            yield ItemError(ref.source, "a JSONL line must be an object {...}", number)
            continue
        text = next((record[k] for k in _TEXT_FIELDS if record.get(k)), None)
        html = record.get("html")
        if text is None and not html:
            yield ItemError(ref.source, "record has no 'text' (or 'html') field", number)
            continue
        if (text is not None and not isinstance(text, str)) or (
            html is not None and not isinstance(html, str)
        ):
            yield ItemError(ref.source, "'text'/'html' must be strings", number)
            continue
        try:
            meta, extra = split_metadata(record)
        except ReadError as exc:
            yield ItemError(ref.source, exc.message, number)
            continue
        yield RawArticle(
            ref.source,
            ref.path,
            text=text,
            html=None if text is not None else html,
            meta=meta,
            extra=extra,
            line=number,
            format="jsonl",
        )


def read_input(
    ref: InputRef, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[RawArticle | ItemError]:
    """The articles in one input (a JSONL file may hold many), or errors for the bad parts."""
    suffix = ref.path.suffix.lower() if ref.path is not None else ""
    try:
        if ref.path is not None:
            size = ref.path.stat().st_size
            if size > max_bytes:
                raise ReadError(f"file is {_size(size)}, over the {_size(max_bytes)} limit")
            if suffix in JSONL_SUFFIXES:
                with ref.path.open("rb") as stream:
                    yield from _jsonl_records(ref, stream, max_bytes)
                return
            data = ref.path.read_bytes()
        else:
            if stdin is None:
                raise ReadError("no standard input available")
            data = stdin.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise ReadError(f"standard input is over the {_size(max_bytes)} limit")
        if not data.strip():
            raise ReadError("empty file")
        if ref.path is None and data.lstrip().startswith(b"{"):
            yield from _jsonl_records(ref, io.BytesIO(data), max_bytes)
            return
        text, encoding = decode_bytes(data)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise ReadError("empty file")
        if suffix in HTML_SUFFIXES or (ref.path is None and _looks_like_html(text)):
            yield RawArticle(ref.source, ref.path, html=text, encoding=encoding, format="html")
        else:
            yield _text_article(ref, text, encoding)
    except ReadError as exc:
        yield ItemError(ref.source, exc.message, exc.line)
    except OSError as exc:
        yield ItemError(ref.source, f"cannot read: {exc.strerror or exc}")
