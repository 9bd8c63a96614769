"""The repository API every stage uses to read and write the store (SQLite or PostgreSQL).

Writes are transactional: `save_document` stores a document, its new entities and its extraction
in one transaction, so an interrupted ingest leaves the store as it was before that document.
This module knows tables and rows; it holds no extraction, resolution or analysis logic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Text,
    and_,
    create_engine,
    delete,
    distinct,
    event,
    func,
    insert,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import make_url

from innercircle.records import (
    DateMethod,
    DateValue,
    Document,
    EntityType,
    Extraction,
    Judgement,
    RemovedBlock,
    Source,
    Statement,
    StoredEntity,
    StoredQuote,
    StoredStatement,
)
from innercircle.store import schema
from innercircle.store.migrate import upgrade
from innercircle.store.url import database_url

ANALYST_EXTRACTOR = "analyst"
"""Statements with this extractor are analyst-made and survive re-extraction."""

CHUNK = 500
"""Ids per `IN (...)` list of the batched reads."""

_K = TypeVar("_K", str, int)


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


def now() -> datetime:
    """The current time in UTC (the store's `recorded_at` clock)."""
    return datetime.now(UTC)


def alias_key(alias: str) -> str:
    """A cheap normalised key for alias look-up (case- and space-folded)."""
    return " ".join(alias.casefold().split())[:300]


def statement_fingerprint(doc_id: str | None, stmt: Statement, subject: str, obj: str) -> str:
    """A key that stays the same when the same fact is re-extracted from the same sentence."""
    parts = [
        doc_id or "",
        stmt.predicate,
        str(stmt.evidence.start),
        str(stmt.evidence.end),
        subject,
        obj,
        stmt.role or "",
        stmt.value or "",
        stmt.valid_from.value or "",
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB page cache per connection
    cursor.execute("PRAGMA mmap_size=268435456")  # read large stores through the OS page cache
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for `url` (a path or URL), with SQLite foreign keys and WAL switched on."""
    url = database_url(url)
    engine = create_engine(url, future=True)
    if make_url(url).get_backend_name() == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_pragmas)
    return engine


class Repository:
    """Typed access to the store. Open with `Repository.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> Repository:
        """Connect to `url` (path, URL or None for the default) and apply migrations."""
        engine = create_store_engine(database_url(url))
        if migrate:
            with engine.begin() as conn:
                upgrade(conn)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ documents

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.id == doc_id)
            ).first()
        return found is not None

    def add_document(self, doc: Document) -> bool:
        """Store `doc`; False (and nothing written) if a document with its id exists."""
        return self.save_document(doc)

    def save_document(
        self,
        doc: Document,
        extraction: Extraction | None = None,
        entity_ids: dict[str, str] | None = None,
        new_entities: Sequence[StoredEntity] = (),
    ) -> bool:
        """Store a document with its new entities and extraction in one transaction.

        Returns False without writing when the document is already stored (same content
        hash). `entity_ids` maps the extraction's document-local keys to store-wide ids.
        """
        with self.engine.begin() as conn:
            exists = conn.execute(
                select(schema.documents.c.id).where(schema.documents.c.id == doc.id)
            ).first()
            if exists is not None:
                return False
            conn.execute(insert(schema.documents).values(**_document_row(doc)))
            for entity in new_entities:
                self._insert_entity(conn, entity)
            if extraction is not None:
                self._write_extraction(conn, doc, extraction, entity_ids or {})
        return True

    def replace_extraction(
        self,
        doc_id: str,
        extraction: Extraction,
        entity_ids: dict[str, str],
        new_entities: Sequence[StoredEntity] = (),
    ) -> None:
        """Replace a stored document's machine extraction (analyst statements are kept)."""
        with self.engine.begin() as conn:
            doc = self._get_document(conn, doc_id)
            if doc is None:
                raise KeyError(f"no document {doc_id!r} in the store")
            for entity in new_entities:
                self._insert_entity(conn, entity)
            conn.execute(delete(schema.mentions).where(schema.mentions.c.doc_id == doc_id))
            conn.execute(delete(schema.quotes).where(schema.quotes.c.doc_id == doc_id))
            conn.execute(
                delete(schema.statements).where(
                    schema.statements.c.doc_id == doc_id,
                    schema.statements.c.extractor != ANALYST_EXTRACTOR,
                )
            )
            self._write_extraction(conn, doc, extraction, entity_ids)

    def get_document(self, doc_id: str) -> Document | None:
        with self.engine.connect() as conn:
            return self._get_document(conn, doc_id)

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """All documents (or those with `ids`), oldest ingest first."""
        query = select(schema.documents).order_by(schema.documents.c.ingested_at)
        if ids is not None:
            query = query.where(schema.documents.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                yield _document_from_row(row)

    def document_count(self) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
            )

    def latest_published(self) -> str | None:
        """The newest publication date (ISO, as stored) among the documents, or None."""
        with self.engine.connect() as conn:
            value = conn.execute(select(func.max(schema.documents.c.published))).scalar_one()
        return str(value) if value is not None else None

    def latest_document_for_url(self, url: str) -> Document | None:
        """The most recently ingested document with this URL (for revision linking)."""
        query = (
            select(schema.documents)
            .where(schema.documents.c.url == url)
            .order_by(schema.documents.c.ingested_at.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return _document_from_row(row) if row is not None else None

    def set_duplicate(self, doc_id: str, duplicate_of: str | None, score: float | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.documents)
                .where(schema.documents.c.id == doc_id)
                .values(duplicate_of=duplicate_of, duplicate_score=score)
            )

    # ------------------------------------------------------------------ entities

    def add_entity(self, entity: StoredEntity) -> None:
        """Insert an entity (or add the new aliases of an existing one)."""
        with self.engine.begin() as conn:
            self._insert_entity(conn, entity)

    def add_aliases(self, entity_id: str, names: Iterable[str]) -> None:
        with self.engine.begin() as conn:
            self._insert_aliases(conn, entity_id, names)

    def canonical_id(self, entity_id: str) -> str:
        """Follow merge redirects to the id that currently stands for `entity_id`."""
        with self.engine.connect() as conn:
            return self._canonical_id(conn, entity_id)

    def get_entity(self, entity_id: str, follow: bool = True) -> StoredEntity | None:
        """The entity with this id (following merge redirects unless `follow` is False)."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(schema.entities).where(schema.entities.c.id == entity_id)
            ).first()
            if follow and row is not None and row.merged_into is not None:
                entity_id = self._canonical_id(conn, entity_id)
                row = conn.execute(
                    select(schema.entities).where(schema.entities.c.id == entity_id)
                ).first()
            if row is None:
                return None
            names = self._aliases_of(conn, [entity_id]).get(entity_id, [])
        return _entity_from_row(row, names)

    def entities(
        self, type: EntityType | None = None, include_merged: bool = False
    ) -> list[StoredEntity]:
        """Entities with their aliases; merged-away ids only with `include_merged`."""
        query = select(schema.entities).order_by(schema.entities.c.id)
        if type is not None:
            query = query.where(schema.entities.c.type == type.value)
        if not include_merged:
            query = query.where(schema.entities.c.merged_into.is_(None))
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
            names = self._aliases_of(conn, [r.id for r in rows])
        return [_entity_from_row(r, names.get(r.id, [])) for r in rows]

    def find_entities(self, text: str, limit: int = 20) -> list[StoredEntity]:
        """Entities whose id, name or an alias contains `text` (case-insensitive)."""
        pattern = f"%{alias_key(text)}%"
        with self.engine.connect() as conn:
            ids = {
                str(r[0])
                for r in conn.execute(
                    select(schema.aliases.c.entity_id)
                    .where(schema.aliases.c.key.like(pattern))
                    .limit(limit * 5)
                )
            }
            ids |= {
                str(r[0])
                for r in conn.execute(
                    select(schema.entities.c.id)
                    .where(
                        or_(
                            schema.entities.c.id.like(pattern),
                            func.lower(schema.entities.c.name).like(pattern),
                        )
                    )
                    .limit(limit * 5)
                )
            }
            canonical = sorted({self._canonical_id(conn, i) for i in ids})[:limit]
        found = [self.get_entity(i, follow=False) for i in canonical]
        return [e for e in found if e is not None]

    def entities_named(self, names: Iterable[str]) -> dict[str, set[str]]:
        """Canonical ids of the entities with exactly this name or alias (case- and
        space-folded), per asked name; names nobody has are left out."""
        by_key: dict[str, list[str]] = {}
        for name in names:
            by_key.setdefault(alias_key(name), []).append(name)
        found: dict[str, set[str]] = {}
        if not by_key:
            return found
        query = select(schema.aliases.c.key, schema.aliases.c.entity_id).where(
            schema.aliases.c.key.in_(list(by_key))
        )
        with self.engine.connect() as conn:
            for key, entity_id in conn.execute(query):
                canonical = self._canonical_id(conn, str(entity_id))
                for name in by_key[str(key)]:
                    found.setdefault(name, set()).add(canonical)
        return found

    def merge_entities(self, keep: str, drop: str) -> None:
        """Merge `drop` into `keep`: rows are repointed, `drop` stays as a redirect."""
        with self.engine.begin() as conn:
            keep = self._canonical_id(conn, keep)
            drop = self._canonical_id(conn, drop)
            if keep == drop:
                return
            for table, column in (
                (schema.statements, schema.statements.c.subject_id),
                (schema.statements, schema.statements.c.object_id),
                (schema.mentions, schema.mentions.c.entity_id),
                (schema.quotes, schema.quotes.c.speaker_id),
            ):
                conn.execute(update(table).where(column == drop).values({column.name: keep}))
            names = self._aliases_of(conn, [drop]).get(drop, [])
            self._insert_aliases(conn, keep, names)
            conn.execute(
                update(schema.entities)
                .where(or_(schema.entities.c.id == drop, schema.entities.c.merged_into == drop))
                .values(merged_into=keep)
            )

    # ------------------------------------------------------------------ statements & quotes

    def add_statement(
        self,
        stmt: Statement,
        subject_id: str,
        object_id: str | None = None,
        doc_id: str | None = None,
    ) -> int:
        """Store one statement with store-wide ids (e.g. an analyst's); returns its id."""
        with self.engine.begin() as conn:
            row = _statement_row(stmt, subject_id, object_id, doc_id, now())
            result = conn.execute(insert(schema.statements).values(**row))
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def statements(
        self,
        entity_id: str | None = None,
        *,
        role: str = "any",
        predicates: Iterable[str] | None = None,
        at: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
    ) -> list[StoredStatement]:
        """Statements filtered by entity, predicate and date.

        `role` is "subject", "object" or "any" (either side). `at` keeps statements true at that
        date (started on/before it — the article date stands in for a missing start — and not
        ended before it). `since`/`until` keep statements whose start lies in that range.
        """
        s = schema.statements
        query = select(*_statement_columns(), schema.documents.c.outlet).outerjoin(
            schema.documents, schema.documents.c.id == s.c.doc_id
        )
        conditions: list[Any] = []
        if entity_id is not None:
            with self.engine.connect() as conn:
                entity_id = self._canonical_id(conn, entity_id)
            if role == "subject":
                conditions.append(s.c.subject_id == entity_id)
            elif role == "object":
                conditions.append(s.c.object_id == entity_id)
            else:
                conditions.append(or_(s.c.subject_id == entity_id, s.c.object_id == entity_id))
        if predicates is not None:
            conditions.append(s.c.predicate.in_(list(predicates)))
        if doc_id is not None:
            conditions.append(s.c.doc_id == doc_id)
        start = func.coalesce(s.c.valid_from, s.c.reported_at)
        if at is not None:
            conditions.append(or_(start.is_(None), start <= at))
            conditions.append(or_(s.c.valid_to.is_(None), s.c.valid_to >= at[:4]))
        if since is not None:
            conditions.append(start >= since)
        if until is not None:
            conditions.append(start <= until)
        if conditions:
            query = query.where(and_(*conditions))
        query = query.order_by(start, s.c.id)
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows: list[Row[Any]] = list(conn.execute(query))
        found = [_statement_from_row(r, r.outlet) for r in rows]
        if at is not None:  # partial end dates ("2025") compare on their own precision
            found = [
                st for st in found if st.valid_to is None or st.valid_to >= at[: len(st.valid_to)]
            ]
        return found

    def statement_count(self) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(schema.statements)
            return int(conn.execute(query).scalar_one())

    def quotes(self, speaker_id: str | None = None, doc_id: str | None = None) -> list[StoredQuote]:
        q = schema.quotes
        query = select(q, schema.documents.c.outlet).join(
            schema.documents, schema.documents.c.id == q.c.doc_id
        )
        if speaker_id is not None:
            with self.engine.connect() as conn:
                speaker_id = self._canonical_id(conn, speaker_id)
            query = query.where(q.c.speaker_id == speaker_id)
        if doc_id is not None:
            query = query.where(q.c.doc_id == doc_id)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query.order_by(q.c.date, q.c.id)))
        return [
            StoredQuote(
                id=r.id,
                doc_id=r.doc_id,
                start=r.start,
                end=r.end,
                text=r.text,
                speaker_id=r.speaker_id,
                date=r.date,
                date_method=r.date_method,
                stance=r.stance,
                extractor=r.extractor,
                confidence=r.confidence,
                outlet=r.outlet,
            )
            for r in rows
        ]

    def mentions_of(self, entity_id: str) -> list[tuple[str, str]]:
        """(document id, surface text) of every mention resolved to this entity."""
        m = schema.mentions
        with self.engine.connect() as conn:
            entity_id = self._canonical_id(conn, entity_id)
            rows = conn.execute(select(m.c.doc_id, m.c.text).where(m.c.entity_id == entity_id))
            return [(str(r[0]), str(r[1])) for r in rows]

    def name_support(self, entity_id: str) -> dict[str, tuple[int, int]]:
        """Per surface text of the entity's mentions: (original documents, copies) using it —
        a copy is a document marked as a duplicate or revision of another."""
        m, d = schema.mentions, schema.documents
        copy = or_(d.c.duplicate_of.is_not(None), d.c.revision_of.is_not(None))
        query = (
            select(m.c.text, copy.label("copy"), func.count(distinct(m.c.doc_id)))
            .join(d, d.c.id == m.c.doc_id)
            .group_by(m.c.text, copy)
        )
        found: dict[str, tuple[int, int]] = {}
        with self.engine.connect() as conn:
            entity_id = self._canonical_id(conn, entity_id)
            for text, is_copy, count in conn.execute(query.where(m.c.entity_id == entity_id)):
                originals, copies = found.get(str(text), (0, 0))
                if is_copy:
                    copies += int(count)
                else:
                    originals += int(count)
                found[str(text)] = (originals, copies)
        return found

    def redirected_names(self, entity_id: str) -> set[str]:
        """Names of the entities merged into this one (now redirects to it)."""
        e = schema.entities
        with self.engine.connect() as conn:
            entity_id = self._canonical_id(conn, entity_id)
            rows = conn.execute(select(e.c.name).where(e.c.merged_into == entity_id))
            return {str(r[0]) for r in rows}

    def rename_entity(self, entity_id: str, name: str) -> None:
        """Give an entity a new display name (its id stays; the name is kept as an alias)."""
        with self.engine.begin() as conn:
            entity_id = self._canonical_id(conn, entity_id)
            conn.execute(
                update(schema.entities).where(schema.entities.c.id == entity_id).values(name=name)
            )
            self._insert_aliases(conn, entity_id, [name])

    # ------------------------------------------------------------------ judgements

    def add_judgement(self, judgement: Judgement) -> int:
        """Record an analyst judgement; returns its id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(schema.judgements).values(
                    kind=judgement.kind,
                    subject=judgement.subject,
                    object=judgement.object,
                    author=judgement.author,
                    reason=judgement.reason,
                    created_at=judgement.created_at or now(),
                )
            )
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def undo_judgement(self, judgement_id: int) -> Judgement:
        """Mark a judgement as undone (it stays in the history); returns it."""
        with self.engine.begin() as conn:
            row = conn.execute(
                select(schema.judgements).where(schema.judgements.c.id == judgement_id)
            ).first()
            if row is None:
                raise KeyError(f"no judgement {judgement_id}")
            if row.undone_at is None:
                conn.execute(
                    update(schema.judgements)
                    .where(schema.judgements.c.id == judgement_id)
                    .values(undone_at=now())
                )
            row = conn.execute(
                select(schema.judgements).where(schema.judgements.c.id == judgement_id)
            ).one()
        return _judgement_from_row(row)

    def judgements(self, active_only: bool = True) -> list[Judgement]:
        query = select(schema.judgements).order_by(schema.judgements.c.id)
        if active_only:
            query = query.where(schema.judgements.c.undone_at.is_(None))
        with self.engine.connect() as conn:
            return [_judgement_from_row(r) for r in conn.execute(query)]

    # ------------------------------------------------------------------ sources

    def upsert_source(self, source: Source) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(schema.sources).where(schema.sources.c.outlet == source.outlet))
            conn.execute(
                insert(schema.sources).values(
                    outlet=source.outlet,
                    grade=source.grade,
                    affiliation=source.affiliation,
                    notes=source.notes,
                )
            )

    def sources(self) -> dict[str, Source]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.sources))
            return {r.outlet: Source(r.outlet, r.grade, r.affiliation, r.notes) for r in rows}

    # ------------------------------------------------------------------ batched reads
    # Analyses over many entities (the power map) read the same rows for a whole set of ids in
    # one query per chunk of `CHUNK` ids, using the statements' (subject|object, predicate,
    # valid_from) indexes. Statements read here have no `outlet` (see `document_infos`);
    # document look-ups skip the body.

    def statements_for(
        self,
        entity_ids: Iterable[str],
        role: str,
        predicates: Iterable[str] | None = None,
    ) -> list[StoredStatement]:
        """Statements with any of `entity_ids` as `role` ("subject", "object" or "any": either
        side, each statement once), ordered by date (start, else article date) and id; ids
        must be canonical (`canonical_ids`)."""
        s = schema.statements
        sides = ("subject", "object") if role == "any" else (role,)
        preds = sorted(predicates) if predicates is not None else None
        found: dict[int, StoredStatement] = {}
        with self.engine.connect() as conn:
            for side in sides:  # one index per side (SQLite plans `a IN .. OR b IN ..` badly)
                column = {"subject": s.c.subject_id, "object": s.c.object_id}[side]
                for chunk in _chunks(entity_ids):
                    query = select(*_statement_columns()).where(column.in_(chunk))
                    if preds is not None:
                        query = query.where(s.c.predicate.in_(preds))
                    for row in conn.execute(query):
                        if row[0] not in found:
                            found[row[0]] = _statement_from_row(row)
        return sorted(found.values(), key=_date_order)

    def subject_counts(
        self, object_ids: Iterable[str], predicates: Iterable[str]
    ) -> dict[str, int]:
        """object id → how many distinct subjects have a `predicates` statement about it (read
        from the (object, predicate) index, without loading the statements)."""
        s = schema.statements
        found: dict[str, int] = {}
        with self.engine.connect() as conn:
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
        self,
        predicates: Iterable[str],
        start: str,
        end: str,
        undated_predicates: Iterable[str] | None = None,
    ) -> list[StoredStatement]:
        """Statements of `predicates` whose `valid_from` may fall in [start, end] (partial
        dates that overlap the range included), plus statements of `undated_predicates`
        (default: the same) without `valid_from` from documents published in the range,
        ordered by date and id.

        Both parts are index range reads: (predicate, valid_from), then documents by
        publication date joined to their statements by the (doc_id, valid_from, predicate)
        index."""
        s, d = schema.statements, schema.documents
        low = start[:4]  # "2025" and "2025-06" sort before "2025-06-01"
        preds = sorted(predicates)
        undated = sorted(undated_predicates) if undated_predicates is not None else preds
        found: list[StoredStatement] = []
        with self.engine.connect() as conn:
            dated = select(*_statement_columns()).where(
                s.c.predicate.in_(preds), s.c.valid_from >= low, s.c.valid_from <= end
            )
            found.extend(_statement_from_row(r) for r in conn.execute(dated))
            if undated:
                # `predicate || ''` keeps the planner from reading every undated statement of
                # those predicates through the (predicate, valid_from) index
                query = (
                    select(*_statement_columns())
                    .select_from(d.join(s, s.c.doc_id == d.c.id))
                    .where(
                        d.c.published >= low,
                        d.c.published <= end,
                        s.c.valid_from.is_(None),
                        s.c.predicate.concat("").in_(undated),
                    )
                )
                found.extend(_statement_from_row(r) for r in conn.execute(query))
        found.sort(key=_date_order)
        return found

    def canonical_ids(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """id → the id that currently stands for it (merge redirects followed)."""
        result: dict[str, str] = {}
        redirected: list[str] = []
        e = schema.entities
        with self.engine.connect() as conn:
            for chunk in _chunks(entity_ids):
                query = select(e.c.id, e.c.merged_into).where(e.c.id.in_(chunk))
                for row in conn.execute(query):
                    if row.merged_into is None:
                        result[row.id] = row.id
                    else:
                        redirected.append(row.id)
                for missing in set(chunk) - result.keys() - set(redirected):
                    result[missing] = missing
            for old in redirected:
                result[old] = self._canonical_id(conn, old)
        return result

    def entities_by_id(self, entity_ids: Iterable[str]) -> dict[str, StoredEntity]:
        """The stored entities with these ids (as stored: merged ones keep `merged_into`)."""
        e = schema.entities
        rows: list[Any] = []
        names: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(entity_ids):
                rows.extend(conn.execute(select(e).where(e.c.id.in_(chunk))))
                for key, values in self._aliases_of(conn, chunk).items():
                    names[key] = values
        return {r.id: _entity_from_row(r, names.get(r.id, [])) for r in rows}

    def entity_names(self, entity_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """id → (name, type) of these entities (no aliases; merged ids are left out)."""
        e = schema.entities
        found: dict[str, tuple[str, str]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(entity_ids):
                # merged ids are dropped here, not in SQL: without table statistics SQLite
                # would read `merged_into IS NULL` (every entity) through its index instead
                query = select(e.c.id, e.c.name, e.c.type, e.c.merged_into).where(e.c.id.in_(chunk))
                for entity_id, name, kind, merged_into in conn.execute(query):
                    if merged_into is None:
                        found[entity_id] = (name, kind)
        return found

    def evidence_spans(
        self, statement_ids: Iterable[int]
    ) -> dict[int, tuple[int | None, int | None]]:
        """statement id → (start, end) of its evidence sentence in its document (one query
        per chunk by primary key, statement bodies not read)."""
        s = schema.statements
        found: dict[int, tuple[int | None, int | None]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(statement_ids):
                query = select(s.c.id, s.c.ev_start, s.c.ev_end).where(s.c.id.in_(chunk))
                for statement_id, start, end in conn.execute(query):
                    found[int(statement_id)] = (start, end)
        return found

    def document_bodies(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc id → body of these documents (nothing else read)."""
        d = schema.documents
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                for doc_id, body in conn.execute(select(d.c.id, d.c.body).where(d.c.id.in_(chunk))):
                    found[str(doc_id)] = str(body)
        return found

    def document_infos(self, doc_ids: Iterable[str]) -> dict[str, DocumentInfo]:
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
        with self.engine.connect() as conn:
            for chunk in _chunks(doc_ids):
                for row in conn.execute(select(*columns).where(d.c.id.in_(chunk))):
                    found[row.id] = DocumentInfo(*row)
        return found

    # ------------------------------------------------------------------ internals

    def _get_document(self, conn: Connection, doc_id: str) -> Document | None:
        row = conn.execute(select(schema.documents).where(schema.documents.c.id == doc_id)).first()
        return _document_from_row(row) if row is not None else None

    def _canonical_id(self, conn: Connection, entity_id: str) -> str:
        seen = {entity_id}
        current = entity_id
        while True:
            target = conn.execute(
                select(schema.entities.c.merged_into).where(schema.entities.c.id == current)
            ).scalar()
            if target is None or target in seen:
                return current
            seen.add(target)
            current = str(target)

    def _aliases_of(self, conn: Connection, ids: Sequence[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = list(ids[chunk_start : chunk_start + 500])
            rows = conn.execute(
                select(schema.aliases.c.entity_id, schema.aliases.c.alias)
                .where(schema.aliases.c.entity_id.in_(chunk))
                .order_by(schema.aliases.c.id)
            )
            for entity_id, alias in rows:
                found.setdefault(str(entity_id), []).append(str(alias))
        return found

    def _insert_entity(self, conn: Connection, entity: StoredEntity) -> None:
        exists = conn.execute(
            select(schema.entities.c.id).where(schema.entities.c.id == entity.id)
        ).first()
        if exists is None:
            conn.execute(
                insert(schema.entities).values(
                    id=entity.id,
                    type=entity.type.value,
                    name=entity.name,
                    merged_into=entity.merged_into,
                    origin=entity.origin,
                    created_at=now(),
                    properties=entity.properties,
                )
            )
        self._insert_aliases(conn, entity.id, (entity.name, *entity.aliases))

    def _insert_aliases(self, conn: Connection, entity_id: str, names: Iterable[str]) -> None:
        existing = set(self._aliases_of(conn, [entity_id]).get(entity_id, []))
        rows = []
        for name in names:
            if name and name not in existing:
                existing.add(name)
                rows.append({"entity_id": entity_id, "alias": name, "key": alias_key(name)})
        if rows:
            conn.execute(insert(schema.aliases), rows)

    def _write_extraction(
        self,
        conn: Connection,
        doc: Document,
        extraction: Extraction,
        entity_ids: dict[str, str],
    ) -> None:
        recorded = now()
        mention_rows = [
            {
                "doc_id": doc.id,
                "start": m.span.start,
                "end": m.span.end,
                "text": m.span.text,
                "label": m.label.value,
                "entity_id": entity_ids.get(m.entity_key),
                "local_key": m.entity_key,
                "zone": m.zone,
                "source": m.source,
            }
            for m in extraction.mentions
        ]
        if mention_rows:
            conn.execute(insert(schema.mentions), mention_rows)
        statement_rows = []
        for stmt in extraction.statements:
            subject = entity_ids.get(stmt.subject_key)
            if subject is None:
                continue
            obj = entity_ids.get(stmt.object_key) if stmt.object_key else None
            if stmt.reported_at.value is None and doc.published.value is not None:
                stmt.reported_at = doc.published
            statement_rows.append(_statement_row(stmt, subject, obj, doc.id, recorded))
        if statement_rows:
            conn.execute(insert(schema.statements), statement_rows)
        quote_rows = [
            {
                "doc_id": doc.id,
                "start": q.span.start,
                "end": q.span.end,
                "text": q.span.text,
                "speaker_id": entity_ids.get(q.speaker_key) if q.speaker_key else None,
                "date": q.date.value,
                "date_method": q.date.method.value,
                "stance": q.stance,
                "extractor": q.extractor,
                "confidence": q.confidence,
            }
            for q in extraction.quotes
        ]
        if quote_rows:
            conn.execute(insert(schema.quotes), quote_rows)
        conn.execute(
            update(schema.documents)
            .where(schema.documents.c.id == doc.id)
            .values(extracted_at=recorded, extractor=extraction.extractor)
        )


def _document_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "url": doc.url,
        "outlet": doc.outlet,
        "title": doc.title,
        "language": doc.language,
        "published": doc.published.value,
        "published_method": doc.published.method.value,
        "published_text": doc.published.text,
        "body": doc.body,
        "source_path": doc.source_path,
        "removed": [
            {"kind": b.kind, "text": b.text, "line": b.line, "rule": b.rule} for b in doc.removed
        ],
        "duplicate_of": doc.duplicate_of,
        "duplicate_score": doc.duplicate_score,
        "revision_of": doc.revision_of,
        "ingested_at": doc.ingested_at or now(),
        "metadata": doc.metadata,
    }


def _document_from_row(row: Row[Any]) -> Document:
    return Document(
        id=row.id,
        body=row.body,
        title=row.title,
        url=row.url,
        outlet=row.outlet,
        language=row.language,
        published=DateValue(row.published, DateMethod(row.published_method), row.published_text),
        source_path=row.source_path,
        removed=[
            RemovedBlock(kind=b["kind"], text=b["text"], line=b.get("line"), rule=b.get("rule"))
            for b in (row.removed or [])
        ],
        duplicate_of=row.duplicate_of,
        duplicate_score=row.duplicate_score,
        revision_of=row.revision_of,
        ingested_at=row.ingested_at,
        metadata=dict(row.metadata or {}),
    )


def _entity_from_row(row: Row[Any], names: list[str]) -> StoredEntity:
    return StoredEntity(
        id=row.id,
        type=EntityType(row.type),
        name=row.name,
        aliases=tuple(n for n in names if n != row.name),
        merged_into=row.merged_into,
        origin=row.origin,
        properties=dict(row.properties or {}),
    )


def _statement_row(
    stmt: Statement,
    subject_id: str,
    object_id: str | None,
    doc_id: str | None,
    recorded: datetime,
) -> dict[str, Any]:
    return {
        "subject_id": subject_id,
        "predicate": stmt.predicate,
        "object_id": object_id,
        "value": stmt.value,
        "role": stmt.role,
        "qualifiers": dict(stmt.qualifiers),
        "valid_from": stmt.valid_from.value,
        "valid_from_method": stmt.valid_from.method.value,
        "valid_to": stmt.valid_to.value,
        "valid_to_method": stmt.valid_to.method.value,
        "date_text": stmt.valid_from.text or stmt.qualifiers.get("date_text"),
        "reported_at": stmt.reported_at.value,
        "reported_method": stmt.reported_at.method.value,
        "recorded_at": recorded,
        "doc_id": doc_id,
        "ev_start": stmt.evidence.start,
        "ev_end": stmt.evidence.end,
        "ev_text": stmt.evidence.text,
        "zone": stmt.zone,
        "attribution": stmt.attribution,
        "extractor": stmt.extractor,
        "confidence": stmt.confidence,
        "fingerprint": statement_fingerprint(doc_id, stmt, subject_id, object_id or ""),
    }


@cache
def _statement_columns() -> tuple[Any, ...]:
    """The statement columns, with qualifiers and recorded_at read raw (parsed in
    `_statement_from_row`, several times quicker than the generic type processors)."""
    s = schema.statements
    raw = {
        "qualifiers": type_coerce(s.c.qualifiers, Text),
        "recorded_at": type_coerce(s.c.recorded_at, Text),
    }
    return tuple(raw.get(c.name, c).label(c.name) for c in s.columns)


def _chunks(ids: Iterable[_K]) -> list[list[_K]]:
    unique = sorted(set(ids))
    return [unique[i : i + CHUNK] for i in range(0, len(unique), CHUNK)]


def _date_order(stmt: StoredStatement) -> tuple[str, int]:
    return (stmt.valid_from or stmt.reported_at or "", stmt.id)


def _statement_from_row(row: Row[Any], outlet: str | None = None) -> StoredStatement:
    """A statement from a row of `_statement_columns()` (read by position: the columns are
    in `StoredStatement` field order)."""
    values = tuple(row)
    qualifiers: Any = values[6]
    if isinstance(qualifiers, str):
        qualifiers = json.loads(qualifiers) if qualifiers not in ("{}", "null", "") else {}
    recorded: Any = values[14]
    if isinstance(recorded, str):
        recorded = _timestamp(recorded)
    return StoredStatement(
        values[0],
        values[1],
        values[2],
        values[3],
        values[4],
        values[5],
        dict(qualifiers or {}),
        values[7],
        values[8],
        values[9],
        values[10],
        values[11],
        values[12],
        values[13],
        recorded,
        values[15],
        values[16],
        values[17],
        values[18],
        values[19],
        values[20],
        values[21],
        values[22],
        values[23],
        outlet,
    )


@lru_cache(maxsize=1024)
def _timestamp(text: str) -> datetime:
    """A stored timestamp (statements of one ingest share it, so parsed once)."""
    return datetime.fromisoformat(text)


def _judgement_from_row(row: Row[Any]) -> Judgement:
    return Judgement(
        id=row.id,
        kind=row.kind,
        subject=row.subject,
        object=row.object,
        author=row.author,
        reason=row.reason,
        created_at=row.created_at,
        undone_at=row.undone_at,
    )
