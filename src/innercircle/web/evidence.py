"""Evidence for display: add the surrounding text of each evidence sentence so pages can show
the sentence highlighted in its context, with a link to the article at that sentence.

Works on the plain evidence dicts of power-map answers (`Evidence.to_dict()`); reads document
bodies and statement spans through the Repository. It decides nothing about the facts.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any, TypeVar

from innercircle.store.repository import Repository
from innercircle.web.templating import snippet

T = TypeVar("T")

MAX_DOCUMENTS = 40
"""Context is added for evidence from at most this many documents per page (the rest keep
their sentence and link only), so a leader with hundreds of sources stays fast."""


def evidence_lists(data: Any) -> Iterator[list[dict[str, Any]]]:
    """Every `evidence` list inside a power-map answer (any nesting)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "evidence" and isinstance(value, list):
                yield value
            else:
                yield from evidence_lists(value)
    elif isinstance(data, list):
        for item in data:
            yield from evidence_lists(item)


def add_context(repo: Repository, data: T, width: int = 100) -> T:
    """A copy of `data` whose evidence dicts have `before`/`after` text and `start`/`end`
    offsets (the original, possibly shared through the cache, is left as it was)."""
    data = _copy(data)
    items = [e for lst in evidence_lists(data) for e in lst if isinstance(e, dict)]
    doc_ids: list[str] = []
    for item in items:
        doc_id = item.get("doc_id")
        if doc_id and doc_id not in doc_ids:
            doc_ids.append(str(doc_id))
    doc_ids = doc_ids[:MAX_DOCUMENTS]
    if not doc_ids:
        return data
    bodies = {doc.id: doc.body for doc in repo.documents(doc_ids)}
    spans = repo.evidence_spans(doc_ids)
    for item in items:
        body = bodies.get(str(item.get("doc_id")))
        span = spans.get(_int(item.get("statement_id")))
        if body is None or span is None:
            continue
        start, end = span
        before, sentence, after = snippet(body, start, end, width)
        if sentence:
            item.update(before=before, after=after, start=start, end=end, sentence=sentence)
    return data


def _copy(value: T) -> T:
    """A deep copy of JSON-like data (dicts, lists, scalars), several times quicker than
    `copy.deepcopy`; anything else is deep-copied."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}  # type: ignore[return-value]
    if isinstance(value, list):
        return [_copy(v) for v in value]  # type: ignore[return-value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return copy.deepcopy(value)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
