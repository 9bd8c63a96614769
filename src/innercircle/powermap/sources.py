"""The sources file: outlets with an Admiralty reliability grade (A–F) and affiliation.

`read_sources_file(path)` reads YAML (a list of mappings, or {"sources": [...]}) or CSV (header
outlet,grade,affiliation,notes) and returns the valid rows plus one error message per bad row
naming the file, line and field; `import_sources(repo, path)` stores the valid rows in the
store's sources table. Grades are then applied to every statement by `evidence.grade_for`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from innercircle.powermap.evidence import GRADES
from innercircle.records import Source
from innercircle.store.repository import Repository

FIELDS = ("outlet", "grade", "affiliation", "notes")


@dataclass
class SourcesImport:
    """What a sources file held: valid rows and messages for the rows that were not."""

    sources: list[Source] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _row(path: Path, line: int, data: Any) -> tuple[Source | None, str | None]:
    where = f"{path}:{line}"
    if not isinstance(data, dict):
        return None, f"{where}: expected a mapping with outlet and grade, got {data!r}"
    unknown = sorted(set(map(str, data)) - set(FIELDS))
    if unknown:
        return (
            None,
            f"{where}: unknown field(s) {', '.join(unknown)} (allowed: {', '.join(FIELDS)})",
        )
    outlet = str(data.get("outlet") or "").strip()
    if not outlet:
        return None, f"{where}: field outlet is empty"
    raw_grade = data.get("grade")
    grade = str(raw_grade).strip().upper() if raw_grade not in (None, "") else None
    if grade is not None and grade not in GRADES:
        return None, f"{where}: field grade {raw_grade!r} is not an Admiralty grade (A–F)"

    def text(name: str) -> str | None:
        value = data.get(name)
        return str(value).strip() or None if value is not None else None

    return Source(outlet, grade, text("affiliation"), text("notes")), None


def read_sources_file(path: Path) -> SourcesImport:
    """Parse a YAML or CSV sources file (see the module docstring)."""
    result = SourcesImport()
    text = path.read_text(encoding="utf-8")
    rows: list[tuple[int, Any]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        missing = [f for f in ("outlet", "grade") if f not in (reader.fieldnames or [])]
        if missing:
            result.errors.append(f"{path}:1: header lacks {', '.join(missing)}")
            return result
        for number, row in enumerate(reader, start=2):
            rows.append((number, {k: v for k, v in row.items() if k is not None and v != ""}))
    else:
        try:
            node = yaml.compose(text)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            result.errors.append(f"{path}: not valid YAML: {exc}")
            return result
        items_node = node
        if isinstance(data, dict) and "sources" in data:
            data = data["sources"]
            if isinstance(node, yaml.MappingNode):
                items_node = next(v for k, v in node.value if k.value == "sources")
        if not isinstance(data, list):
            result.errors.append(f"{path}: expected a list of sources")
            return result
        lines = (
            [item.start_mark.line + 1 for item in items_node.value]
            if isinstance(items_node, yaml.SequenceNode)
            else [0] * len(data)
        )
        rows = list(zip(lines, data, strict=False))
    seen: set[str] = set()
    for line, data in rows:
        source, error = _row(path, line, data)
        if error is not None:
            result.errors.append(error)
            continue
        assert source is not None
        if source.outlet.casefold() in seen:
            result.errors.append(f"{path}:{line}: outlet {source.outlet!r} is listed twice")
            continue
        seen.add(source.outlet.casefold())
        result.sources.append(source)
    return result


def import_sources(repo: Repository, path: Path) -> SourcesImport:
    """Store every valid row of the file (replacing earlier grades); report the bad ones."""
    result = read_sources_file(path)
    for source in result.sources:
        repo.upsert_source(source)
    return result
