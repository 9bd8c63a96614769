"""Per-item ingest errors: which input (path, line) failed and why.

A bad file or JSONL line becomes an `ItemError`; the batch goes on. `ReadError` is raised inside
the readers and turned into an `ItemError` by whoever drives the batch.
"""

from __future__ import annotations

from dataclasses import dataclass


class ReadError(Exception):
    """An input that cannot become a document (message says why; `line` when known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class ItemError:
    """One failed input item."""

    source: str  # the path as given ("-" for stdin)
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "line": self.line, "message": self.message}
