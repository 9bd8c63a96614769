"""Collection sheets: `manifest.csv` (file,url,outlet,published,title,language) beside articles.

A manifest row fills what an article file does not say itself. Rows are matched by the path in
the `file` column (relative to the manifest's folder) or, failing that, by file name. A folder's
`manifest.csv` applies to the files in that folder; a manifest named on the command line applies
to every input it has a row for and wins over a folder's own sheet.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from innercircle.corpus.errors import ReadError

MANIFEST_NAME = "manifest.csv"
MANIFEST_FIELDS = ("url", "outlet", "published", "title", "language")


@dataclass
class Manifest:
    """The rows of one manifest, keyed by resolved path and by file name."""

    path: Path
    by_path: dict[str, dict[str, str]] = field(default_factory=dict)
    by_name: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        """Read a manifest; ReadError (with the line) if it has no `file` column or bad rows."""
        manifest = cls(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReadError("manifest is not valid UTF-8") from exc
        except OSError as exc:
            raise ReadError(f"cannot read manifest: {exc.strerror or exc}") from exc
        reader = csv.DictReader(text.splitlines())
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        if "file" not in columns:
            raise ReadError("manifest has no 'file' column", line=1)
        for number, row in enumerate(reader, start=2):
            clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
            name = clean.get("file", "")
            if not name:
                raise ReadError("manifest row has an empty 'file' cell", line=number)
            values = {k: clean[k] for k in MANIFEST_FIELDS if clean.get(k)}
            values["_line"] = str(number)
            target = (path.parent / name).resolve()
            manifest.by_path[str(target)] = values
            manifest.by_name.setdefault(Path(name).name, []).append(values)
        return manifest

    def lookup(self, article: Path) -> dict[str, str] | None:
        """The row for `article` (by path, else by a unique file name), or None."""
        row = self.by_path.get(str(article.resolve()))
        if row is not None:
            return row
        rows = self.by_name.get(article.name, [])
        return rows[0] if len(rows) == 1 else None


class ManifestFinder:
    """Finds the manifest rows for articles: an explicit manifest, then each folder's own."""

    def __init__(self, explicit: Manifest | None = None) -> None:
        self.explicit = explicit
        self._folders: dict[Path, Manifest | None] = {}
        self.errors: list[tuple[Path, ReadError]] = []

    def _folder_manifest(self, folder: Path) -> Manifest | None:
        folder = folder.resolve()
        if folder not in self._folders:
            candidate = folder / MANIFEST_NAME
            manifest: Manifest | None = None
            if candidate.is_file() and (
                self.explicit is None or candidate.resolve() != self.explicit.path.resolve()
            ):
                try:
                    manifest = Manifest.load(candidate)
                except ReadError as exc:
                    self.errors.append((candidate, exc))
            self._folders[folder] = manifest
        return self._folders[folder]

    def lookup(self, article: Path | None) -> dict[str, str]:
        """Merged manifest values for `article` (explicit sheet first); {} if none."""
        if article is None:
            return {}
        values: dict[str, str] = {}
        own = self._folder_manifest(article.parent)
        if own is not None:
            values.update(own.lookup(article) or {})
        if self.explicit is not None:
            values.update(self.explicit.lookup(article) or {})
        return values
