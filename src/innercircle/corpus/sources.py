"""Expand the PATH arguments of an ingest into the list of inputs to read.

A path may be a file, a folder (walked recursively, hidden entries skipped, only readable
suffixes kept), a glob pattern (`articles/**/*.html`) or `-` for standard input. Paths that do
not exist or name an unreadable file type become per-item errors. Reading is `readers.py`.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from innercircle.corpus.errors import ItemError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

STDIN = "-"


@dataclass(frozen=True)
class InputRef:
    """One input to read: a file path, or standard input when `path` is None."""

    source: str  # as shown to the user
    path: Path | None


def _is_hidden(path: Path, root: Path) -> bool:
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
    return any(part.startswith(".") for part in parts)


def _walk(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES and not _is_hidden(p, folder)
    )


def expand_paths(paths: Iterable[str]) -> tuple[list[InputRef], list[ItemError]]:
    """The inputs named by `paths`, in order and without repeats, and the errors found."""
    refs: list[InputRef] = []
    errors: list[ItemError] = []
    seen: set[str] = set()

    def add(ref: InputRef) -> None:
        key = str(ref.path.resolve()) if ref.path is not None else STDIN
        if key not in seen:
            seen.add(key)
            refs.append(ref)

    for raw in paths:
        if raw == STDIN:
            add(InputRef(STDIN, None))
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            for found in _walk(path):
                add(InputRef(str(found), found))
        elif path.is_file():
            if path.suffix.lower() not in READABLE_SUFFIXES:
                errors.append(
                    ItemError(
                        raw,
                        f"unsupported file type {path.suffix or '(none)'!r}; readable: "
                        + ", ".join(sorted(READABLE_SUFFIXES)),
                    )
                )
            else:
                add(InputRef(raw, path))
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(str(path), recursive=True))
            files: list[Path] = []
            for match in matches:
                candidate = Path(match)
                if candidate.is_dir():
                    files.extend(_walk(candidate))
                elif candidate.suffix.lower() in READABLE_SUFFIXES:
                    files.append(candidate)
            if not files:
                errors.append(ItemError(raw, "no readable files match this pattern"))
            for found in files:
                add(InputRef(str(found), found))
        else:
            errors.append(ItemError(raw, "no such file or folder"))
    return refs, errors
