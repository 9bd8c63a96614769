"""Checks on uploaded files before anything parses them: name, size, declared type, real content.

Only text articles are accepted (txt, md, html, json, jsonl), each at most a configured size; the
declared content type must fit the extension and the bytes must really be text (no NUL bytes, no
binary signatures, valid UTF-8). This module does not parse articles (that is `corpus`).
"""

from __future__ import annotations

import posixpath
import re

from fastapi import UploadFile

from innercircle.web.errors import ApiError

ALLOWED_TYPES: dict[str, frozenset[str]] = {
    ".txt": frozenset({"text/plain"}),
    ".md": frozenset({"text/markdown", "text/x-markdown", "text/plain"}),
    ".markdown": frozenset({"text/markdown", "text/x-markdown", "text/plain"}),
    ".html": frozenset({"text/html", "application/xhtml+xml"}),
    ".htm": frozenset({"text/html", "application/xhtml+xml"}),
    ".json": frozenset({"application/json", "text/json", "text/plain"}),
    ".jsonl": frozenset(
        {"application/jsonl", "application/x-ndjson", "application/json", "text/plain"}
    ),
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
    """415 unless `data` is UTF-8 text (a BOM is fine) without binary signatures."""
    if data.startswith(BINARY_SIGNATURES):
        raise ApiError(415, f"{name}: this is a binary file, not a text article")
    if b"\x00" in data:
        raise ApiError(415, f"{name}: contains NUL bytes; only text articles are accepted")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(
            415, f"{name}: not valid UTF-8 text (byte {exc.start}); convert it to UTF-8 first"
        ) from exc


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
