"""Posts named without a holder ("the elected president", "the foreign minister"): they refer
to the person the document names in that post when there is exactly one, else to a Position entity
("President of Iran") so that ties such as "the army is under the elected president" have an
object. Only state offices (pack roles whose object is a country) are considered.
"""

from __future__ import annotations

from innercircle.extract.context import DocAnalysis, Ment
from innercircle.extract.coref import descriptor_heads
from innercircle.extract.roles import find_roles
from innercircle.records import EntityType

QUALIFIERS = frozenset({"elected", "incumbent", "current", "sitting", "new", "acting", "interim"})


def resolve_positions(an: DocAnalysis) -> None:
    """Add mentions for "the <state office>" phrases with no name attached."""
    doc = an.doc
    heads = set(descriptor_heads(an))
    new: list[Ment] = []
    for sent in doc.sents:
        for rs, re_, role in find_roles(an, sent.start, sent.end):
            if role.object != "country" or role.word in heads or role.inverse:
                continue
            if any(m.kind != "name" or m.type != EntityType.COUNTRY for m in an.all_at(rs)):
                continue
            nxt = doc[re_] if re_ < len(doc) else None
            if nxt is not None and (
                (nxt.pos_ == "PROPN" and nxt.text[:1].isupper()) or nxt.lower_ == "of"
            ):
                continue
            if doc[re_ - 1].tag_ in ("NNS", "NNPS"):
                continue
            j = rs - 1
            while j >= 0 and doc[j].lower_ in QUALIFIERS:
                j -= 1
            if j < 0 or doc[j].lower_ != "the":
                continue
            if rs > 0 and doc[j + 1 : rs] and doc[rs - 1].text[:1].isupper():
                continue
            country = an.main_country
            holder = an.holders.get(f"{role.word}|{country}") or an.office_holders.get(
                f"{role.word}|{country}"
            )
            start = j + 1
            if holder is not None:
                new.append(
                    Ment(start, re_, EntityType.PERSON, "descriptor", key=holder, kind="descriptor")
                )
                continue
            if country is None:
                continue
            key = f"position:{role.word}:{country}"
            an.names.setdefault(key, f"{role.word.title()} of {an.pack.countries[country].name}")
            an.types[key] = EntityType.POSITION
            an.aliases.setdefault(key, [])
            text = doc[start:re_].text
            if text not in an.aliases[key]:
                an.aliases[key].append(text)
            new.append(
                Ment(
                    start,
                    re_,
                    EntityType.POSITION,
                    "pattern",
                    key=key,
                    kind="position",
                    label=role.word,
                )
            )
    an.ments.extend(new)
    an.ments.sort(key=lambda m: (m.start, -m.end))
    an.index()
