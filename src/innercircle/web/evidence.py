"""Evidence for display: add the surrounding text of each evidence sentence so pages can show
the sentence highlighted in its context, with a link to the article at that sentence.

Works on the plain evidence dicts of power-map answers (`Evidence.to_dict()`); reads document
bodies and statement spans through the Repository. It decides nothing about the facts.
"""

from __future__ import annotations

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
    offsets (the original, possibly shared through the cache, is left as it was; the parts of
    it that hold no evidence are shared, not copied — treat the result as read-only)."""
    items: list[dict[str, Any]] = []
    data = _own_evidence(data, items)
    doc_ids: list[str] = []
    for item in items:
        doc_id = item.get("doc_id")
        if doc_id and doc_id not in doc_ids:
            doc_ids.append(str(doc_id))
    doc_ids = doc_ids[:MAX_DOCUMENTS]
    if not doc_ids:
        return data
    bodies = repo.document_bodies(doc_ids)
    shown = [item for item in items if str(item.get("doc_id")) in bodies]
    spans = repo.evidence_spans(_int(item.get("statement_id")) for item in shown)
    for item in shown:
        body = bodies[str(item.get("doc_id"))]
        span = spans.get(_int(item.get("statement_id")))
        if span is None:
            continue
        start, end = span
        before, sentence, after = snippet(body, start, end, width)
        if sentence:
            item.update(before=before, after=after, start=start, end=end, sentence=sentence)
    return data


def _own_evidence(value: T, items: list[dict[str, Any]]) -> T:
    """`value` with every `evidence` list (and the containers on the way to it) copied, each
    evidence dict copied once into `items` in document order; the rest is shared."""
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for key, child in value.items():
            if key == "evidence" and isinstance(child, list):
                new: Any = [dict(e) if isinstance(e, dict) else e for e in child]
                items.extend(e for e in new if isinstance(e, dict))
            else:
                new = _own_evidence(child, items)
            if new is not child:
                if changed is None:
                    changed = dict(value)
                changed[key] = new
        return value if changed is None else changed  # type: ignore[return-value]
    if isinstance(value, list):
        copied: list[Any] | None = None
        for index, child in enumerate(value):
            new = _own_evidence(child, items)
            if new is not child:
                if copied is None:
                    copied = list(value)
                copied[index] = new
        return value if copied is None else copied  # type: ignore[return-value]
    return value


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1
