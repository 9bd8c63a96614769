"""Store writes behind analyst judgements that the `Repository` API does not cover.

`set_properties` replaces an entity's free-form properties; `unmerge` reverses a merge of `drop`
into `keep` (the reverse of `Repository.merge_entities`): `drop` stops redirecting, and the
document-local entities whose every mention is spelled with one of `drop`'s own names go back to
it, with their statements and quotes. Deciding *which* names are `drop`'s is the caller's job
(`resolve/judgements.py`); this module only moves rows, in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, select, update

from innercircle.store import schema
from innercircle.store.repository import Repository, alias_key


@dataclass(frozen=True)
class UnmergeResult:
    """How many rows an `unmerge` moved back."""

    mentions: int
    statements: int
    quotes: int
    documents: tuple[str, ...]


def set_properties(repo: Repository, entity_id: str, properties: dict[str, Any]) -> None:
    """Replace the properties of one entity (no redirect is followed)."""
    with repo.engine.begin() as conn:
        conn.execute(
            update(schema.entities)
            .where(schema.entities.c.id == entity_id)
            .values(properties=properties)
        )


def unmerge(repo: Repository, keep: str, drop: str, drop_names: Collection[str]) -> UnmergeResult:
    """Make `drop` a stand-alone entity again and give it back the rows spelled with its names.

    A document-local entity (mentions sharing `local_key`) resolved to `keep` moves to `drop`
    when all its mention texts are among `drop_names`; in a document where every local entity of
    `keep` moved, `keep`'s statements and quotes move too. `keep` loses the aliases in
    `drop_names`. Rows of documents that mention both names stay with `keep`.
    """
    keys = {alias_key(n) for n in drop_names}
    m = schema.mentions
    with repo.engine.begin() as conn:
        conn.execute(
            update(schema.entities).where(schema.entities.c.id == drop).values(merged_into=None)
        )
        rows = conn.execute(
            select(m.c.id, m.c.doc_id, m.c.local_key, m.c.text).where(m.c.entity_id == keep)
        )
        groups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
        for row in rows:
            groups[(str(row.doc_id), str(row.local_key))].append((int(row.id), str(row.text)))
        moved_ids: list[int] = []
        kept_docs: set[str] = set()
        moved_docs: set[str] = set()
        for (doc_id, _local), members in groups.items():
            if all(alias_key(text) in keys for _id, text in members):
                moved_ids.extend(i for i, _t in members)
                moved_docs.add(doc_id)
            else:
                kept_docs.add(doc_id)
        for start in range(0, len(moved_ids), 500):
            chunk = moved_ids[start : start + 500]
            conn.execute(update(m).where(m.c.id.in_(chunk)).values(entity_id=drop))
        whole_docs = sorted(moved_docs - kept_docs)
        statements = quotes = 0
        s, q = schema.statements, schema.quotes
        for start in range(0, len(whole_docs), 500):
            docs = whole_docs[start : start + 500]
            for column in (s.c.subject_id, s.c.object_id):
                result = conn.execute(
                    update(s)
                    .where(and_(s.c.doc_id.in_(docs), column == keep))
                    .values({column.name: drop})
                )
                statements += result.rowcount or 0
            result = conn.execute(
                update(q)
                .where(and_(q.c.doc_id.in_(docs), q.c.speaker_id == keep))
                .values(speaker_id=drop)
            )
            quotes += result.rowcount or 0
        if keys:
            conn.execute(
                delete(schema.aliases).where(
                    schema.aliases.c.entity_id == keep, schema.aliases.c.key.in_(sorted(keys))
                )
            )
    return UnmergeResult(len(moved_ids), statements, quotes, tuple(whole_docs))
