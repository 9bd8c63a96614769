"""Batched, read-only queries for analyses over many entities at once (used by powermap).

`Repository` reads one entity at a time; answering "the circle of a leader" that way costs one
round trip per member. These functions read the same rows for a whole set of ids in one query
(chunked), using the statements' (subject|object, predicate, valid_from) indexes, and return the
same records as `Repository` (statements without `outlet`: read it from `document_infos`).
Document look-ups skip the body. Date-range reads use
`valid_from` directly (indexable) and fall back to the article date only where `valid_from` is
empty. Nothing here writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Text, distinct, func, select, type_coerce

from innercircle.records import StoredEntity, StoredStatement
from innercircle.store import schema
from innercircle.store.repository import Repository, _entity_from_row

CHUNK = 500


def _columns() -> list[Any]:
    """The statement columns, with qualifiers and recorded_at read raw (parsed in
    `_fast_statement`, which is several times quicker than the generic type processors)."""
    s = schema.statements
    raw = {
        "qualifiers": type_coerce(s.c.qualifiers, Text),
        "recorded_at": type_coerce(s.c.recorded_at, Text),
    }
    return [raw.get(c.name, c).label(c.name) for c in s.columns]


def _fast_statement(row: Row[Any]) -> StoredStatement:
    qualifiers: Any = row.qualifiers
    if isinstance(qualifiers, str):
        qualifiers = json.loads(qualifiers) if qualifiers not in ("{}", "null", "") else {}
    recorded: Any = row.recorded_at
    if isinstance(recorded, str):
        recorded = datetime.fromisoformat(recorded)
    return StoredStatement(
        id=row.id,
        subject_id=row.subject_id,
        predicate=row.predicate,
        object_id=row.object_id,
        value=row.value,
        role=row.role,
        qualifiers=dict(qualifiers or {}),
        valid_from=row.valid_from,
        valid_from_method=row.valid_from_method,
        valid_to=row.valid_to,
        valid_to_method=row.valid_to_method,
        date_text=row.date_text,
        reported_at=row.reported_at,
        reported_method=row.reported_method,
        recorded_at=recorded,
        doc_id=row.doc_id,
        evidence_start=row.ev_start,
        evidence_end=row.ev_end,
        evidence_text=row.ev_text,
        zone=row.zone,
        attribution=row.attribution,
        extractor=row.extractor,
        confidence=row.confidence,
        fingerprint=row.fingerprint,
        outlet=None,
    )


@dataclass(frozen=True)
class DocumentInfo:
    """A document's metadata without its body."""

    id: str
    outlet: str | None
    published: str | None
    title: str | None
    url: str | None
    duplicate_of: str | None
    revision_of: str | None


def _chunks(ids: Iterable[str]) -> list[list[str]]:
    unique = sorted(set(ids))
    return [unique[i : i + CHUNK] for i in range(0, len(unique), CHUNK)]


def statements_for(
    repo: Repository,
    entity_ids: Iterable[str],
    role: str,
    predicates: Iterable[str] | None = None,
) -> list[StoredStatement]:
    """Statements with any of `entity_ids` as `role` ("subject" or "object"); ids must be
    canonical (see `canonical_ids`)."""
    s = schema.statements
    column = {"subject": s.c.subject_id, "object": s.c.object_id}[role]
    preds = sorted(predicates) if predicates is not None else None
    found: list[StoredStatement] = []
    with repo.engine.connect() as conn:
        for chunk in _chunks(entity_ids):
            query = select(*_columns()).where(column.in_(chunk))
            if preds is not None:
                query = query.where(s.c.predicate.in_(preds))
            found.extend(_fast_statement(r) for r in conn.execute(query))
    found.sort(key=lambda st: (st.valid_from or st.reported_at or "", st.id))
    return found


def subject_counts(
    repo: Repository, object_ids: Iterable[str], predicates: Iterable[str]
) -> dict[str, int]:
    """object id → how many distinct subjects have a `predicates` statement about it (read
    from the (object, predicate) index, without loading the statements)."""
    s = schema.statements
    found: dict[str, int] = {}
    with repo.engine.connect() as conn:
        for chunk in _chunks(object_ids):
            query = (
                select(s.c.object_id, func.count(distinct(s.c.subject_id)))
                .where(s.c.object_id.in_(chunk), s.c.predicate.in_(sorted(predicates)))
                .group_by(s.c.object_id)
            )
            for object_id, count in conn.execute(query):
                found[str(object_id)] = int(count)
    return found


def statements_starting_between(
    repo: Repository,
    predicates: Iterable[str],
    start: str,
    end: str,
    undated_predicates: Iterable[str] | None = None,
) -> list[StoredStatement]:
    """Statements of `predicates` whose `valid_from` may fall in [start, end] (partial dates
    that overlap the range included), plus statements of `undated_predicates` (default: the
    same) without `valid_from` from documents published in the range.

    Both parts are index range reads: (predicate, valid_from), then documents by publication
    date and their statements by document id."""
    s, d = schema.statements, schema.documents
    low = start[:4]  # "2025" and "2025-06" sort before "2025-06-01"
    preds = sorted(predicates)
    undated = sorted(undated_predicates) if undated_predicates is not None else preds
    found: list[StoredStatement] = []
    with repo.engine.connect() as conn:
        dated = select(*_columns()).where(
            s.c.predicate.in_(preds), s.c.valid_from >= low, s.c.valid_from <= end
        )
        found.extend(_fast_statement(r) for r in conn.execute(dated))
        if undated:
            doc_ids = [
                str(r[0])
                for r in conn.execute(
                    select(d.c.id).where(d.c.published >= low, d.c.published <= end)
                )
            ]
            # `predicate || ''` keeps the planner on the doc_id index (the predicate index
            # would scan every undated statement of those predicates)
            for chunk in _chunks(doc_ids):
                query = select(*_columns()).where(
                    s.c.doc_id.in_(chunk),
                    s.c.valid_from.is_(None),
                    s.c.predicate.concat("").in_(undated),
                )
                found.extend(_fast_statement(r) for r in conn.execute(query))
    found.sort(key=lambda st: (st.valid_from or st.reported_at or "", st.id))
    return found


def canonical_ids(repo: Repository, entity_ids: Iterable[str]) -> dict[str, str]:
    """id → the id that currently stands for it (merge redirects followed)."""
    result: dict[str, str] = {}
    redirected: list[str] = []
    e = schema.entities
    with repo.engine.connect() as conn:
        for chunk in _chunks(entity_ids):
            for row in conn.execute(select(e.c.id, e.c.merged_into).where(e.c.id.in_(chunk))):
                if row.merged_into is None:
                    result[row.id] = row.id
                else:
                    redirected.append(row.id)
            for missing in set(chunk) - result.keys() - set(redirected):
                result[missing] = missing
    for old in redirected:
        result[old] = repo.canonical_id(old)
    return result


def entities_by_id(repo: Repository, entity_ids: Iterable[str]) -> dict[str, StoredEntity]:
    """The stored entities with these ids (as stored: merged ones keep `merged_into`)."""
    e, a = schema.entities, schema.aliases
    rows: list[Any] = []
    names: dict[str, list[str]] = {}
    with repo.engine.connect() as conn:
        for chunk in _chunks(entity_ids):
            rows.extend(conn.execute(select(e).where(e.c.id.in_(chunk))))
            for entity_id, alias in conn.execute(
                select(a.c.entity_id, a.c.alias).where(a.c.entity_id.in_(chunk))
            ):
                names.setdefault(str(entity_id), []).append(str(alias))
    return {r.id: _entity_from_row(r, names.get(r.id, [])) for r in rows}


def entity_names(repo: Repository, entity_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """id → (name, type) of these entities (no aliases; merged ids are left out)."""
    e = schema.entities
    found: dict[str, tuple[str, str]] = {}
    with repo.engine.connect() as conn:
        for chunk in _chunks(entity_ids):
            query = select(e.c.id, e.c.name, e.c.type).where(
                e.c.id.in_(chunk), e.c.merged_into.is_(None)
            )
            for row in conn.execute(query):
                found[row.id] = (row.name, row.type)
    return found


def document_infos(repo: Repository, doc_ids: Sequence[str]) -> dict[str, DocumentInfo]:
    """Metadata of these documents (no body)."""
    d = schema.documents
    found: dict[str, DocumentInfo] = {}
    columns = (
        d.c.id,
        d.c.outlet,
        d.c.published,
        d.c.title,
        d.c.url,
        d.c.duplicate_of,
        d.c.revision_of,
    )
    with repo.engine.connect() as conn:
        for chunk in _chunks(doc_ids):
            for row in conn.execute(select(*columns).where(d.c.id.in_(chunk))):
                found[row.id] = DocumentInfo(
                    row.id,
                    row.outlet,
                    row.published,
                    row.title,
                    row.url,
                    row.duplicate_of,
                    row.revision_of,
                )
    return found
