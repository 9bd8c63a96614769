"""Rule-based in-document coreference: one entity key per real-world entity of a document.

- Persons: a bare surname joins the closest earlier full name with that surname ("Lastname" ->
  "Firstname Lastname"), a first name joins the one full name starting with it when it is nobody's
  surname ("Given" -> "Given Lastname"); different given names stay different persons.
- Organisations: pack institutions by id (so "the Guard" = "IRGC"), others by folded name,
  acronym ("People's Mojahedin Organization (PMOI)") and "known as" aliases.
- Descriptive references: "the supreme leader", "Iran's leader", "the Iranian leader" join the
  person holding that post in the document; "the elected president" with no holder becomes a
  Position; "X's inner circle" a Group and "X's office" an Organization owned by X, with "the
  (loose) group" referring back to the last circle.
- Pronouns (`antecedent`): he/his -> closest earlier person in the sentence, else the subject of
  the previous sentence; it/its -> closest earlier organisation.

Role phrases that identify post holders come from `roles`; nothing here emits statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from innercircle.extract.context import (
    POSSESSIVE,
    DocAnalysis,
    Ment,
    fold,
    previous_sentence,
    strip_possessive,
)
from innercircle.records import EntityType

PERSON_PRONOUNS = frozenset(["he", "him", "his", "himself", "she", "her", "hers", "herself"])
ORG_PRONOUNS = frozenset(["it", "its", "itself"])
PLURAL_PRONOUNS = frozenset(["they", "them", "their", "themselves"])
PARTICLES = frozenset({"al", "el", "ol", "ul", "ad", "ed", "ar", "as", "an", "az"})
GROUP_ANAPHOR_HEADS = frozenset({"group", "circle", "body"})


@dataclass
class PersonCluster:
    key: str
    words: list[str]
    surnames: set[str] = field(default_factory=set)
    first: str | None = None
    mentions: list[Ment] = field(default_factory=list)


def name_words(text: str) -> list[str]:
    words = [w.strip("-") for w in re.split(r"\s+", strip_possessive(text)) if w.strip("-")]
    return [w for w in words if w.casefold() not in ("the", "a", "an")]


def surname_forms(words: list[str]) -> set[str]:
    last = words[-1]
    forms = {fold(last)}
    if "-" in last:
        parts = last.split("-")
        if parts[0].casefold() in PARTICLES and len(parts) > 1:
            forms.add(fold("-".join(parts[1:])))
    folded = fold(last).split()
    if len(folded) > 1 and folded[0] in PARTICLES:
        forms.add(" ".join(folded[1:]))
    return forms


def cluster_names(an: DocAnalysis) -> None:
    """Give every name mention an entity key."""
    doc = an.doc
    counter = 0
    clusters: list[PersonCluster] = []
    persons = [m for m in an.ments if m.type == EntityType.PERSON and m.kind == "name"]
    full = [m for m in persons if len(name_words(m.text(doc))) >= 2]
    single = [m for m in persons if len(name_words(m.text(doc))) < 2]
    for m in sorted(full, key=lambda m: (-len(name_words(m.text(doc))), m.start)):
        words = name_words(m.text(doc))
        folded = [fold(w) for w in words]
        target = None
        for c in clusters:
            cf = [fold(w) for w in c.words]
            if folded == cf or (
                folded[-1] == cf[-1] and all(w in cf for w in folded) and len(folded) < len(cf)
            ):
                target = c
                break
        if target is None:
            counter += 1
            target = PersonCluster(
                key=f"person:{counter}",
                words=words,
                surnames=surname_forms(words),
                first=fold(words[0]),
            )
            clusters.append(target)
        target.mentions.append(m)
        m.key = target.key
    all_surnames = {s for c in clusters for s in c.surnames}
    # persons the article calls by their given name ("Given") are not the ones a bare
    # shared surname ("Lastname") refers to
    by_first = {
        c.key
        for c in clusters
        for m in single
        if c.first == fold(strip_possessive(m.text(doc))) and c.first not in all_surnames
    }
    singles: dict[str, PersonCluster] = {}
    for m in sorted(single, key=lambda m: m.start):
        word = fold(strip_possessive(m.text(doc)))
        cands = [c for c in clusters if word in c.surnames]
        if len(cands) > 1 and any(c.key not in by_first for c in cands):
            cands = [c for c in cands if c.key not in by_first]
        if not cands and word not in all_surnames:
            cands = [c for c in clusters if c.first == word]
            if len(cands) > 1:
                cands = []
        if cands:
            target = _closest(cands, m, doc)
        elif word in singles:
            target = singles[word]
        else:
            counter += 1
            target = PersonCluster(key=f"person:{counter}", words=[m.text(doc)])
            singles[word] = target
            clusters.append(target)
        target.mentions.append(m)
        m.key = target.key
    for c in clusters:
        best = max(c.mentions, key=lambda m: (len(name_words(m.text(doc))), -m.start))
        an.names[c.key] = " ".join(name_words(best.text(doc)))
        an.types[c.key] = EntityType.PERSON
        an.aliases[c.key] = _unique([strip_possessive(m.text(doc)) for m in c.mentions])
        an.titles[c.key] = _unique([t for m in c.mentions for t in m.titles])
    _cluster_titles(an)
    _cluster_orgs(an)
    _cluster_countries(an)
    _branches(an)
    _short_names(an)


def _closest(cands: list[PersonCluster], m: Ment, doc: Doc) -> PersonCluster:
    """Among persons sharing a surname, the one whose full name was written most recently
    before the mention (relatives called by their given name are excluded by the caller),
    else the first one introduced after it."""

    def order(c: PersonCluster) -> tuple[int, int]:
        full = [x.start for x in c.mentions if len(name_words(x.text(doc))) >= 2]
        before = [s for s in full if s < m.start]
        if before:
            # "Surname's wife, Firstname Surname": introduced as a relative of the surname
            relative = min(full) >= 3 and _kin_apposition(doc, min(full))
            return (1 if relative else 0, -max(before))
        return (2, min(full or [x.start for x in c.mentions]))

    return min(cands, key=order)


KIN_NOUNS = frozenset(
    {
        "wife",
        "husband",
        "widow",
        "son",
        "daughter",
        "brother",
        "sister",
        "father",
        "mother",
        "cousin",
        "nephew",
        "niece",
        "uncle",
        "aunt",
        "brother-in-law",
        "son-in-law",
    }
)


def _kin_apposition(doc: Doc, start: int) -> bool:
    """Whether the name at `start` follows "X's <kinship noun>," ("Surname's wife, ...")."""
    if doc[start - 1].text != ",":
        return False
    for j in range(start - 2, max(start - 8, -1), -1):
        if doc[j].text in ("'s", "’s"):
            return doc[j + 1 : start - 1].text.casefold() in KIN_NOUNS
    return False


def _unique(items: list[str]) -> list[str]:
    return [x for x in dict.fromkeys(items) if x]


def _cluster_titles(an: DocAnalysis) -> None:
    doc = an.doc
    for m in an.ments:
        if m.kind != "title":
            continue
        title = doc[m.start].text
        holder = next(
            (k for k, ts in an.titles.items() if any(fold(t) == fold(title) for t in ts)), None
        )
        if holder is None:
            m.key = f"title:{fold(title)}"
            an.names[m.key] = f"the {title}"
            an.types[m.key] = EntityType.PERSON
            an.aliases.setdefault(m.key, [])
            an.aliases[m.key] = _unique([*an.aliases[m.key], title])
        else:
            m.key = holder


def _cluster_orgs(an: DocAnalysis) -> None:
    doc = an.doc
    acronyms: dict[str, str] = {}
    orgs = [m for m in an.ments if m.type in (EntityType.ORGANIZATION, EntityType.GROUP)]
    for m in orgs:
        if m.kind != "name":
            continue
        if m.inst is not None:
            m.key = m.inst
            an.names[m.key] = an.pack.institutions[m.inst].name
            an.insts[m.key] = m.inst
        else:
            m.key = "org:" + fold(strip_possessive(m.text(doc)))
            an.names.setdefault(m.key, strip_possessive(m.text(doc)))
        an.types[m.key] = m.type
        an.aliases.setdefault(m.key, [])
        an.aliases[m.key] = _unique([*an.aliases[m.key], strip_possessive(m.text(doc))])
    # "Long Name (ACR)" and initials
    for m in orgs:
        if m.kind != "name" or m.key is None:
            continue
        end = m.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acr = doc[end + 1].text
            if acr.isupper() and len(acr) >= 2:
                acronyms[acr] = _acronym_owner(an, m, acr)
    for m in orgs:
        if m.kind != "name" or m.inst is not None or m.key is None:
            continue
        text = m.text(doc)
        target = acronyms.get(text)
        if target is None and text.isupper() and len(text) >= 2:
            for other in orgs:
                if other.key and other.key != m.key and _initials(other.text(doc)) == text:
                    target = other.key
                    break
        if target is not None and target != m.key:
            _rekey(an, m.key, target)
    _known_as(an)


def _acronym_owner(an: DocAnalysis, m: Ment, acr: str) -> str:
    """The organisation "Long Name (ACR)" abbreviates: the whole name, or the part after its
    last "of" whose initials are ACR when the whole name's are not ("the Eighth Central
    Committee of the Workers' Party of Korea (WPK)" -> the party)."""
    text = strip_possessive(m.text(an.doc))
    if _initials(text) == acr or m.key is None:
        return m.key or ""
    parts = re.split(r"\s+of\s+(?:the\s+)?", text)
    for n in range(1, len(parts)):
        suffix = " of ".join(parts[n:])
        if _initials(suffix) == acr:
            key = "org:" + fold(suffix)
            an.names.setdefault(key, suffix)
            an.types[key] = EntityType.ORGANIZATION
            an.aliases.setdefault(key, [suffix])
            return key
    return m.key


def _initials(text: str) -> str:
    words = [w for w in re.split(r"[\s-]+", text) if w and w.casefold() not in ("of", "the", "and")]
    return "".join(w[0] for w in words if w[0].isalpha()).upper() if len(words) > 1 else ""


def _known_as(an: DocAnalysis) -> None:
    """ "X, known as “Y”" and "X (also known as Y)": Y is another name of X."""
    doc = an.doc
    for m in list(an.ments):
        if m.type not in (EntityType.ORGANIZATION, EntityType.GROUP) or m.key is None:
            continue
        i = m.end
        while i < len(doc) and doc[i].text in (",", "(") and i - m.end < 2:
            i += 1
        if i + 2 < len(doc) and doc[i].lower_ == "also":
            i += 1
        if not (i + 1 < len(doc) and doc[i].lower_ == "known" and doc[i + 1].lower_ == "as"):
            continue
        j = i + 2
        while j < len(doc) and doc[j].is_quote:
            j += 1
        k = j
        while k < len(doc) and doc[k].text[:1].isupper() and not doc[k].is_punct:
            k += 1
        if k == j:
            continue
        for other in [o for o in an.ments if o.start < k and j < o.end]:
            an.ments.remove(other)
        alias = Ment(j, k, m.type, "pattern", key=m.key, inst=m.inst)
        an.ments.append(alias)
        an.aliases[m.key] = _unique([*an.aliases[m.key], doc[j:k].text])
    an.ments.sort(key=lambda m: (m.start, -m.end))
    an.index()


def _rekey(an: DocAnalysis, old: str, new: str) -> None:
    for m in an.ments:
        if m.key == old:
            m.key = new
        if m.owner == old:
            m.owner = new
    an.aliases[new] = _unique([*an.aliases.get(new, []), *an.aliases.pop(old, [])])
    an.names.pop(old, None)
    an.types.pop(old, None)


def _cluster_countries(an: DocAnalysis) -> None:
    doc = an.doc
    for m in an.ments:
        if m.type != EntityType.COUNTRY:
            continue
        if m.kind == "place" or m.inst is None:
            m.key = None
            continue
        m.key = m.inst
        an.names[m.key] = an.pack.countries[m.inst].name
        an.types[m.key] = EntityType.COUNTRY
        an.aliases.setdefault(m.key, [])
        an.aliases[m.key] = _unique([*an.aliases[m.key], strip_possessive(m.text(doc))])


def _short_names(an: DocAnalysis) -> None:
    """ "the Guard" after "the National Guard", "the Council" after "the Guardian Council": the
    last word of an organisation's name, capitalised after "the", refers back to it."""
    doc = an.doc
    last_word: dict[str, str] = {}
    new: list[Ment] = []
    for tok in doc:
        m = an.at(tok.i)
        if m is not None and m.key and m.end == tok.i + 1 and m.end - m.start > 1:
            if an.key_type(m.key) in (EntityType.ORGANIZATION, EntityType.GROUP):
                last_word[tok.text] = m.key
            continue
        single_model_org = (
            m is not None and m.source == "ner" and m.inst is None and m.end - m.start == 1
        )
        if (m is not None and not single_model_org) or tok.i == 0:
            continue
        if doc[tok.i - 1].lower_ != "the":
            continue
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.text not in last_word:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            continue
        key = last_word[tok.text]
        if m is not None and m.key is not None:
            if m.key != key and not any(o.key == m.key for o in an.ments if o is not m):
                an.names.pop(m.key, None)
                an.types.pop(m.key, None)
                an.aliases.pop(m.key, None)
            m.key = key
            m.source = "coref"
            continue
        new.append(Ment(tok.i, tok.i + 1, an.types[key], "coref", key=key))
    if new:
        an.ments.extend(new)
        an.ments.sort(key=lambda m: (m.start, -m.end))
        an.index()


def _branches(an: DocAnalysis) -> None:
    """ "the ISIS branch in Afghanistan", "Hezbollah's military wing": an organisation of its
    own, owned by the organisation named before it (and located in the place after it)."""
    doc = an.doc
    nouns = {n.casefold() for n in an.pack.branch_nouns}
    new: list[Ment] = []
    for m in an.ments:
        if m.kind != "name" or m.key is None:
            continue
        if an.key_type(m.key) not in (EntityType.ORGANIZATION, EntityType.GROUP):
            continue
        i = m.end
        if i < len(doc) and doc[i].text in POSSESSIVE:
            i += 1
        while i < len(doc) and doc[i].pos_ == "ADJ":
            i += 1
        if i >= len(doc) or doc[i].lower_ not in nouns or doc[i].pos_ != "NOUN":
            continue
        end = i + 1
        place: str | None = None
        if end + 1 < len(doc) and doc[end].lower_ in ("in", "of"):
            pm = an.outer_at(end + 1)
            if pm is not None and pm.type == EntityType.COUNTRY and pm.start == end + 1:
                end = pm.end
                place = pm.key
        if place is None:
            continue  # "the Guards' branch for operations abroad" describes, not names
        text = doc[m.start : end].text
        key = "org:" + fold(text)
        new.append(
            Ment(
                m.start,
                end,
                EntityType.ORGANIZATION,
                "pattern",
                key=key,
                kind="branch",
                owner=m.key,
                label=place,
            )
        )
        an.names[key] = text
        an.types[key] = EntityType.ORGANIZATION
        an.aliases[key] = [text]
    an.ments.extend(new)
    an.ments.sort(key=lambda m: (m.start, -m.end))
    an.index()


# --- descriptors, circles, offices, positions ----------------------------------------------
def descriptor_heads(an: DocAnalysis) -> list[str]:
    heads = set(an.pack.descriptor_heads)
    heads.update(r.word for r in an.pack.roles.values() if r.descriptor)
    return sorted(heads, key=lambda h: -len(h.split()))


def _match_words(an: DocAnalysis, i: int, phrase: str) -> int:
    """End token index if the words of `phrase` start at token i (case-insensitive)."""
    j = i
    n = len(an.lower)
    for w in phrase.split():
        if j >= n or (an.lower[j] != w and an.lemma[j] != w):
            return -1
        j += 1
    return j


def _country_before(an: DocAnalysis, i: int) -> tuple[int, str | None, bool]:
    """Walk left from token i over the modifiers of a post: returns (start, country, has_det)."""
    doc = an.doc
    start = i
    country: str | None = None
    has_det = False
    j = i - 1
    while j >= 0:
        tok = doc[j]
        m = an.at(j)
        if m is not None and m.type == EntityType.COUNTRY and m.key:
            country = m.key
            start = m.start
            j = m.start - 1
            continue
        if tok.text in POSSESSIVE and j > 0:
            j -= 1
            continue
        if tok.lower_ in ("the", "this", "that"):
            has_det = True
            start = j
            break
        if tok.lower_ in ("regime", "state", "aging", "ailing", "then", "current", "new") or (
            tok.like_num or tok.text == "-" or tok.lower_ in ("year", "old", "years")
        ):
            j -= 1
            continue
        break
    return start, country, has_det


def resolve_descriptors(an: DocAnalysis) -> None:
    """Mentions of post holders written as the post ("the supreme leader")."""
    doc = an.doc
    heads = descriptor_heads(an)
    taken: set[int] = set()
    new: list[Ment] = []
    firsts = {h.split()[0] for h in heads}
    for i, tok in enumerate(doc):
        if i in taken or an.pos[i] not in ("NOUN", "PROPN", "ADJ"):
            continue
        if an.lower[i] not in firsts and an.lemma[i] not in firsts:
            continue
        for head in heads:
            end = _match_words(an, i, head)
            if end < 0:
                continue
            if end < len(doc) and doc[end].lower_ == "of":
                break
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
                break  # a title before a name: handled as a role of that name
            start, country, has_det = _country_before(an, i)
            capital = tok.text[:1].isupper()
            if not (has_det or country or capital):
                break
            homes = (
                [country]
                if country
                else _unique([c for c in (an.main_country, an.pack.country) if c])
            )
            holder = next(
                (an.holders[f"{head}|{c}"] for c in homes if f"{head}|{c}" in an.holders), None
            )
            if holder is None and head in an.pack.descriptor_heads:
                holder = next((h for c in homes if (h := _any_holder(an, c))), None)
            if holder is None:
                holder = _unnamed_holder(an, head, homes, start, end)
            if holder is None:
                break
            new.append(
                Ment(start, end, EntityType.PERSON, "descriptor", key=holder, kind="descriptor")
            )
            taken.update(range(i, end))
            break
    an.ments.extend(new)
    an.ments.sort(key=lambda m: (m.start, -m.end))
    an.index()
    for m in new:
        if m.key:
            an.aliases[m.key] = _unique([*an.aliases.get(m.key, []), m.text(doc)])


def _unnamed_holder(
    an: DocAnalysis, head: str, homes: list[str], start: int, end: int
) -> str | None:
    """A person for a descriptor post whose holder the document never names ("The Leader of
    the Islamic Revolution, in a message, ..."): only the post written out in full (two words
    or more) or a capitalised one-word post inside a sentence ("the Leader's representative"),
    and only in a document about a country. Later descriptors of the post refer to it."""
    doc = an.doc
    if not homes:
        return None
    if len(head.split()) < 2 and (
        not doc[end - 1].text[:1].isupper() or doc[end - 1].is_sent_start
    ):
        return None
    country = homes[0]
    key = f"holder:{head}|{country}"
    if key not in an.types:
        first = start + 1 if doc[start].lower_ == "the" else start
        an.names[key] = doc[first:end].text or head.title()
        an.types[key] = EntityType.PERSON
        an.aliases.setdefault(key, [])
        an.holders[f"{head}|{country}"] = key
    return key


def _any_holder(an: DocAnalysis, country: str | None) -> str | None:
    """The holder of the country's descriptor posts when there is exactly one."""
    found = {k for post, k in an.holders.items() if post.endswith(f"|{country}")}
    return next(iter(found)) if len(found) == 1 else None


def possessor_key(an: DocAnalysis, i: int) -> str | None:
    """Entity key of the possessor ending just before token i ("X's", "his", "its")."""
    doc = an.doc
    if i <= 0:
        return None
    j = i - 1
    if doc[j].text in POSSESSIVE:
        ending = [m for m in an.all_at(j - 1) if m.end == j and m.key] if j > 0 else []
        return ending[-1].key if ending else None
    if doc[j].lower_ in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS and doc[j].dep_ == "poss":
        ante = antecedent(an, doc[j])
        return ante.key if ante is not None else None
    return None


def resolve_circles_and_offices(an: DocAnalysis) -> None:
    """ "X's inner circle" (Group), "X's office" (Organization), "the loose group" (-> circle)."""
    doc = an.doc
    circles = sorted(an.pack.circle_nouns, key=lambda p: -len(p.split()))
    offices = an.pack.office_nouns
    new: list[Ment] = []
    last_circle: tuple[int, str] | None = None
    interesting = {p.split()[0] for p in circles} | set(offices) | GROUP_ANAPHOR_HEADS
    for i, tok in enumerate(doc):
        if an.pos[i] not in ("NOUN", "PROPN", "ADJ"):
            continue
        if an.lower[i] not in interesting and an.lemma[i] not in interesting:
            continue
        if an.at(i) is not None and an.at(i).kind == "name":  # type: ignore[union-attr]
            continue
        matched = False
        for phrase in circles:
            end = _match_words(an, i, phrase)
            if end < 0:
                continue
            owner = possessor_key(an, i)
            if owner is None or an.key_type(owner) != EntityType.PERSON:
                continue
            key = f"circle:{owner}"
            new.append(
                Ment(i, end, EntityType.GROUP, "pattern", key=key, kind="circle", owner=owner)
            )
            an.names.setdefault(key, f"{an.names.get(owner, owner)}'s {phrase}")
            an.types[key] = EntityType.GROUP
            an.aliases.setdefault(key, [])
            an.aliases[key] = _unique([*an.aliases[key], doc[i:end].text])
            last_circle = (i, key)
            matched = True
            break
        if matched:
            continue
        if tok.lower_ in offices and tok.pos_ == "NOUN":
            owner = possessor_key(an, i)
            if owner is None or an.key_type(owner) != EntityType.PERSON:
                continue
            start = i
            if doc[i - 1].text in POSSESSIVE:
                owner_m = an.outer_at(i - 2)
                if owner_m is not None:
                    start = owner_m.start
            key = f"office:{owner}"
            new.append(
                Ment(
                    start,
                    i + 1,
                    EntityType.ORGANIZATION,
                    "pattern",
                    key=key,
                    kind="office",
                    owner=owner,
                )
            )
            an.names.setdefault(key, f"{an.names.get(owner, owner)}'s {tok.lower_}")
            an.types[key] = EntityType.ORGANIZATION
            an.aliases.setdefault(key, [])
            an.aliases[key] = _unique([*an.aliases[key], doc[start : i + 1].text])
            continue
        if (
            tok.lower_ in GROUP_ANAPHOR_HEADS
            and last_circle is not None
            and i - last_circle[0] < 150
            and not (i + 1 < len(doc) and doc[i + 1].lower_ == "of")
        ):
            j = i - 1
            while j >= 0 and doc[j].pos_ == "ADJ":
                j -= 1
            if j >= 0 and doc[j].lower_ in ("the", "this") and j < i - 1:
                key = last_circle[1]
                new.append(Ment(j + 1, i + 1, EntityType.GROUP, "coref", key=key, kind="circle"))
                an.aliases[key] = _unique([*an.aliases[key], doc[j + 1 : i + 1].text])
    an.ments.extend(new)
    an.ments.sort(key=lambda m: (m.start, -m.end))
    an.index()


# --- pronouns ------------------------------------------------------------------------------
def _is_person(an: DocAnalysis, m: Ment) -> bool:
    return m.key is not None and an.key_type(m.key) == EntityType.PERSON


def _is_org(an: DocAnalysis, m: Ment) -> bool:
    return m.key is not None and an.key_type(m.key) in (EntityType.ORGANIZATION, EntityType.GROUP)


def sentence_subject(
    an: DocAnalysis, sent: Span, want: str = "person", depth: int = 0
) -> Ment | None:
    """The mention that is the grammatical subject of the sentence (or its first person)."""
    test = _is_person if want == "person" else _is_org
    root_subj = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    pronouns = PERSON_PRONOUNS if want == "person" else ORG_PRONOUNS | PLURAL_PRONOUNS
    if root_subj and root_subj[0].lower_ in pronouns and depth < 3:
        return antecedent(an, root_subj[0], depth + 1)  # "He is due to ..." -> who he is
    cands = [m for m in an.ments if sent.start <= m.start < sent.end and test(an, m)]
    if not cands:
        return None
    for m in cands:
        for tok in an.doc[m.start : m.end]:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i == sent.root.i:
                return m
    for m in cands:
        for tok in an.doc[m.start : m.end]:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                return m
    return cands[0]


def antecedent(
    an: DocAnalysis, tok: Token, depth: int = 0, exclude: frozenset[str] = frozenset()
) -> Ment | None:
    """The mention a pronoun refers to (None when unsure); `exclude` lists entity keys it
    cannot be ("X has been his adviser": his is not X)."""
    low = tok.lower_
    if low in PERSON_PRONOUNS:
        test = _is_person
        want = "person"
    elif low in ORG_PRONOUNS or low in PLURAL_PRONOUNS:
        test = _is_org
        want = "org"
    else:
        return None
    sent = tok.sent
    same = [
        m
        for m in an.ments
        if sent.start <= m.start and m.end <= tok.i and test(an, m) and m.key not in exclude
    ]
    if same:
        return max(same, key=lambda m: (m.end, m.end - m.start))
    prev: Span | None = sent
    for _ in range(3):
        prev = previous_sentence(an.doc, prev) if prev is not None else None
        if prev is None:
            break
        subj = sentence_subject(an, prev, want, depth)
        if subj is not None and subj.key not in exclude:
            return subj
        if subj is not None:
            others = [
                m
                for m in an.ments
                if prev.start <= m.start < prev.end and test(an, m) and m.key not in exclude
            ]
            if others:
                return others[0]
    return None


def mention_or_antecedent(an: DocAnalysis, tok: Token) -> Ment | None:
    """The entity mention at a token, resolving pronouns."""
    if tok.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS:
        return antecedent(an, tok)
    m = an.outer_at(tok.i)
    if m is not None and m.key is not None:
        return m
    return None
