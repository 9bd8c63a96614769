"""Run the rule families on one parsed document and build its `Extraction`.

Order: names (mentions) -> name clustering -> posts of named persons -> descriptive
references, circles, offices, positions -> posts again (now with those) -> relations, events,
quotes. Pure: a spaCy `Doc` and a `Document` in, an `Extraction` out.
"""

from __future__ import annotations

import logging
from datetime import date

from spacy.tokens import Doc

from innercircle.extract import coref, events, mentions, positions, quotes, relations, roles
from innercircle.extract.context import DocAnalysis
from innercircle.packs import Pack
from innercircle.records import (
    Document,
    EntityRef,
    EntityType,
    Extraction,
    Mention,
    Span,
)

log = logging.getLogger(__name__)

EXTRACTOR = "rules-spacy"


def published_date(document: Document) -> date | None:
    """The document's publication day, when fully known."""
    value = document.published.value
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def analyse(doc: Doc, document: Document, pack: Pack, extractor: str = EXTRACTOR) -> Extraction:
    """Extract mentions, statements and quotes from one parsed document."""
    an = DocAnalysis(doc=doc, document=document, pack=pack, published=published_date(document))
    mentions.detect_mentions(an)
    coref.cluster_names(an)
    roles.attach_roles(an)  # first pass: who holds which descriptor post
    coref.resolve_descriptors(an)
    coref.resolve_circles_and_offices(an)
    positions.resolve_positions(an)
    links = roles.attach_roles(an)
    statements = relations.extract_relations(an, links, extractor)
    statements.extend(events.extract_events(an, extractor))
    quote_list = quotes.extract_quotes(an, extractor)
    return build_extraction(an, statements, quote_list, extractor)


def build_extraction(
    an: DocAnalysis,
    statements: list,  # type: ignore[type-arg]
    quote_list: list,  # type: ignore[type-arg]
    extractor: str,
) -> Extraction:
    """Number the entities (e1, e2, ...) and assemble the Extraction."""
    doc = an.doc
    doc_id = an.document.id
    used: list[str] = []
    for m in an.ments:
        if m.key and m.key in an.types and m.key not in used:
            used.append(m.key)
    for st in statements:
        for k in (st.subject_key, st.object_key):
            if k and k in an.types and k not in used:
                used.append(k)
    for q in quote_list:
        if q.speaker_key and q.speaker_key in an.types and q.speaker_key not in used:
            used.append(q.speaker_key)
    local = {key: f"e{n + 1}" for n, key in enumerate(used)}
    entities = [
        EntityRef(
            key=local[key],
            type=an.types[key],
            name=an.names.get(key, key),
            aliases=[a for a in an.aliases.get(key, []) if a != an.names.get(key)],
            titles=list(an.titles.get(key, [])),
            resolved_id=an.insts.get(key) or (key if an.types[key] == EntityType.COUNTRY else None),
            post=key.removeprefix("holder:") if key.startswith("holder:") else None,
        )
        for key in used
    ]
    mention_list = []
    for m in an.ments:
        if not m.key or m.key not in local:
            continue
        start, end = m.chars(doc)
        mention_list.append(
            Mention(
                span=Span(doc_id, start, end, an.text[start:end]),
                label=an.types[m.key],
                entity_key=local[m.key],
                zone=_zone(an, m.start),
                source=m.source,
            )
        )
    for st in statements:
        st.subject_key = local.get(st.subject_key, st.subject_key)
        if st.object_key:
            st.object_key = local.get(st.object_key, st.object_key)
        if "co_subject_of" in st.qualifiers:
            key = st.qualifiers["co_subject_of"]
            st.qualifiers["co_subject_of"] = local.get(key, key)
        if "co_subjects" in st.qualifiers:
            st.qualifiers["co_subjects"] = ",".join(
                local.get(k, k) for k in st.qualifiers["co_subjects"].split(",") if k
            )
    for q in quote_list:
        if q.speaker_key:
            q.speaker_key = local.get(q.speaker_key, q.speaker_key)
    return Extraction(
        doc_id=doc_id,
        entities=entities,
        mentions=mention_list,
        statements=[s for s in statements if s.subject_key in local.values()],
        quotes=quote_list,
        extractor=extractor,
    )


def _zone(an: DocAnalysis, i: int) -> str:
    return "title" if an.in_headline(i) else "body"
