"""Posts attached to named persons: find role phrases and what they are a post of.

Patterns (all driven by the pack's role words):
- compound before the name: "Guard commander Firstname Lastname", "Syrian President
  Firstname al-Lastname", "former parliament speaker Firstname Lastname";
- apposition before the name: "X's chief of staff, Firstname Lastname", "the head of
  the judiciary, Firstname Double-Lastname";
- apposition after the name: "Firstname Lastname, director of the Iran Program at the Middle
  East Institute", "X, a former speaker of parliament and adviser to Y";
- copula: "X and Y remain trusted advisers";
- plural roles spelled out by a list: "IRGC commanders — General A, General B",
  "X's top advisers from the Guard: A, B and C";
- coordination: "former foreign ministers A and B" gives both the post.

The object of a post is the organisation written with it (the nearest to the role word, or
the last one of its prepositional phrase: "at the Middle East Institute"), else the possessor,
else the country written with it, else — for state offices — the document's main country.
`former`, `late`, `ex-` make the link former. This module returns `RoleLink`s; turning them
into statements is `relations`' job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from innercircle.extract.context import POSSESSIVE, DocAnalysis, Ment
from innercircle.extract.coref import (
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    antecedent,
)
from innercircle.extract.titles import is_title
from innercircle.packs import Pack, Role
from innercircle.records import EntityType

SUCCESSION_VERBS = frozenset({"replace", "succeed"})
COPULAS = frozenset({"be", "remain", "become", "serve", "stay", "act"})
NAMING_VERBS = frozenset({"appoint", "name", "elect", "promote", "nominate", "make", "reappoint"})
FORMER_ADVERBS = frozenset({"previously", "formerly", "once"})
TIME_ADVERBS = FORMER_ADVERBS | frozenset(
    {"until", "now", "recently", "currently", "most", "lately", "hitherto", "so", "far"}
)
STATE_NOUNS = frozenset({"regime", "government", "state", "republic", "country", "nation"})
LIST_OPENERS = frozenset({":", "—", "–", "including", "namely", "such"})
BOUNDARY_PUNCT = frozenset({".", ";", ":", "—", "–", "!", "?", "(", ")", '"', "“", "”"})


@dataclass
class RoleLink:
    """A post held by a person mention, as written."""

    person: Ment
    role: Role
    role_text: str
    start: int  # token span of the whole phrase (evidence)
    end: int
    obj_key: str | None = None
    obj_kind: str = "org"
    former: bool = False
    inferred: bool = False
    pattern: str = "compound"
    extra_objects: list[str] = field(default_factory=list)  # "advisers from ORG" -> ORG


_ROLE_INDEX: dict[int, dict[str, list[tuple[list[str], Role]]]] = {}


def _role_index(pack: Pack) -> dict[str, list[tuple[list[str], Role]]]:
    index: dict[str, list[tuple[list[str], Role]]] = {}
    for word, role in sorted(pack.roles.items()):
        parts = re.findall(r"\w+|[^\w\s]", word.casefold())
        if parts:
            index.setdefault(parts[0], []).append((parts, role))
    for lst in index.values():
        lst.sort(key=lambda x: -len(x[0]))
    return index


def role_index(pack: Pack) -> dict[str, list[tuple[list[str], Role]]]:
    """Role phrases by first word (built once per loaded pack)."""
    index = _ROLE_INDEX.get(id(pack))
    if index is None:
        index = _ROLE_INDEX[id(pack)] = _role_index(pack)
    return index


def _tok_matches(an: DocAnalysis, i: int, word: str, last: bool) -> bool:
    low = an.lower[i]
    if low == word:
        return True
    return last and (an.lemma[i] == word or low in (word + "s", word + "es"))


def find_roles(an: DocAnalysis, start: int, end: int) -> list[tuple[int, int, Role]]:
    """Role phrases inside tokens [start, end), longest first, left to right."""
    index = role_index(an.pack)
    out: list[tuple[int, int, Role]] = []
    i = start
    while i < end:
        low, lem = an.lower[i], an.lemma[i]
        if low not in index and lem not in index:
            i += 1
            continue
        cands = index.get(low, []) + (index.get(lem, []) if lem != low else [])
        best: tuple[int, Role] | None = None
        for parts, role in cands:
            j = i
            ok = True
            for n, part in enumerate(parts):
                if j >= end or not _tok_matches(an, j, part, n == len(parts) - 1):
                    ok = False
                    break
                j += 1
            if ok and (best is None or j > best[0]):
                best = (j, role)
        if best is not None:
            m = an.at(i)
            if (
                m is None
                or m.type == EntityType.POSITION
                or m.kind != "name"
                or (m.type != EntityType.PERSON and best[0] > m.end)
            ):
                out.append((i, best[0], best[1]))
                i = best[0]
                continue
        i += 1
    return out


def is_plural(an: DocAnalysis, end: int) -> bool:
    tok = an.doc[end - 1]
    return tok.tag_ in ("NNS", "NNPS") or (tok.lower_.endswith("s") and tok.lemma_ != tok.lower_)


def _former(an: DocAnalysis, start: int, end: int, phrase_end: int | None = None) -> bool:
    """former/late/ex- before the role, or a finished period after it ("from 1997 to 2005",
    "until 2007") when the article date is later."""
    words = {w.casefold().rstrip("-") for w in an.pack.former_words}
    if any(an.doc[i].lower_ in words for i in range(start, end)):
        return True
    if phrase_end is None or phrase_end <= end:
        return False
    text = an.doc[end:phrase_end].text
    m = re.search(r"\b(?:until|to|till)\s+((?:19|20)\d{2})\b", text)
    return bool(m and an.published and int(m.group(1)) < an.published.year)


def _obj_from_mentions(
    an: DocAnalysis, ments: list[Ment], role: Role, nearest: str
) -> tuple[str | None, str]:
    """Pick the object among mentions of a role phrase: orgs first, then persons/countries."""
    orgs = [m for m in ments if _typ(an, m) in (EntityType.ORGANIZATION, EntityType.GROUP)]
    persons = [m for m in ments if _typ(an, m) == EntityType.PERSON]
    countries = [m for m in ments if _typ(an, m) == EntityType.COUNTRY]
    positions = [m for m in ments if _typ(an, m) == EntityType.POSITION]

    def pick(lst: list[Ment]) -> Ment:
        return lst[-1]

    if role.object == "person" and persons:
        return pick(persons).key, "person"
    if orgs:
        org = pick(_of_chain(an, orgs))
        if role.object == "person" and org.kind == "office" and org.owner:
            return org.owner, "person"
        return org.key, "org"
    if positions:
        return pick(positions).key, "position"
    if persons and role.object in ("person", "office"):
        return pick(persons).key, "person"
    if countries:
        return pick(countries).key, "country"
    return None, role.object


def _of_chain(an: DocAnalysis, orgs: list[Ment]) -> list[Ment]:
    """Organisations up to the first of an "ORG1 of ORG2" chain that ends the list: a post
    "of the Intelligence Organisation of the Guards" is in the first one."""
    doc = an.doc
    k = len(orgs) - 1
    while k > 0:
        gap = [t.lower_ for t in doc[orgs[k - 1].end : orgs[k].start]]
        if not gap or gap[0] != "of" or any(w not in ("of", "the") for w in gap):
            break
        k -= 1
    return orgs[: k + 1]


def _typ(an: DocAnalysis, m: Ment) -> EntityType | None:
    return an.key_type(m.key) if m.key else None


def _chain_left(an: DocAnalysis, i: int) -> int:
    """Start of the pre-modifier chain that ends at token i-1 (compound roles before a name)."""
    doc = an.doc
    j = i - 1
    start = i
    while j >= 0:
        tok = doc[j]
        m = an.outer_at(j)
        if m is not None and m.key is not None:
            if an.key_type(m.key) == EntityType.PERSON and m.kind == "name":
                if j + 1 < len(doc) and doc[j + 1].text in POSSESSIVE:
                    start = m.start
                    j = m.start - 1
                    continue
                break
            start = m.start
            j = m.start - 1
            continue
        if tok.text in POSSESSIVE or tok.text == "-" or tok.like_num:
            start = j
            j -= 1
            continue
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") or tok.lower_ in ("year", "old", "ex"):
            if "\n" in tok.text_with_ws and j < i - 1:
                break
            start = j
            j -= 1
            continue
        if tok.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS and tok.dep_ == "poss":
            start = j
            break
        if tok.pos_ == "DET":
            start = j
            break
        if tok.pos_ == "VERB" and j > 0 and doc[j - 1].text == "-":
            start = j
            j -= 1
            continue
        break
    return start


def _resolve_obj(
    an: DocAnalysis,
    start: int,
    end: int,
    role_end: int,
    role: Role,
    after: bool,
    holder: str | None = None,
) -> tuple[str | None, str, bool]:
    """Object of a role whose phrase spans [start, end) with the role word ending at role_end.

    Returns (key, kind, inferred)."""
    doc = an.doc
    inner = [
        m
        for m in _outer(an, start, role_end)
        if m.end == role_end and _typ(an, m) in (EntityType.ORGANIZATION, EntityType.GROUP)
    ]
    if inner and role.object != "person":
        # a pack post that names its institution ("secretary of the supreme national security
        # council of the Islamic Republic"): that institution, not what follows
        return inner[-1].key, "org", False
    if after:  # mentions in the prepositional phrase after the role word
        # leaving out possessors of an unnamed head ("head of the president's security team")
        ments = [
            m
            for m in _outer(an, role_end, end)
            if not (m.end < end and doc[m.end].text in POSSESSIVE and _unnamed_head(an, m.end, end))
            and not _modifies_unnamed(an, m, end)
        ]
        key, kind = _obj_from_mentions(an, ments, role, "last")
        if key is not None:
            return _office(an, key, kind, role)
    before = _outer(an, start, role_end)
    # the possessor "X's" / "his" in the chain
    owner: str | None = None
    for i in range(start, role_end):
        if doc[i].text in POSSESSIVE and i > 0:
            ending = [m for m in an.all_at(i - 1) if m.end == i and m.key]
            if ending:
                owner = ending[-1].key
        elif (
            doc[i].lower_ in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS
            and doc[i].dep_ == "poss"
        ):
            ante = antecedent(an, doc[i], exclude=frozenset({holder} if holder else ()))
            if ante is not None:
                owner = ante.key
    orgs = [m for m in before if _typ(an, m) in (EntityType.ORGANIZATION, EntityType.GROUP)]
    if orgs and role.object != "person":
        return orgs[-1].key, "org", False
    if owner is not None:
        return _office(an, owner, _kind_of(an, owner), role)
    persons = [m for m in before if _typ(an, m) == EntityType.PERSON and m.kind != "name"]
    if persons and role.object in ("person", "office"):
        return _office(an, persons[-1].key or "", "person", role)
    countries = [m for m in before if _typ(an, m) == EntityType.COUNTRY]
    if countries:
        return _office(an, countries[-1].key or "", "country", role)
    for i in range(start, end):
        if doc[i].lower_ in STATE_NOUNS and an.main_country:
            return an.ensure_known(an.main_country), "country", True
    if role.object == "country":
        # a post the pack defines belongs to the pack's country; a generic state office only
        # to the country of a national institution named before it in the sentence
        context = role.country or _context_country(an, start)
        if context is not None:
            return an.ensure_known(context), "country", True
    return None, role.object, False


def _modifies_unnamed(an: DocAnalysis, m: Ment, end: int) -> bool:
    """A country or place written as a modifier of a common noun no mention covers ("head of
    the force's Tehran division"): the post is in that unit, not in the country."""
    if _typ(an, m) != EntityType.COUNTRY or m.end >= end:
        return False
    nxt = an.doc[m.end]
    return nxt.pos_ == "NOUN" and an.outer_at(m.end) is None and an.doc[m.end - 1].head.i == nxt.i


def _unnamed_head(an: DocAnalysis, poss: int, end: int) -> bool:
    """Whether the phrase after a possessive marker at `poss` ends in a common noun that no
    mention covers ("the president's security team"), rather than in a name ("Iran's army")."""
    k = end - 1
    while k > poss and (an.doc[k].is_punct or an.doc[k].is_space):
        k -= 1
    return k > poss and an.doc[k].pos_ == "NOUN" and an.outer_at(k) is None


def position_entity(an: DocAnalysis, start: int, end: int) -> str:
    """A Position entity for a post with no organisation ("Friday prayer leader in Mashhad")."""
    doc = an.doc
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    text = doc[start:end].text
    key = "position:" + " ".join(text.casefold().split())
    if key not in an.types:
        an.types[key] = EntityType.POSITION
        an.names[key] = text
        an.aliases[key] = [text]
    if not any(m.key == key and m.start == start for m in an.ments):
        an.ments.append(Ment(start, end, EntityType.POSITION, "pattern", key=key, kind="position"))
        an.ments.sort(key=lambda m: (m.start, -m.end))
        an.index()
    return key


def _context_country(an: DocAnalysis, start: int) -> str | None:
    """The country a state office without a written country belongs to: the nearest country
    of a national institution named earlier in the sentence ("The Pentagon said ... President X"
    -> the United States), else the pack's country in a document about it when the sentence
    names no other country, else none: the most-mentioned foreign country is not evidence."""
    sent = an.doc[start].sent
    line = an.line_of[start] if an.line_of else 0
    for m in sorted(an.ments, key=lambda m: -m.start):
        if not (sent.start <= m.start < start) or m.key is None:
            continue
        if an.line_of and an.line_of[m.start] != line:
            continue
        inst = an.pack.institutions.get(m.inst) if m.inst else None
        if inst is not None and inst.country and _typ(an, m) != EntityType.COUNTRY:
            return inst.country
    home = an.pack.country
    if home is None or an.main_country != home:
        home = _foreign_home(an)
    if home is None:
        return None
    # a document about the pack's (or a clearly dominant) country: its offices, unless the
    # sentence names another one (after the post only counts when the home country is not
    # named in the sentence as well: "President X named Y Russia's minister ... in Ukraine")
    in_sentence = [
        m
        for m in an.ments
        if sent.start <= m.start < sent.end and _typ(an, m) == EntityType.COUNTRY
    ]
    home_named = any(m.key == home for m in in_sentence)
    others = [m for m in in_sentence if m.key != home and (m.start < start or not home_named)]
    return None if others else home


def _foreign_home(an: DocAnalysis) -> str | None:
    """The main country of a document about another country than the pack's, when the
    document is clearly about it: written at least twice (a capital or one of its national
    institutions counting half) and at least twice as often as any other country ("the
    Kremlin said ... Russia's new defence minister"), or the only country written, when it is
    written as the country of a state office ("Venezuelan President X ... Defence Minister Y")."""
    main = an.main_country
    if main is None:
        return None
    counts: dict[str, float] = {}
    for m in an.ments:
        if m.key is not None and _typ(an, m) == EntityType.COUNTRY:
            counts[m.key] = counts.get(m.key, 0) + 1
        inst = an.pack.institutions.get(m.inst) if m.inst else None
        if inst is not None and inst.country and _typ(an, m) != EntityType.COUNTRY:
            counts[inst.country] = counts.get(inst.country, 0) + 0.5  # "the Kremlin said"
    own = counts.pop(main, 0)
    if own >= 1 and not counts and _writes_own_office(an, main):
        return main  # the only country, written as the country of a state office
    if own < 2 or any(own < 2 * n for n in counts.values()):
        return None
    return main


def _writes_own_office(an: DocAnalysis, country: str) -> bool:
    """Whether the country is written right before one of its state offices ("Venezuelan
    President X", "Russia's defence minister")."""
    doc = an.doc
    for m in an.ments:
        if m.key != country or _typ(an, m) != EntityType.COUNTRY:
            continue
        k = m.end + 1 if m.end < len(doc) and doc[m.end].text in POSSESSIVE else m.end
        found = find_roles(an, k, min(k + 4, len(doc)))
        if not found or found[0][0] != k or found[0][2].object != "country":
            continue
        holder = an.at(found[0][1])  # the office holder's name follows ("the Russian envoy" no)
        if holder is not None and holder.kind == "name" and _typ(an, holder) == EntityType.PERSON:
            return True
    return False


def _kind_of(an: DocAnalysis, key: str) -> str:
    typ = an.key_type(key)
    if typ == EntityType.PERSON:
        return "person"
    if typ == EntityType.COUNTRY:
        return "country"
    return "org"


def _office(an: DocAnalysis, key: str, kind: str, role: Role) -> tuple[str | None, str, bool]:
    """A person possessor of an office role ("X's chief of staff") stands for X's office; a
    loose tie (journalist, analyst) is never to a country ("covers Iranian politics")."""
    if role.predicate == "affiliated_with" and kind == "country":
        return None, role.object, False
    if role.object == "office" and kind == "person":
        office = f"office:{key}"
        if office in an.types:
            return office, "org", False
        return key, "person", True
    return key, kind, False


def _outer(an: DocAnalysis, start: int, end: int) -> list[Ment]:
    """Outermost mentions inside [start, end); descriptor mentions built on a role word of
    this very phrase ("Iran's supreme leader") are left out so the role's parts stay visible."""
    found = [
        m
        for m in an.ments
        if m.start >= start
        and m.end <= end
        and m.key is not None
        and not (m.kind in ("descriptor", "position") and m.end == end)
    ]
    outer = [
        m
        for m in found
        if not any(
            o is not m
            and o.start <= m.start
            and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in found
        )
    ]
    return sorted(outer, key=lambda m: m.start)


def _person_names(an: DocAnalysis) -> list[Ment]:
    return [
        m
        for m in an.ments
        if m.kind in ("name", "title") and an.key_type(m.key) == EntityType.PERSON
    ]


def attach_roles(an: DocAnalysis) -> list[RoleLink]:
    """Every post attached to a named person in the document."""
    links: list[RoleLink] = []
    persons = _person_names(an)
    for p in persons:
        links.extend(_compound(an, p))
        links.extend(_pre_apposition(an, p))
        links.extend(_post_apposition(an, p))
        links.extend(_as_role(an, p))
    links.extend(_copula(an, persons))
    links.extend(_plural_lists(an, persons))
    links.extend(_coordination(an, persons, links))
    links.extend(_unnamed_holder_posts(an))
    _own_country(an, links)
    _record_holders(an, links)
    return _dedupe(links)


def _unnamed_holder_posts(an: DocAnalysis) -> list[RoleLink]:
    """The post of a holder the document knows only by the post ("The Leader of the Islamic
    Revolution, in a message, ..."): written once, at its first mention."""
    links: list[RoleLink] = []
    seen: set[str] = set()
    for m in an.ments:
        if m.kind != "descriptor" or not m.key or not m.key.startswith("holder:") or m.key in seen:
            continue
        word, _, country = m.key.removeprefix("holder:").partition("|")
        if not any(o.key == country for o in an.ments):
            continue  # the country is only assumed (from its institutions): no post stated
        role = an.pack.roles.get(word)
        if role is None:
            role = next((r for r in an.pack.roles.values() if r.descriptor), None)
        if role is None:
            continue
        seen.add(m.key)
        text = an.doc[m.start : m.end].text
        links.append(
            RoleLink(m, role, text, m.start, m.end, country, "country", pattern="descriptor")
        )
    return links


def _own_country(an: DocAnalysis, links: list[RoleLink]) -> None:
    """A state office written without a country takes the country of another post the same
    person holds in the same sentence ("X, Iran's vice president, served as foreign minister")."""
    for link in links:
        if link.obj_key is not None or link.role.object != "country":
            continue
        sent = an.doc[link.person.start].sent
        for other in links:
            if (
                other.person.key == link.person.key
                and other.obj_kind == "country"
                and other.obj_key is not None
                and not other.inferred
                and sent.start <= other.person.start < sent.end
            ):
                link.obj_key, link.obj_kind, link.inferred = other.obj_key, "country", True
                break


def _compound(an: DocAnalysis, p: Ment) -> list[RoleLink]:
    start = _chain_left(an, p.start)
    if start >= p.start:
        return []
    roles = find_roles(an, start, p.start)
    if not roles:
        return _titled_of(an, p, start)
    rs, re_, role = roles[-1]
    key, kind, inferred = _resolve_obj(an, start, rs, re_, role, after=False, holder=p.key)
    if key is None and role.object == "position":
        key, kind = position_entity(an, rs, re_), "position"
    if key is None and (titled := _titled_of(an, p, start)):
        return titled  # "Commander of ORG Sardar X": the rank word alone names no post
    text = an.doc[rs:re_].text
    return [
        RoleLink(
            p, role, text, start, p.end, key, kind, _former(an, start, rs), inferred, "compound"
        )
    ]


def _titled_of(an: DocAnalysis, p: Ment, start: int) -> list[RoleLink]:
    """ "Speaker of the Parliament Firstname Lastname": a capitalised post with its "of ORG"
    written before the name as a title."""
    doc = an.doc
    of = start - 1
    if of < 1 or doc[of].lower_ != "of":
        return []
    roles: list[tuple[int, int, Role]] = []
    # the modifier chain, else a little further left for a post of several words
    # ("Commander in chief of ORG X")
    for left in (_chain_left(an, of), max(doc[of].sent.start, of - 6)):
        roles = find_roles(an, left, of)
        if roles and roles[-1][1] == of and doc[roles[-1][0]].text[:1].isupper():
            break
    else:
        return []
    rs, _re, role = roles[-1]
    orgs = [
        m
        for m in _outer(an, start, p.start)
        if _typ(an, m) in (EntityType.ORGANIZATION, EntityType.GROUP)
    ]
    if not orgs:
        return []
    text = doc[rs : p.start].text
    return [RoleLink(p, role, text, left, p.end, orgs[0].key, "org", _former(an, left, rs), False)]


def _np_before_comma(an: DocAnalysis, comma: int) -> int:
    """Start of the noun phrase that ends just before the comma at token `comma`."""
    doc = an.doc
    j = comma - 1
    start = comma
    while j >= 0:
        tok = doc[j]
        if tok.text in BOUNDARY_PUNCT or tok.text == "," or "\n" in tok.text:
            break
        if tok.pos_ in ("VERB", "AUX") and not (j > 0 and doc[j - 1].text == "-"):
            break
        if tok.pos_ == "CCONJ" or tok.lower_ in ("including", "as", "than", "like"):
            break
        if tok.pos_ == "ADP" and tok.lower_ not in ("of", "for", "at", "in", "to"):
            break
        start = j
        j -= 1
    return start


def left_edge(an: DocAnalysis, p: Ment) -> int:
    """First token of a person mention with its titles and age ("86-year-old Ayatollah X")."""
    doc = an.doc
    i = p.start
    while i > 0:
        tok = doc[i - 1]
        if (
            (tok.text[:1].isupper() and is_title(tok.text, an.pack))
            or tok.text in ("-", ".")
            or tok.like_num
            or tok.lower_ in ("year", "old", "years")
        ):
            i -= 1
        else:
            break
    return i


def _pre_apposition(an: DocAnalysis, p: Ment) -> list[RoleLink]:
    doc = an.doc
    comma = left_edge(an, p) - 1
    if comma <= 0 or doc[comma].text != ",":
        return []
    after = doc[p.end] if p.end < len(doc) else None
    if (
        after is not None
        and after.text not in (",", ".", ";", ":", ")", "—", "–", "and")
        and not (after.is_space or after.text in POSSESSIVE)
    ):
        return []  # "his aging father, Given has built ...": not an apposition
    start = _np_before_comma(an, comma)
    if start >= comma:
        return []
    inner = _outer(an, start, comma)
    if any(
        _typ(an, m) == EntityType.PERSON
        and m.kind == "name"
        and not (m.end < comma and doc[m.end].text in POSSESSIVE)
        for m in inner
    ):
        return []
    roles = _not_possessors(an, find_roles(an, start, comma))
    if not roles:
        return []
    rs, re_, role = roles[-1]
    if re_ < comma and doc[re_].lower_ not in ("of", "to", "for", "at", "in"):
        return []  # the phrase must end with the role or its prepositional phrase
    key, kind, inferred = _resolve_obj(an, start, comma, re_, role, after=re_ < comma, holder=p.key)
    if key is None and re_ < comma:
        key, kind, inferred = _resolve_obj(an, start, rs, re_, role, after=False, holder=p.key)
    return [
        RoleLink(
            p,
            role,
            doc[rs:comma].text,
            start,
            p.end,
            key,
            kind,
            _former(an, start, rs),
            inferred,
            "apposition",
        )
    ]


def _in_object_phrase(an: DocAnalysis, prev_end: int, rs: int) -> bool:
    """Whether tokens [prev_end, rs) join a role to the titled object that follows it
    ("adviser to the", "brother of Syrian")."""
    doc = an.doc
    if prev_end >= rs or doc[prev_end].lower_ not in ("to", "of", "for"):
        return False
    for k in range(prev_end + 1, rs):
        m = an.outer_at(k)
        if doc[k].pos_ in ("DET", "ADJ") or (m is not None and _typ(an, m) == EntityType.COUNTRY):
            continue
        return False
    return True


def _not_possessors(
    an: DocAnalysis, roles: list[tuple[int, int, Role]]
) -> list[tuple[int, int, Role]]:
    """Role phrases that are not a possessor ("the supreme leader's son": the head is "son")."""
    doc = an.doc
    return [r for r in roles if not (r[1] < len(doc) and doc[r[1]].text in POSSESSIVE)]


def _post_apposition(an: DocAnalysis, p: Ment) -> list[RoleLink]:
    doc = an.doc
    i = p.end
    if i >= len(doc) or doc[i].text != ",":
        return []
    j = i + 1
    if j + 1 < len(doc) and doc[j].like_num and len(doc[j].text) <= 3 and doc[j + 1].text == ",":
        j += 2  # "X, 63, governor of ...": the age is not the post
    end = j
    while end < len(doc):
        tok = doc[end]
        if (tok.text in BOUNDARY_PUNCT and tok.text not in "()") or tok.text == ",":
            break
        if "\n" in tok.text:
            break
        if tok.pos_ in ("VERB", "AUX") and not (end > 0 and doc[end - 1].text == "-"):
            break
        if tok.lower_ in ("who", "which", "that", "whose"):
            break
        end += 1
    if end <= j:
        return []
    first = an.outer_at(j)
    modifier = (
        first is not None
        and first.end < len(doc)
        and (doc[first.end].text in POSSESSIVE or doc[first.end].text == "-")
    )
    if (
        first is not None
        and _typ(an, first) == EntityType.PERSON
        and first.kind == "name"
        and not modifier
    ):
        return []
    roles = _not_possessors(an, find_roles(an, j, end))
    for n, (rs, re_, _role) in enumerate(roles):
        named = an.outer_at(re_) if re_ < end else None
        if named is not None and _typ(an, named) == EntityType.PERSON and named.kind == "name":
            if n > 0 and _in_object_phrase(an, roles[n - 1][1], rs):
                break  # "adviser to Supreme Leader Y": Y, with his title, is the object
            end = rs  # "X, Air Force Chief Y, ...": the role belongs to the next person
            break
    roles = [r for r in roles if r[1] <= end]
    if not roles:
        return []
    # the apposition must start with its role phrase (after determiners and modifiers)
    lead = roles[0][0]
    for k in range(j, lead):
        tok = doc[k]
        m = an.outer_at(k)
        if tok.pos_ in ("DET", "ADJ", "NUM", "NOUN", "PROPN") or tok.text in POSSESSIVE:
            continue
        if tok.lower_ in TIME_ADVERBS:  # "X, until now commander of Y"
            continue
        if tok.text == "-" or (tok.pos_ == "VERB" and k > 0 and doc[k - 1].text == "-"):
            continue
        if m is not None:
            continue
        return []
    links: list[RoleLink] = []
    segments: list[tuple[int, int, int, int, Role]] = []
    seg_start, cur_rs, cur_re, cur_role = j, roles[0][0], roles[0][1], roles[0][2]
    for rs, re_, role in roles[1:]:
        # a new post starts after "and" / ","; otherwise the role word belongs to the object
        # of the current one ("advisor to the IRGC Commander-in-Chief")
        k = rs - 1
        while k > cur_re and doc[k].pos_ in ("DET", "ADJ"):
            k -= 1
        if doc[k].lower_ not in ("and", ",", "&"):
            continue
        segments.append((seg_start, cur_rs, cur_re, k, cur_role))
        seg_start, cur_rs, cur_re, cur_role = k + 1, rs, re_, role
    segments.append((seg_start, cur_rs, cur_re, end, cur_role))
    for s0, rs, re_, s1, role in segments:
        key, kind, inferred = _resolve_obj(an, s0, s1, re_, role, after=True, holder=p.key)
        if key is None:
            key, kind, inferred = _resolve_obj(an, s0, rs, re_, role, after=False, holder=p.key)
        if key is None and role.object == "position":
            key, kind = position_entity(an, rs, s1), "position"
        links.append(
            RoleLink(
                p,
                role,
                doc[rs : _without_date(an, re_, s1)].text,
                p.start,
                s1,
                key,
                kind,
                _former(an, s0, rs, s1),
                inferred,
                "apposition",
            )
        )
    return links


def _as_role(an: DocAnalysis, p: Ment) -> list[RoleLink]:
    """ "appointed X as the new commander of ORG", "named X as foreign minister"."""
    doc = an.doc
    i = p.end
    if i < len(doc) and doc[i].text == ",":
        # "named X, until now commander of Y, as chief of staff": past the apposition
        k = i + 1
        while k < len(doc) and k - i < 16 and doc[k].text not in BOUNDARY_PUNCT | {","}:
            k += 1
        if k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ == "as":
            i = k + 1
    if i >= len(doc) or doc[i].lower_ != "as":
        return []
    end = i + 1
    while end < len(doc) and end - i < 20:
        tok = doc[end]
        if tok.text in BOUNDARY_PUNCT or tok.text == "," or "\n" in tok.text:
            break
        if tok.pos_ in ("VERB", "AUX") or tok.lower_ in ("who", "which", "that", "after"):
            break
        end += 1
    roles = find_roles(an, i + 1, end)
    if not roles or any(not _as_modifier(an, k) for k in range(i + 1, roles[0][0])):
        return []
    rs, re_, role = roles[0]
    key, kind, inferred = _resolve_obj(an, i + 1, end, re_, role, after=True, holder=p.key)
    if key is None:
        key, kind, inferred = _resolve_obj(an, i + 1, rs, re_, role, after=False, holder=p.key)
    text = doc[rs : _without_date(an, re_, end)].text
    links = [
        RoleLink(p, role, text, p.start, end, key, kind, _former(an, i + 1, rs), inferred, "as")
    ]
    # "X replaced / succeeded Y as commander": X holds the post now, Y held it before
    head = doc[p.start : p.end].root
    if head.dep_ == "dobj" and head.head.lemma_.casefold() in SUCCESSION_VERBS:
        links[0].former = True
        successors = _subject_people(an, head.head.i)
        links.extend(
            RoleLink(s, role, text, s.start, end, key, kind, False, inferred, "as")
            for s in successors
            if s.key != p.key
        )
    return links


def _as_modifier(an: DocAnalysis, k: int) -> bool:
    """A token allowed between "as" and the role word: determiners, adjectives and a possessor
    ("as Russia's new defence minister", "as the Guard's top commander")."""
    tok = an.doc[k]
    if tok.pos_ in ("DET", "ADJ") or tok.text in POSSESSIVE or tok.tag_ == "PRP$":
        return True
    m = an.outer_at(k)
    return (
        m is not None
        and m.key is not None
        and m.end < len(an.doc)
        and an.doc[m.end].text in POSSESSIVE
        and _typ(an, m) in (EntityType.COUNTRY, EntityType.ORGANIZATION, EntityType.GROUP)
    )


def _without_date(an: DocAnalysis, start: int, end: int) -> int:
    """End of a role phrase before a trailing date ("commander of the IRGC on Friday")."""
    doc = an.doc
    for k in range(start, end):
        if doc[k].ent_type_ in ("DATE", "TIME"):
            while k > start and doc[k - 1].pos_ in ("ADP", "DET", "PUNCT"):
                k -= 1
            return k
    return end


def _subject_people(an: DocAnalysis, verb_i: int) -> list[Ment]:
    """Persons that are the (coordinated) subject of the verb at token verb_i."""
    doc = an.doc
    verb = doc[verb_i]
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj:
        return []
    s = subj[0]
    if s.lower_ in ("who", "that") and verb.dep_ == "relcl":
        # "X, who previously served as speaker": the person the clause hangs on
        m = an.outer_at(verb.head.i)
        if m is not None and _typ(an, m) == EntityType.PERSON:
            return [m]
        head = verb.head
        if head.dep_ == "appos" and head.pos_ == "NOUN":
            # "X, a former minister who has been Y's adviser": the person the post is about
            m = an.outer_at(head.head.i)
            if m is not None and m.kind == "name" and _typ(an, m) == EntityType.PERSON:
                return [m]
        return []
    lo = min(t.i for t in s.subtree)
    hi = max(t.i for t in s.subtree) + 1
    people = [m for m in _outer(an, lo, hi) if _typ(an, m) == EntityType.PERSON]
    # only heads of coordinated noun phrases (not possessors inside them)
    out = []
    for m in people:
        if m.end < len(doc) and doc[m.end].text in POSSESSIVE:
            continue
        out.append(m)
    return out


def _copula(an: DocAnalysis, persons: list[Ment]) -> list[RoleLink]:
    """ "X (and Y) is/remain(s)/became ROLE [of|to Z]", "X was appointed (as) ROLE of Z"."""
    doc = an.doc
    links: list[RoleLink] = []
    for i in range(len(doc)):
        if an.lemma[i] not in COPULAS and an.lemma[i] not in NAMING_VERBS:
            continue
        tok = doc[i]
        deps = ("attr", "acomp") if an.lemma[i] in COPULAS else ("oprd", "attr", "xcomp", "dobj")
        if an.lemma[i] in NAMING_VERBS and not any(c.dep_ == "auxpass" for c in tok.children):
            continue  # only "X was appointed commander"; the active form names its object
        attrs = [c for c in tok.children if c.dep_ in deps]
        if tok.lemma_ in ("serve", "act") or an.lemma[i] in NAMING_VERBS:
            # "X served as minister", "X was appointed as the chief of Y"
            for prep in tok.children:
                if prep.lower_ == "as":
                    attrs.extend(c for c in prep.children if c.dep_ == "pobj")
        if not attrs:
            continue
        subjects = _subject_people(an, tok.i)
        if not subjects:
            continue
        attr = attrs[0]
        lo = min(t.i for t in attr.subtree)
        hi = max(t.i for t in attr.subtree) + 1
        roles = find_roles(an, lo, attr.i + 1)
        if not roles:
            continue
        rs, re_, role = roles[-1]
        # "served as minister from 2013 to 2021": the period hangs on the verb
        period_end = max(
            [hi]
            + [
                max(t.i for t in c.subtree) + 1
                for c in tok.children
                if c.lower_ in ("from", "until", "till", "between") and c.i >= hi
            ]
        )
        for p in subjects:
            key, kind, inferred = _resolve_obj(an, lo, hi, re_, role, after=True, holder=p.key)
            if key is None:
                key, kind, inferred = _resolve_obj(an, lo, rs, re_, role, after=False, holder=p.key)
            links.append(
                RoleLink(
                    p,
                    role,
                    doc[rs:hi].text,
                    min(p.start, lo),
                    hi,
                    key,
                    kind,
                    _former(an, lo, rs, period_end)
                    or any(c.lower_ in FORMER_ADVERBS for c in tok.children),
                    inferred,
                    "copula",
                )
            )
    return links


def _plural_lists(an: DocAnalysis, persons: list[Ment]) -> list[RoleLink]:
    """A plural role spelled out by the list of persons after ':' '—' or 'including'."""
    doc = an.doc
    links: list[RoleLink] = []
    for sent in doc.sents:
        roles = find_roles(an, sent.start, sent.end)
        for rs, re_, role in roles:
            if not is_plural(an, re_):
                continue
            # the list opener must follow the role phrase (possibly after "from ORG, ...")
            k = re_
            opener = None
            implicit = False
            while k < sent.end and k - re_ < 25:
                if doc[k].text in LIST_OPENERS or doc[k].lower_ in LIST_OPENERS:
                    opener = k
                    break
                if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in (".", ";"):
                    break
                if k > re_ and _name_after_org(an, k):
                    # "members of the Presidium A, B and C": the list follows the body
                    opener, implicit = k - 1, True
                    break
                k += 1
            if opener is None:
                continue
            stop = sent.end
            for q in range(opener + 1, sent.end):
                if doc[q].text in ("—", "–") and q > opener + 1:
                    stop = q
                    break
            members = [
                m
                for m in persons
                if opener < m.start < stop
                and m.kind == "name"
                and not (m.end < len(doc) and doc[m.end].text in POSSESSIVE)
            ]
            if not members:
                continue
            chain = _chain_left(an, rs)
            key, kind, inferred = _resolve_obj(an, chain, rs, re_, role, after=False)
            if implicit:
                key, kind, inferred = _resolve_obj(an, re_, opener + 1, re_, role, after=True)
            froms = [
                m.key
                for m in _outer(an, re_, opener)
                if _typ(an, m) in (EntityType.ORGANIZATION, EntityType.GROUP)
                and doc[m.start - 1].lower_ in ("from", "of", "in", "at", "the")
            ]
            for p in members:
                links.append(
                    RoleLink(
                        p,
                        role,
                        doc[rs:re_].text,
                        chain,
                        stop,
                        key,
                        kind,
                        _former(an, chain, rs),
                        inferred,
                        "list",
                        extra_objects=[] if implicit else [f for f in froms if f and f != key],
                    )
                )
    return links


def _name_after_org(an: DocAnalysis, k: int) -> bool:
    """Whether a person's name starts at token k right after an organisation's name."""
    here = an.outer_at(k)
    before = an.outer_at(k - 1)
    return (
        here is not None
        and here.start == k
        and here.kind == "name"
        and _typ(an, here) == EntityType.PERSON
        and before is not None
        and before.end == k
        and _typ(an, before) in (EntityType.ORGANIZATION, EntityType.GROUP)
    )


def _coordination(an: DocAnalysis, persons: list[Ment], links: list[RoleLink]) -> list[RoleLink]:
    """ "former foreign ministers A and B": B, coordinated with A, shares A's plural post."""
    doc = an.doc
    out: list[RoleLink] = []
    by_person = {id(link.person): link for link in links if link.pattern == "compound"}
    ordered = sorted(persons, key=lambda m: m.start)
    for n, p in enumerate(ordered):
        link = by_person.get(id(p))
        if link is None or not is_plural(an, _role_end(an, link)):
            continue
        prev = p
        for q in ordered[n + 1 :]:
            between = doc[prev.end : q.start]
            words = [t.lower_ for t in between]
            if not words or any(w not in (",", "and", "&") for w in words):
                break
            if id(q) in by_person:
                break
            out.append(
                RoleLink(
                    q,
                    link.role,
                    link.role_text,
                    link.start,
                    q.end,
                    link.obj_key,
                    link.obj_kind,
                    link.former,
                    link.inferred,
                    "coordination",
                )
            )
            prev = q
    return out


def _role_end(an: DocAnalysis, link: RoleLink) -> int:
    roles = find_roles(an, link.start, link.person.start)
    return roles[-1][1] if roles else link.person.start


def _record_holders(an: DocAnalysis, links: list[RoleLink]) -> None:
    heads = set(an.pack.descriptor_heads) | {r.word for r in an.pack.roles.values() if r.descriptor}
    an.posts = sorted(
        (link.person.start, link.role.word, link.person.key)
        for link in links
        if link.person.key is not None
    )
    for link in links:
        if link.obj_kind != "country" or link.former or link.person.key is None:
            continue
        word = link.role.word
        if word in heads or link.role.descriptor:
            an.holders.setdefault(f"{word}|{link.obj_key}", link.person.key)
        if link.pattern != "compound":
            continue  # only a title before the name ("President X") says X holds it now
        office = f"{word}|{link.obj_key}"
        if an.office_holders.get(office, link.person.key) != link.person.key:
            an.office_holders[office] = None  # two holders: "the minister" is ambiguous
        else:
            an.office_holders[office] = link.person.key


def _dedupe(links: list[RoleLink]) -> list[RoleLink]:
    seen: set[tuple[int, str, str | None, str]] = set()
    out = []
    for link in links:
        k = (link.person.start, link.role.word, link.obj_key, link.pattern)
        if k in seen:
            continue
        seen.add(k)
        out.append(link)
    return out
