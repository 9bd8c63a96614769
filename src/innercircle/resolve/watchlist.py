"""Read watchlists (CSV or FollowTheMoney entities) into stored entities with origin "watchlist".

CSV: a header with `name` (required), `aliases` (semicolon-separated), `type` (Person by default;
FollowTheMoney schema names or the store's types) and an optional `id`. FollowTheMoney: JSON lines
or a JSON array of entities with `schema` and `properties.name` / `alias` / `previousName`
(`weakAlias` is left out: weak aliases such as nicknames identify no one). Rows that cannot be
read are reported with their line and skipped. Matching mentions against these entities is
`StoreResolver`'s job (the same rules and explanations as for extracted entities).
"""

from __future__ import annotations

import csv
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from innercircle.records import EntityType, StoredEntity
from innercircle.resolve.store_resolver import slugify
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)

ORIGIN = "watchlist"

SCHEMA_TYPES = {
    "person": EntityType.PERSON,
    "organization": EntityType.ORGANIZATION,
    "organisation": EntityType.ORGANIZATION,
    "company": EntityType.ORGANIZATION,
    "legalentity": EntityType.ORGANIZATION,
    "publicbody": EntityType.ORGANIZATION,
    "vessel": EntityType.ORGANIZATION,
    "group": EntityType.GROUP,
    "country": EntityType.COUNTRY,
    "position": EntityType.POSITION,
}
NAME_PROPERTIES = ("name", "alias", "previousName")


@dataclass
class WatchlistResult:
    """What an import did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def entity_type(text: str | None) -> EntityType | None:
    """The store type of a schema or type name (None when unknown)."""
    if not text:
        return EntityType.PERSON
    return SCHEMA_TYPES.get(text.strip().replace(" ", "").lower())


def read_watchlist(path: Path) -> tuple[list[StoredEntity], list[str]]:
    """Entities of a watchlist file and error lines ("FILE:LINE: what")."""
    text = path.read_text(encoding="utf-8-sig")
    stripped = text.lstrip()
    if path.suffix.lower() in {".json", ".jsonl", ".ftm", ".ndjson"} or stripped.startswith(
        ("{", "[")
    ):
        return _read_ftm(path, stripped)
    return _read_csv(path, text)


def _entity(path: Path, source_id: str | None, kind: EntityType, names: list[str]) -> StoredEntity:
    unique = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    entity_id = source_id.strip() if source_id and source_id.strip() else f"wl-{slugify(unique[0])}"
    properties: dict[str, Any] = {"watchlist": path.name}
    if source_id:
        properties["source_id"] = source_id
    return StoredEntity(
        entity_id, kind, unique[0], tuple(unique[1:]), origin=ORIGIN, properties=properties
    )


def _read_csv(path: Path, text: str) -> tuple[list[StoredEntity], list[str]]:
    reader = csv.DictReader(text.splitlines())
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    if "name" not in fields:
        return [], [f"{path}:1: no 'name' column (columns: {', '.join(fields) or 'none'})"]
    found: list[StoredEntity] = []
    errors: list[str] = []
    for line, row in enumerate(reader, start=2):

        def get(column: str, row: dict[str, str] = row) -> str:
            key = fields.get(column)
            return (row.get(key) or "").strip() if key else ""

        name = get("name")
        if not name:
            errors.append(f"{path}:{line}: empty name")
            continue
        kind = entity_type(get("type"))
        if kind is None:
            errors.append(f"{path}:{line}: unknown type {get('type')!r}")
            continue
        aliases = [a for a in get("aliases").split(";") if a.strip()]
        found.append(_entity(path, get("id") or None, kind, [name, *aliases]))
    return found, errors


def _read_ftm(path: Path, text: str) -> tuple[list[StoredEntity], list[str]]:
    items: list[tuple[int, Any]] = []
    errors: list[str] = []
    if text.startswith("["):
        try:
            items = [(i + 1, item) for i, item in enumerate(json.loads(text))]
        except json.JSONDecodeError as exc:
            return [], [f"{path}:{exc.lineno}: invalid JSON: {exc.msg}"]
    else:
        for line, raw in enumerate(text.splitlines(), start=1):
            if raw.strip():
                try:
                    items.append((line, json.loads(raw)))
                except json.JSONDecodeError as exc:
                    errors.append(f"{path}:{line}: invalid JSON: {exc.msg}")
    found: list[StoredEntity] = []
    for line, item in items:
        if not isinstance(item, dict):
            errors.append(f"{path}:{line}: not an entity object")
            continue
        kind = entity_type(str(item.get("schema") or ""))
        if kind is None:
            errors.append(f"{path}:{line}: unsupported schema {item.get('schema')!r}")
            continue
        properties = item.get("properties") or {}
        names: list[str] = []
        for prop in NAME_PROPERTIES:
            value = properties.get(prop) or []
            names.extend([value] if isinstance(value, str) else [str(v) for v in value])
        if not names:
            errors.append(f"{path}:{line}: entity without properties.name")
            continue
        source_id = item.get("id")
        found.append(_entity(path, str(source_id) if source_id else None, kind, names))
    return found, errors


def import_watchlist(repo: Repository, path: Path) -> WatchlistResult:
    """Store the entities of a watchlist file; an existing id gets the new aliases."""
    entities, errors = read_watchlist(path)
    result = WatchlistResult(errors=errors)
    for entity in entities:
        existing = repo.get_entity(entity.id, follow=False)
        if existing is not None and existing.type != entity.type:
            result.errors.append(
                f"{path}: id {entity.id} is already a {existing.type.value}, "
                f"not {entity.type.value}"
            )
            continue
        repo.add_entity(entity)
        (result.updated if existing is not None else result.created).append(entity.id)
    log.info("watchlist %s: %d created, %d updated", path, len(result.created), len(result.updated))
    return result
