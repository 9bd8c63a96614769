"""Write extractions in the annotation JSON format of `data/gold/README.md` (the format the
scorer reads): shared entities with ids, names and aliases; per document its published date,
duplicate link, mentions, relations, events and quotes, with evidence of at most 200 chars.

Entity ids come from a caller-supplied mapping (cross-document resolution) or, without one, from
a normalised name key (pack id for known institutions and countries, a slug of the name
otherwise), so identical names link across documents. Pure: no files, no store.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from innercircle.records import (
    EVENT_PREDICATES,
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Statement,
)

MAX_EVIDENCE = 200


def slug(text: str) -> str:
    """kebab-case ASCII form of a name ("Firstname Lastname" -> "firstname-lastname")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    folded = re.sub(r"[’'ʼ`]", "", text.casefold())
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if out:
        return out
    # a name without Latin letters: a short stable hash of it, so two names stay two ids
    digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:10]
    return f"entity-{digest}"


def name_key(entity: EntityRef) -> str:
    """The id an entity gets when no resolution is available."""
    if entity.resolved_id:
        return entity.resolved_id
    prefix = {EntityType.POSITION: "position-", EntityType.GROUP: "group-"}.get(entity.type, "")
    return prefix + slug(entity.name)


def doc_name(document: Document) -> str:
    """The file name the scorer matches documents by (falls back to the document id)."""
    if document.source_path:
        return PurePath(document.source_path).name
    return document.id


def trim_evidence(text: str, limit: int = MAX_EVIDENCE) -> str:
    """Evidence text within `limit` characters (cut at a word boundary)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space] if space > limit // 2 else cut


def to_annotations(
    items: Sequence[tuple[Document, Extraction]],
    entity_ids: Mapping[tuple[str, str], str] | None = None,
) -> dict[str, Any]:
    """Build the annotation JSON object for documents and their extractions.

    `entity_ids` maps (doc id, local entity key) to a cross-document id; missing keys get the
    name key.
    """
    names_by_id = {d.id: doc_name(d) for d, _ in items}
    entities: dict[str, dict[str, Any]] = {}
    documents = []
    for document, extraction in items:
        ids: dict[str, str] = {}
        for ent in extraction.entities:
            gid = (entity_ids or {}).get((document.id, ent.key)) or name_key(ent)
            ids[ent.key] = gid
            record = entities.setdefault(
                gid,
                {"id": gid, "type": ent.type.value, "name": ent.name, "aliases": [], "docs": []},
            )
            if len(ent.name) > len(record["name"]) and ent.type == EntityType.PERSON:
                record["aliases"].append(record["name"])
                record["name"] = ent.name
            for alias in [ent.name, *ent.aliases]:
                if alias != record["name"] and alias not in record["aliases"]:
                    record["aliases"].append(alias)
            name = doc_name(document)
            if name not in record["docs"]:
                record["docs"].append(name)
        documents.append(_document(document, extraction, ids, names_by_id))
    return {"version": 1, "entities": list(entities.values()), "documents": documents}


def _document(
    document: Document,
    extraction: Extraction,
    ids: dict[str, str],
    names_by_id: Mapping[str, str],
) -> dict[str, Any]:
    mentions: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    titles = {e.key: e.titles for e in extraction.entities if e.titles}
    for m in extraction.mentions:
        # also as written with the stripped titles ("Seyed Firstname Lastname")
        titled = _with_titles(document.body, m.span.start, m.span.end, titles.get(m.entity_key))
        surfaces = [m.span.text, *titled]
        for text in surfaces:
            key = (ids.get(m.entity_key, m.entity_key), text)
            if key in seen:
                continue
            seen.add(key)
            entry: dict[str, Any] = {"entity": key[0], "text": text}
            if m.zone != "body":
                entry["zone"] = m.zone
            mentions.append(entry)
    relations = []
    events = []
    for st in extraction.statements:
        if st.predicate in EVENT_PREDICATES:
            if "co_subject_of" not in st.qualifiers:  # listed in its event's co_subjects
                events.append(_event(st, ids))
        else:
            relations.append(_relation(st, ids))
    quotes = [
        {
            "speaker": ids.get(q.speaker_key) if q.speaker_key else None,
            "start": " ".join(q.text.split()[:8]),
            "text": q.text,
            "date": q.date.value,
            "confidence": round(q.confidence, 2),
        }
        for q in extraction.quotes
    ]
    dup = document.duplicate_of
    return {
        "doc": doc_name(document),
        "title": document.title,
        "outlet": document.outlet,
        "published": document.published.value,
        "published_method": document.published.method.value,
        "duplicate_of": names_by_id.get(dup, dup) if dup else None,
        "mentions": mentions,
        "relations": relations,
        "events": events,
        "quotes": quotes,
    }


def _with_titles(body: str, start: int, end: int, titles: Sequence[str] | None) -> list[str]:
    """The mention with each run of the titles the extractor stripped from it written just
    before it ("Seyed X Y", "Colonel Seyed X Y"), innermost first."""
    if not titles or body[start:end] != body[start:end].strip():
        return []
    out: list[str] = []
    begin = start
    moved = True
    while moved:
        moved = False
        for title in titles:
            cand = begin - len(title) - 1
            if (
                cand >= 0
                and body[cand:begin] == f"{title} "
                and (cand == 0 or body[cand - 1] in " \n")
            ):
                begin, moved = cand, True
                out.append(body[begin:end])
                break
    return out


def _relation(st: Statement, ids: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "subject": ids.get(st.subject_key, st.subject_key),
        "predicate": st.predicate,
        "object": ids.get(st.object_key, st.object_key) if st.object_key else None,
        "role": st.role,
        "time": st.qualifiers.get("time"),
        "evidence": trim_evidence(st.evidence.text),
        "confidence": round(st.confidence, 2),
    }
    if st.qualifiers.get("inferred") == "true":
        out["inferred"] = True
    if st.qualifiers.get("domain"):
        out["domain"] = st.qualifiers["domain"]
    if st.attribution:
        out["attribution"] = st.attribution
    return out


def _event(st: Statement, ids: Mapping[str, str]) -> dict[str, Any]:
    co = [k for k in st.qualifiers.get("co_subjects", "").split(",") if k]
    out: dict[str, Any] = {
        "type": st.predicate,
        "subject": ids.get(st.subject_key, st.subject_key),
        "agent": ids.get(st.object_key, st.object_key) if st.object_key else None,
        "date": st.valid_from.value,
        "date_text": st.valid_from.text or st.qualifiers.get("date_text"),
        "date_method": st.valid_from.method.value,
        "evidence": trim_evidence(st.evidence.text),
        "confidence": round(st.confidence, 2),
    }
    if co:
        out["co_subjects"] = [ids.get(k, k) for k in co]
    if st.attribution:
        out["attribution"] = st.attribution
    return out
