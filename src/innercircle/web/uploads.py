"""Checks on uploaded files before anything parses them: name, size, declared type, real content.

Only text articles are accepted (txt, md, html, jsonl: what the corpus readers read), each at
most a configured size; the declared content type must fit the extension and the bytes must
really be text (no NUL bytes, no binary signatures). This module does not parse articles or
detect encodings (that is `corpus`).
"""

from __future__ import annotations

import posixpath
import re

from fastapi import UploadFile

from innercircle.web.errors import ApiError

_TEXT = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
_HTML = frozenset({"text/html", "application/xhtml+xml"})
_JSONL = frozenset({"application/jsonl", "application/x-ndjson", "application/json", "text/plain"})
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    ".txt": _TEXT,
    ".text": _TEXT,
    ".md": _TEXT,
    ".markdown": _TEXT,
    ".html": _HTML,
    ".htm": _HTML,
    ".xhtml": _HTML,
    ".jsonl": _JSONL,
    ".ndjson": _JSONL,
}
"""Extensions accepted and the content types a client may declare for each."""

UNKNOWN_TYPES = frozenset({"", "application/octet-stream"})
"""Types browsers send when they do not know a file's type; the content check still applies."""

BINARY_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"MZ",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",
)

_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)
CHUNK = 64 * 1024


def clean_filename(raw: str | None) -> str:
    """The base name of an uploaded file without directories or odd characters."""
    name = posixpath.basename((raw or "").replace("\\", "/")).strip()
    name = _SAFE_NAME.sub("_", name)[:200].lstrip(".")
    if not name:
        raise ApiError(422, "an uploaded file has no name")
    return name


def check_type(name: str, content_type: str | None) -> None:
    """415 unless the extension is accepted and the declared type fits it."""
    ext = posixpath.splitext(name)[1].lower()
    allowed = ALLOWED_TYPES.get(ext)
    if allowed is None:
        raise ApiError(
            415,
            f"{name}: unsupported file type {ext or '(none)'}; accepted: "
            + ", ".join(sorted(ALLOWED_TYPES)),
        )
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared not in allowed and declared not in UNKNOWN_TYPES:
        raise ApiError(415, f"{name}: content type {declared!r} does not fit a {ext} file")


def check_text(name: str, data: bytes) -> None:
    """415 unless `data` looks like text: no binary signature, and UTF-8, UTF-16 with a byte
    order mark, or a legacy 8-bit encoding without NUL bytes (the corpus readers detect it)."""
    if data.startswith(BINARY_SIGNATURES):
        raise ApiError(415, f"{name}: this is a binary file, not a text article")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    try:
        data.decode("utf-8")
        return
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ApiError(415, f"{name}: contains NUL bytes; only text articles are accepted")


async def read_upload(upload: UploadFile, max_bytes: int) -> tuple[str, bytes]:
    """(clean name, bytes) of an uploaded file after the name, size, type and content checks."""
    name = clean_filename(upload.filename)
    check_type(name, upload.content_type)
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await upload.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise ApiError(413, f"{name}: larger than the {max_bytes:,}-byte limit per file")
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.strip():
        raise ApiError(422, f"{name}: the file is empty")
    check_text(name, data)
    return name, data
