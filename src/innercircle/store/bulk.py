"""Batched, read-only queries for analyses over many entities at once (used by powermap).

`Repository` reads one entity at a time; answering "the circle of a leader" that way costs one
round trip per member. These functions read the same rows for a whole set of ids in one query
(chunked), using the statements' (subject|object, predicate, valid_from) indexes, and return the
same records as `Repository`. Document look-ups skip the body. Date-range reads use
`valid_from` directly (indexable) and fall back to the article date only where `valid_from` is
empty. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select

from innercircle.records import StoredEntity, StoredStatement
from innercircle.store import schema
from innercircle.store.repository import Repository, _entity_from_row, _statement_from_row

CHUNK = 500


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
            query = (
                select(s, schema.documents.c.outlet)
                .outerjoin(schema.documents, schema.documents.c.id == s.c.doc_id)
                .where(column.in_(chunk))
            )
            if preds is not None:
                query = query.where(s.c.predicate.in_(preds))
            found.extend(_statement_from_row(r) for r in conn.execute(query))
    found.sort(key=lambda st: (st.valid_from or st.reported_at or "", st.id))
    return found


def statements_starting_between(
    repo: Repository, predicates: Iterable[str], start: str, end: str
) -> list[StoredStatement]:
    """Statements of `predicates` whose date (valid_from, else the article date) may fall in
    [start, end]. Partial dates ("2025-06") are included when they overlap the range."""
    s = schema.statements
    low = start[:4]  # "2025" and "2025-06" sort before "2025-06-01"
    query = (
        select(s, schema.documents.c.outlet)
        .outerjoin(schema.documents, schema.documents.c.id == s.c.doc_id)
        .where(
            s.c.predicate.in_(sorted(predicates)),
            or_(
                and_(s.c.valid_from >= low, s.c.valid_from <= end),
                and_(s.c.valid_from.is_(None), s.c.reported_at >= low, s.c.reported_at <= end),
            ),
        )
    )
    with repo.engine.connect() as conn:
        found = [_statement_from_row(r) for r in conn.execute(query)]
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
