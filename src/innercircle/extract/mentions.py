"""Find name mentions: persons, organisations, groups and countries.

Combines the model's entities with the pack's institution and country spans and repairs the
small model's known error patterns with general rules: titles are stripped from names; a
surname or unique first name seen in a full name is a person wherever it recurs; a string the
model labels a person once is a person everywhere; a name after a title is a person; a byline
or the subject of a "writes/said" verb made of capitalised words the model labelled
inconsistently is a person; title-cased headline lines only yield names found elsewhere.
Pack common nouns ("parliament") count only in documents about the pack's country and not
after another country's name; anaphors ("the Guard") only when the full name occurs too.

Descriptive references ("the supreme leader"), possessive circles and offices, pronouns and
clustering are `coref`'s job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from innercircle.extract.context import POSSESSIVE, DocAnalysis, Ment, fold
from innercircle.extract.fuzzy import fuzzy_institutions
from innercircle.extract.titles import is_title, split_titles, standalone_title
from innercircle.records import EntityType

KIND_PRIORITY = {
    "inst": 0,
    "country": 0,
    "generic": 1,
    "demonym": 1,
    "unit": 2,
    "capital": 2,
    "anaphor": 3,
}
LOCATIVE = frozenset(
    [
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "around",
        "across",
        "to",
        "into",
        "throughout",
        "within",
        "toward",
        "towards",
    ]
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
PERSON_VERBS = frozenset({"write", "say", "tell", "argue", "warn", "add", "note", "explain"})
# model labels of names a country word can be part of ("Iran Program"); a DATE span that runs
# over a dateline into the country ("June 14, 2025 - Iran's") does not hide the country
NAMED_LABELS = frozenset({"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
STOP_NAME_WORDS = frozenset({"the", "a", "an", "and", "of"})


@dataclass
class PackSpan:
    start: int
    end: int
    kind: str
    id: str


def detect_mentions(an: DocAnalysis) -> None:
    """Fill `an.ments` with name mentions (not yet clustered)."""
    an.compute_lines()
    doc = an.doc
    spans = _pack_spans(an)
    country_kinds = ("country", "demonym", "capital")
    countries = [s for s in spans if s.kind in country_kinds and _keep_pack_span(an, s, spans)]
    an.main_country = _main_country(an, countries + [s for s in spans if s.kind == "inst"])
    kept = countries + [
        s for s in spans if s.kind not in country_kinds and _keep_pack_span(an, s, spans)
    ]
    kept.sort(key=lambda s: s.start)
    ments: list[Ment] = []
    for s in kept:
        ments.append(_pack_ment(an, s))
    ments.extend(_model_ments(an, kept))
    ments = _repair_persons(an, ments)
    ments.extend(_standalone_titles(an, ments))
    ments.extend(_media_outlets(an, ments))
    ments.sort(key=lambda m: (m.start, -m.end))
    an.ments = _drop_nested_duplicates(ments)
    an.index()
    del doc


# --- pack spans ----------------------------------------------------------------------------
def _pack_spans(an: DocAnalysis) -> list[PackSpan]:
    raw: list[PackSpan] = []
    for sp in an.doc.spans.get("pack", []):
        kind, _, pid = sp.label_.partition(":")
        raw.append(PackSpan(sp.start, sp.end, kind, pid))
    exact = {(s.start, s.end) for s in raw}
    for hit in fuzzy_institutions(an.doc, an.pack):  # "Islamic Revolution Guards Corp"
        if (hit.start, hit.end) not in exact:
            raw.append(PackSpan(hit.start, hit.end, hit.kind, hit.id))
    raw.sort(key=lambda s: (-(s.end - s.start), KIND_PRIORITY.get(s.kind, 9), s.start))
    taken: set[int] = set()
    out: list[PackSpan] = []
    for s in raw:
        if any(i in taken for i in range(s.start, s.end)):
            continue
        taken.update(range(s.start, s.end))
        out.append(s)
    out.sort(key=lambda s: s.start)
    return out


def _main_country(an: DocAnalysis, spans: list[PackSpan]) -> str | None:
    counts = Counter(s.id for s in spans if s.kind in ("country", "demonym"))
    for s in spans:
        if s.kind in ("inst", "generic"):
            inst = an.pack.institutions.get(s.id)
            if inst is not None and inst.country:
                counts[inst.country] += 0.5  # type: ignore[assignment]
    if not counts:
        return None  # no country written: the pack's country is not assumed
    best = max(counts.values())
    home = an.pack.country
    if home is not None and counts.get(home, 0) * 2 >= best:
        return home  # the pack's country unless another one clearly dominates
    return sorted(c for c, n in counts.items() if n == best)[0]


def _model_ent_at(an: DocAnalysis, i: int) -> Span | None:
    """The model entity covering token i (index built once per document)."""
    if an.ent_index is None:
        an.ent_index = {t: ent for ent in an.doc.ents for t in range(ent.start, ent.end)}
    return an.ent_index.get(i)


def _foreign_modifier(an: DocAnalysis, start: int, spans: list[PackSpan], home: str | None) -> bool:
    """Whether a country other than `home` is written just before token `start`."""
    doc = an.doc
    i = start - 1
    steps = 0
    while i >= 0 and steps < 3:
        tok = doc[i]
        if tok.text in POSSESSIVE:
            i -= 1
            continue
        for s in spans:
            if s.start <= i < s.end and s.kind in ("country", "demonym", "capital"):
                return s.id != home
        if tok.pos_ in ("ADJ", "NOUN", "PROPN") and tok.text[:1].islower():
            i -= 1
            steps += 1
            continue
        if tok.pos_ == "PROPN":
            ent = _model_ent_at(an, i)
            if ent is not None and ent.label_ in ("GPE", "NORP"):
                return an.pack.country_by_name(ent.text) != home
        break
    return False


def _keep_pack_span(an: DocAnalysis, s: PackSpan, spans: list[PackSpan]) -> bool:
    doc = an.doc
    ent = _model_ent_at(an, s.start)
    if s.kind in ("country", "demonym", "capital"):
        if ent is not None and ent.label_ in NAMED_LABELS and ent.end > s.end:
            return False  # "Iran Program", "Israel Katz": the country only modifies a name
        if (
            ent is not None
            and ent.label_ in ("GPE", "LOC", "NORP")
            and ent.start < s.start
            and an.pack.country_by_name(ent.text) is None
            and doc[ent.start].lower_ != "the"
        ):
            return False  # "East Azerbaijan" (a province) is not Azerbaijan
        if s.end < len(doc) and doc[s.end].text[:1].isupper() and doc[s.end].pos_ == "PROPN":
            nxt = _model_ent_at(an, s.end)
            if nxt is not None and nxt.label_ in ("ORG", "FAC", "PERSON") and nxt.start <= s.start:
                return False
        # "in Tehran" is a place, not the state
        return not (s.kind == "capital" and s.start > 0 and doc[s.start - 1].lower_ in LOCATIVE)
    inst = an.pack.institutions.get(s.id)
    if inst is None:
        return False
    if s.kind == "generic":
        if inst.unit_words and _unit_has_parent(an, s, spans):
            return True  # "the Guards' Aerospace Force": a unit of its named parent
        home = inst.country
        if home and an.main_country and home != an.main_country:
            return False
        sent = doc[s.start].sent
        in_sentence = {
            o.id
            for o in spans
            if o.kind in ("country", "demonym", "capital") and sent.start <= o.start < sent.end
        }
        if home and in_sentence and home not in in_sentence:
            return False  # "Lebanese Prime Minister X said the army ...": not the home army
        return not _foreign_modifier(an, s.start, spans, home)
    if s.kind == "anaphor":
        named = {s.id, inst.parent} - {None}  # the institution or its parent is named
        if not any(o.id in named and o.kind in ("inst", "generic") for o in spans):
            return False
        if _other_org_ends_with(an, s, spans):
            return False
        if s.end < len(doc) and doc[s.end].pos_ == "PROPN" and doc[s.end].text[:1].isupper():
            return False
        prev = doc[s.start - 1] if s.start > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper():
            return any(o.start <= prev.i < o.end and o.id == s.id for o in spans)
        return True
    if s.kind == "unit":
        return _unit_has_parent(an, s, spans)
    return True


def _other_org_ends_with(an: DocAnalysis, s: PackSpan, spans: list[PackSpan]) -> bool:
    """Whether the closest earlier organisation name ending with the anaphor's word is another
    organisation ("the National Guard ... the Guard")."""
    doc = an.doc
    word = doc[s.end - 1].lower_.rstrip("s")
    best: tuple[int, bool] | None = None  # (end, is_this_institution)
    for ent in doc.ents:
        later = best is None or ent.end > best[0]
        if (
            ent.label_ in ("ORG", "FAC")
            and ent.end <= s.start
            and ent.end - ent.start > 1
            and doc[ent.end - 1].lower_.rstrip("s") == word
            and later
        ):
            same = any(
                o.id == s.id
                and o.kind in ("inst", "generic")
                and o.start < ent.end
                and ent.start < o.end
                for o in spans
            )
            best = (ent.end, same)
    for o in spans:
        later = best is None or o.end >= best[0]
        if o.id == s.id and o.kind in ("inst", "generic") and o.end <= s.start and later:
            best = (o.end, True)
    return best is not None and not best[1]


def _unit_has_parent(an: DocAnalysis, s: PackSpan, spans: list[PackSpan]) -> bool:
    inst = an.pack.institutions.get(s.id)
    if inst is None or inst.parent is None:
        return False
    doc = an.doc
    k = s.end
    if k < len(doc) and doc[k].lower_ == "of":  # "the Intelligence Organization of the IRGC"
        k += 1
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        if any(o.start == k and o.id == inst.parent and o.kind != "unit" for o in spans):
            return True
    i = s.start - 1
    if i >= 0 and doc[i].text == ")":
        while i >= 0 and doc[i].text != "(":
            i -= 1
        i -= 1
    if i >= 0 and doc[i].text in POSSESSIVE:
        i -= 1
    if i < 0:
        return False
    if doc[i].lower_ in ("its", "their"):
        window = [o for o in spans if o.end <= i and o.start >= i - 60 and o.kind != "unit"]
        orgs = [o for o in window if o.kind in ("inst", "anaphor", "generic")]
        return bool(orgs) and orgs[-1].id == inst.parent
    return any(o.start <= i < o.end and o.id == inst.parent for o in spans)


def _pack_ment(an: DocAnalysis, s: PackSpan) -> Ment:
    if s.kind in ("country", "demonym", "capital"):
        return Ment(s.start, s.end, EntityType.COUNTRY, "pack", inst=s.id)
    inst = an.pack.institutions[s.id]
    return Ment(s.start, s.end, inst.type, "pack", inst=s.id, label=s.kind)


# --- model entities ------------------------------------------------------------------------
def _clean_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (
        doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space
    ):
        start += 1
    while end > start and (
        doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    for i in range(start, end):
        if "\n" in doc[i].text or doc[i].is_space:
            return start, i
    return start, end


def _model_ments(an: DocAnalysis, kept: list[PackSpan]) -> list[Ment]:
    doc = an.doc
    covered: dict[int, PackSpan] = {}
    for s in kept:
        for i in range(s.start, s.end):
            covered[i] = s
    out: list[Ment] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or an.in_headline(ent.start):
            continue
        start, end = _clean_bounds(doc, ent.start, ent.end)
        if start >= end:
            continue
        inside = [i for i in range(start, end) if i in covered]
        if inside:
            if ent.label_ == "ORG":
                rest = _after_possessive(doc, max(inside) + 1, end)
                if rest is not None:
                    out.append(Ment(rest[0], rest[1], EntityType.ORGANIZATION, "ner"))
                elif end - max(inside) > 2 and all(
                    t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[max(inside) + 1 : end]
                ):
                    # "Speaker of the Parliament Firstname Lastname": the name after the body
                    person = _person_ment(an, max(inside) + 1, end, "ner")
                    if person is not None:
                        out.append(person)
            continue
        ment = _ment_for_ent(an, ent.label_, start, end)
        if ment is not None:
            out.append(ment)
    return out


def _after_possessive(doc: Doc, i: int, end: int) -> tuple[int, int] | None:
    """The capitalised name after "’s" inside a longer model span ("X’s Center for Y")."""
    if i < end and doc[i].text in POSSESSIVE and i + 1 < end and doc[i + 1].text[:1].isupper():
        return i + 1, end
    return None


def _ment_for_ent(an: DocAnalysis, label: str, start: int, end: int) -> Ment | None:
    doc = an.doc
    text = doc[start:end].text
    if label == "PERSON":
        return _person_ment(an, start, end, "ner")
    if label in ("GPE", "LOC", "FAC") and doc[end - 1].text in an.pack.org_keywords:
        label = "ORG"  # "the Middle East Institute" is not a place
    if label == "ORG":
        if is_title(text, an.pack) or not any(t.text[:1].isupper() for t in doc[start:end]):
            return None
        if standalone_title(text, an.pack):
            return None
        if end < len(doc) and is_title(f"{text} {doc[end].text}", an.pack):
            return None  # "Supreme" of "Supreme Leader"
        if all(t.lower_ in an.pack.portfolio_words for t in doc[start:end]):
            return None  # "minister of National Defence": a portfolio, not an organisation
        return Ment(start, end, EntityType.ORGANIZATION, "ner")
    if label in ("GPE", "NORP"):
        cid = an.pack.country_by_name(text)
        is_capital = cid is not None and any(text == c for c in an.pack.countries[cid].capitals)
        if is_capital and start > 0 and doc[start - 1].lower_ in LOCATIVE:
            return Ment(start, end, EntityType.COUNTRY, "ner", kind="place")
        if cid is not None:
            return Ment(start, end, EntityType.COUNTRY, "ner", inst=cid)
        if label == "GPE":
            return Ment(start, end, EntityType.COUNTRY, "ner", kind="place")
    return None


def _person_ment(an: DocAnalysis, start: int, end: int, source: str) -> Ment | None:
    """A person mention with leading titles stripped and a broken hyphen ("Amir- Ali") joined."""
    doc = an.doc
    span = doc[start:end]
    titles, offset = split_titles(span.text, an.pack)
    char_start = span.start_char + offset
    while start < end and doc[start].idx + len(doc[start].text) <= char_start:
        start += 1
    if start >= end:
        return None
    if start > 0 and re.fullmatch(r"[A-Z][a-z]+-", doc[start - 1].text) and not titles:
        start -= 1
        char_start = doc[start].idx
    if start < end and doc[start].idx > char_start:
        char_start = doc[start].idx
    if not any(t.text[:1].isupper() for t in doc[start:end]):
        return None
    return Ment(start, end, EntityType.PERSON, source, titles=tuple(titles), char_start=char_start)


# --- person repairs ------------------------------------------------------------------------
def _repair_persons(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    doc = an.doc
    ments = _titled_names(an, ments)
    ments = _apposed_names(an, ments)
    ments = _coordinated_names(an, ments)
    ments = _mixed_label_names(an, ments)
    ments = _persons_by_context(an, ments)
    person_texts = {fold(m.text(doc)) for m in ments if m.type == EntityType.PERSON}
    for m in ments:  # a string the model calls a person once is a person everywhere
        if m.type != EntityType.PERSON and m.source == "ner" and fold(m.text(doc)) in person_texts:
            m.type = EntityType.PERSON
            m.kind = "name"
    ments = [m for m in ments if not _false_person(an, m, ments)]
    ments = [m for m in ments if not _lone_capital(an, m, ments)]
    ments = _list_item_names(an, ments)
    ments = _split_org_then_name(an, ments)
    ments = _org_of_members(an, ments)
    ments = _extend_names_left(an, ments)
    ments = _extend_names_right(an, ments)
    ments.extend(_recover_names(an, ments))
    return ments


def _plural_word(word: str) -> bool:
    """An English plural by its spelling ("Leaders", "Teachers"; not "Congress", "Khamenei")."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))


def _org_of_members(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model organisation followed by "of" and capitalised words ending in a plural ("the
    Council of Friday Prayer Leaders", "the Society of Seminary Teachers") is one organisation;
    the model often makes the plural words a person. Not when they are a country or a pack
    institution ("the Assembly of Experts" is matched whole by the pack)."""
    doc = an.doc
    drop: set[int] = set()
    for m in ments:
        if m.source != "ner" or m.type != EntityType.ORGANIZATION or m.inst is not None:
            continue
        k = m.end
        if k + 1 >= len(doc) or doc[k].lower_ != "of":
            continue
        j = k + 1
        while (
            j < len(doc)
            and j - k <= 5
            and (doc[j].text[:1].isupper() or (doc[j].text == "-" and j > k + 1))
        ):
            j += 1
        last = doc[j - 1]
        if j == k + 1 or not _plural_word(last.text):
            continue
        inside = [o for o in ments if o is not m and o.start > k and o.start < j]
        if any(o.type != EntityType.PERSON or o.source != "ner" or o.end > j for o in inside):
            continue
        m.end = j
        drop.update(id(o) for o in inside)
    return [m for m in ments if id(m) not in drop]


def _split_org_then_name(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model organisation that runs on into a name ("the WPK Central Committee Choe Ryong
    Hae", a list of members after their body) is the organisation up to its last organisation
    word and a person after it, when two or more capitalised words follow that word."""
    doc = an.doc
    keywords = set(an.pack.org_keywords)
    out: list[Ment] = []
    for m in ments:
        if m.source != "ner" or m.type != EntityType.ORGANIZATION or m.inst is not None:
            out.append(m)
            continue
        last_kw = max((i for i in range(m.start, m.end) if doc[i].text in keywords), default=None)
        rest = range(last_kw + 1, m.end) if last_kw is not None else range(0)
        if (
            last_kw is None
            or len(rest) < 2
            or not all(doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() for i in rest)
            or doc[m.end - 1].dep_ not in ("appos", "conj", "nsubj", "nsubjpass", "dobj", "pobj")
        ):
            out.append(m)
            continue
        person = _person_ment(an, last_kw + 1, m.end, "pattern")
        out.append(Ment(m.start, last_kw + 1, EntityType.ORGANIZATION, "ner"))
        if person is not None:
            out.append(person)
    return out


def _extend_names_left(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model person that lost the first words of its name ("Ri Pyong Chol" read as "Chol"):
    capitalised words just before it that the parser attaches to it and no mention covers."""
    from innercircle.extract.roles import role_index

    doc = an.doc
    role_words = set(role_index(an.pack))
    covered = {i for m in ments for i in range(m.start, m.end)}
    for m in ments:
        if m.type != EntityType.PERSON or m.source != "ner" or m.titles:
            continue
        root = doc[m.start : m.end].root
        k = m.start
        while (
            k > 0
            and k - 1 not in covered
            and doc[k - 1].pos_ == "PROPN"
            and doc[k - 1].text[:1].isupper()
            and doc[k - 1].dep_ == "compound"
            and doc[k - 1].head.i == root.i
            and not is_title(doc[k - 1].text, an.pack)
            and doc[k - 1].lower_ not in role_words
        ):
            k -= 1
        if k < m.start:
            covered.update(range(k, m.start))
            m.start = k
            m.char_start = None
    return ments


def _extend_names_right(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model person that lost the last word of its name ("Maria Corina" for a three-word
    name): one capitalised proper noun right after it that the parser makes the name's head,
    no mention or model entity covers, and that ends the noun phrase."""
    from innercircle.extract.roles import role_index

    doc = an.doc
    role_words = set(role_index(an.pack))
    covered = {i for m in ments for i in range(m.start, m.end)}
    for m in ments:
        if m.type != EntityType.PERSON or m.source != "ner" or m.end - m.start < 2:
            continue
        k = m.end
        if k >= len(doc) or k in covered or doc[k].ent_type_:
            continue
        tok = doc[k]
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        if (
            tok.pos_ == "PROPN"
            and tok.is_alpha
            and tok.text[:1].isupper()
            and doc[m.end - 1].head.i == k
            and not is_title(tok.text, an.pack)
            and tok.lower_ not in role_words
            and (nxt is None or nxt.is_punct or nxt.pos_ in ("VERB", "AUX"))
        ):
            covered.add(k)
            m.end = k + 1
    return ments


LIST_ITEM = re.compile(r"(?m)^[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+(?=\S)")
NAME_WORD = re.compile(r"[A-Z][\w’'.-]*|(?:al|el|al-|el-|bin|ibn|bint|de|da|van|von|abu)")


def _list_item_names(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """The capitalised words opening a list item up to its first comma are a person's name
    ("- Firstname Lastname, 63, governor of ..."), whatever the model made of them (it often
    misses names after a bullet or cuts "Al-e Hashem" in two). Items that open with an
    organisation, a country or a title alone are left as they are."""
    doc = an.doc
    for match in LIST_ITEM.finditer(an.text):
        line_end = an.text.find("\n", match.end())
        line_end = len(an.text) if line_end < 0 else line_end
        head = re.split(r",|\(|;|:| - | – | — ", an.text[match.end() : line_end], maxsplit=1)
        if len(head) < 2:
            continue  # a name alone on a line may be anything
        words = head[0].split()
        if not 2 <= len(words) <= 6 or not all(NAME_WORD.fullmatch(w) for w in words):
            continue
        span = doc.char_span(match.end(), match.end() + len(head[0].rstrip()), "expand")
        if span is None:
            continue
        inside = [
            m for m in ments if span.start <= m.start < span.end or m.start < span.start < m.end
        ]
        if any(
            m.inst is not None or (m.type != EntityType.PERSON and m.source != "ner")
            for m in inside
        ):
            continue  # a pack organisation or country
        if any(
            m.type == EntityType.PERSON and (m.start, m.end) == (span.start, span.end)
            for m in inside
        ):
            continue
        person = _person_ment(an, span.start, span.end, "pattern")
        if person is None or (person.end - person.start < 2 and not inside):
            continue
        ments = [m for m in ments if m not in inside]
        ments.append(person)
    return ments


def _titled_names(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """Model ORG/GPE spans right after a person title are persons ("General X")."""
    doc = an.doc
    out = []
    for m in ments:
        if m.source == "ner" and m.type != EntityType.PERSON and m.inst is None and m.start > 0:
            line_start = an.text.rfind("\n", 0, doc[m.start].idx) + 1
            before = an.text[max(line_start, doc[m.start].idx - 40) : doc[m.start].idx]
            words = before.split()
            if words and is_title(words[-1], an.pack) and words[-1][:1].isupper():
                fixed = _person_ment(an, m.start, m.end, "pattern")
                if fixed is not None:
                    fixed.titles = (words[-1],)
                    out.append(fixed)
                    continue
        out.append(m)
    return out


def _apposed_names(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model organisation in apposition to a post held by people ("the head of the
    judiciary, Firstname Double-Lastname, said") is a person."""
    from innercircle.extract.roles import find_roles

    doc = an.doc
    out = []
    for m in ments:
        if (
            not _unmarked_model_name(an, m, places=False)
            or m.start < 2
            or doc[m.start - 1].text != ","
        ):
            out.append(m)
            continue
        k = m.start - 2
        while k > 0 and doc[k - 1].text not in (",", ".", ";", ":") and m.start - k < 12:
            k -= 1
        roles = find_roles(an, k, m.start - 1)
        if roles and roles[-1][2].predicate in ("leads", "commands", "holds_position", "advises"):
            fixed = _person_ment(an, m.start, m.end, "pattern")
            out.append(fixed if fixed is not None else m)
            continue
        out.append(m)
    return out


def _unmarked_model_name(an: DocAnalysis, m: Ment, places: bool) -> bool:
    """A model organisation (or, with `places`, a non-country place) that is no pack
    institution, names no country and has no organisation word in it: maybe a person."""
    kinds = m.type == EntityType.ORGANIZATION or (
        places and m.type == EntityType.COUNTRY and m.kind == "place"
    )
    return (
        m.source == "ner"
        and kinds
        and m.inst is None
        and not any(t.text in an.pack.org_keywords for t in an.doc[m.start : m.end])
        and an.pack.country_by_name(m.text(an.doc)) is None
    )


PERSON_RELATIVES = frozenset({"who", "whom"})
POST_VERBS = frozenset({"appoint", "name", "nominate", "serve", "install", "elect", "promote"})


def _persons_by_context(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model organisation or place that nothing marks as one is a person when the sentence
    treats it as one: "X, who will become president", "appointed X as head of ...", "X served
    as deputy". (The small model often labels hyphenated or unfamiliar names ORG or GPE.)"""
    from innercircle.extract.roles import find_roles

    doc = an.doc
    out = []
    for m in ments:
        if (
            not _unmarked_model_name(an, m, places=True)
            or any(t.lower_ == "the" for t in doc[m.start : m.end])
            or _dateline_place(doc, m.start, m.end)
        ):
            out.append(m)
            continue
        after = [t for t in doc[m.end : m.end + 2] if t.text != ","]
        relative = bool(after) and after[0].lower_ in PERSON_RELATIVES
        head = doc[m.end - 1]
        verb = head.head if head.dep_ in ("dobj", "nsubj", "nsubjpass") else None
        as_role = False
        if verb is not None and verb.lemma_.casefold() in POST_VERBS:
            for prep in (c for c in verb.children if c.lower_ == "as"):
                span = list(prep.subtree)
                as_role = bool(find_roles(an, span[0].i, span[-1].i + 1))
        if relative or as_role:
            fixed = _person_ment(an, m.start, m.end, "pattern")
            out.append(fixed if fixed is not None else m)
            continue
        out.append(m)
    return out


def _coordinated_names(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A model organisation coordinated with a person ("ministers A and B") is a person when
    nothing in it says organisation."""
    doc = an.doc
    keywords = set(an.pack.org_keywords)
    person_tokens = {i for m in ments if m.type == EntityType.PERSON for i in range(m.start, m.end)}
    out = []
    for m in ments:
        if (
            m.source == "ner"
            and m.type == EntityType.ORGANIZATION
            and m.inst is None
            and 2 <= m.end - m.start <= 4
            and not any(t.text in keywords for t in doc[m.start : m.end])
        ):
            span = doc[m.start : m.end]
            root = span.root
            partner = root.head.i if root.dep_ == "conj" else None
            partners = {partner} if partner is not None else set()
            partners.update(c.i for c in root.children if c.dep_ == "conj")
            if partners & person_tokens:
                fixed = _person_ment(an, m.start, m.end, "pattern")
                if fixed is not None:
                    out.append(fixed)
                    continue
        out.append(m)
    return out


def _mixed_label_names(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """Runs of capitalised proper nouns the model split into differently labelled pieces
    ("Firstname"/GPE + "Lastname"/ORG) are one person when they form a byline line of their own or
    are the subject of a verb of saying or writing."""
    doc = an.doc
    out = list(ments)
    i = 0
    n = len(doc)
    while i < n:
        if not (doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() and doc[i].is_alpha):
            i += 1
            continue
        j = i
        while (
            j < n
            and doc[j].pos_ == "PROPN"
            and doc[j].text[:1].isupper()
            and doc[j].is_alpha
            and an.line_of[j] == an.line_of[i]
        ):
            j += 1
        if 2 <= j - i <= 3:
            parts = [m for m in out if m.start < j and i < m.end]
            labels = {(m.type, m.start, m.end) for m in parts}
            pack_hit = any(m.source == "pack" for m in parts)
            inconsistent = len(labels) >= 2 or (
                parts and not all(m.start <= i and m.end >= j for m in parts)
            )
            if parts and inconsistent and not pack_hit and _person_context(an, i, j):
                fixed = _person_ment(an, i, j, "pattern")
                if fixed is not None:
                    out = [m for m in out if m not in parts]
                    out.append(fixed)
        i = max(j, i + 1)
    return out


def _dateline_place(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end are a wire dateline's place: upper-case words opening a
    paragraph, followed by a comma, a dash or "(" ("CITY, June 14 (Agency) -")."""
    if start > 0 and "\n" not in doc[start - 1].text and not doc[start - 1].is_space:
        return False
    words = [t.text for t in doc[start:end] if t.is_alpha]
    if not words or not all(w.isupper() and len(w) > 1 for w in words):
        return False
    return end < len(doc) and doc[end].text in (",", "(", "-", "–", "—")


def _person_context(an: DocAnalysis, i: int, j: int) -> bool:
    doc = an.doc
    line = an.line_text(i).strip()
    if line == doc[i:j].text:
        return True
    head = doc[j - 1]
    return head.dep_ == "nsubj" and head.head.lemma_ in PERSON_VERBS


def _false_person(an: DocAnalysis, m: Ment, ments: list[Ment]) -> bool:
    """One-word "persons" that only modify a noun after "the" ("the Qom scholars") and recur
    inside an organisation's name are places or attributes."""
    doc = an.doc
    if m.type != EntityType.PERSON or m.end - m.start != 1 or m.titles:
        return False
    tok = doc[m.start]
    prev = doc[m.start - 1] if m.start > 0 else None
    if _place_of_post(an, m):
        return True
    if prev is None or prev.lower_ != "the":
        return False
    if tok.dep_ != "compound" or tok.head.pos_ != "NOUN":
        return False
    text = fold(tok.text)
    for other in ments:
        if other is m:
            continue
        words = fold(other.text(doc)).split()
        if other.type == EntityType.PERSON and len(words) > 1 and text in words:
            return False
    return True


def _place_of_post(an: DocAnalysis, m: Ment) -> bool:
    """A one-word "person" right after "ROLE of/in" ("Friday prayer leader of Tabriz",
    "governor of Kerman") is the post's place: a post is held by a person, not of one."""
    from innercircle.extract.roles import find_roles

    doc = an.doc
    if m.source != "ner" or m.start < 2 or doc[m.start - 1].lower_ not in ("of", "in"):
        return False
    if m.end < len(doc) and doc[m.end].text in POSSESSIVE:
        return False
    roles = find_roles(an, max(0, m.start - 5), m.start - 1)
    return bool(roles) and roles[-1][1] == m.start - 1 and roles[-1][2].object != "person"


def _lone_capital(an: DocAnalysis, m: Ment, ments: list[Ment]) -> bool:
    """A one-word "person" opening a sentence, seen nowhere else and part of no longer name,
    is a capitalised common word ("Turnout was low")."""
    doc = an.doc
    if m.type != EntityType.PERSON or m.source != "ner" or m.end - m.start != 1 or m.titles:
        return False
    if not doc[m.start].is_sent_start:
        return False
    word = doc[m.start].text
    for other in ments:
        if other is not m and word in other.text(doc).split():
            return False
    return an.text.count(word) == 1


def _name_forms(an: DocAnalysis, ments: list[Ment]) -> tuple[set[str], set[str]]:
    """Surnames and unambiguous first names of multi-word person names in the document."""
    doc = an.doc
    surnames: set[str] = set()
    firsts: Counter[str] = Counter()
    for m in ments:
        if m.type != EntityType.PERSON:
            continue
        words = [w for w in re.split(r"\s+", m.text(doc)) if w]
        words = [w for w in words if w.casefold() not in STOP_NAME_WORDS]
        if len(words) < 2:
            continue
        last = words[-1].strip("-")
        surnames.add(last)
        if "-" in last:  # "al-Lastname" -> "Lastname"
            tail = last.split("-")[-1]
            if len(tail) > 2:
                surnames.add(tail)
        first = words[0].rstrip("-")
        if first:
            firsts[first] += 1
    all_words = surnames
    unique_firsts = {f for f in firsts if f not in all_words}
    return surnames, unique_firsts


def _recover_names(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """Occurrences of known surnames / first names not yet covered by a mention."""
    doc = an.doc
    surnames, firsts = _name_forms(an, ments)
    forms = {f for f in surnames | firsts if len(f) > 1}
    if not forms:
        return []
    covered: set[int] = set()
    for m in ments:
        covered.update(range(m.start, m.end))
    regex = re.compile(
        r"(?<![\w’'-])("
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    found: list[Ment] = []
    for match in regex.finditer(an.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None or any(i in covered for i in range(span.start, span.end)):
            continue
        if (
            span.start > 0
            and doc[span.start - 1].text[:1].isupper()
            and doc[span.start - 1].pos_ == "PROPN"
            and not is_title(doc[span.start - 1].text, an.pack)
        ):
            continue  # part of a longer, different name
        found.append(Ment(span.start, span.end, EntityType.PERSON, "coref"))
        covered.update(range(span.start, span.end))
    # model mentions of another type with exactly a recovered form become persons
    for m in ments:
        if m.type != EntityType.PERSON and m.source == "ner" and m.text(doc) in forms:
            m.type = EntityType.PERSON
            m.kind = "name"
    return found


def _standalone_titles(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """ "the Shah", "the Pope": a title used alone as a name."""
    doc = an.doc
    out: list[Ment] = []
    covered = {i for m in ments if m.type == EntityType.PERSON for i in range(m.start, m.end)}
    for tok in doc:
        if tok.i in covered or not tok.text[:1].isupper():
            continue
        title = standalone_title(tok.text, an.pack)
        if title is None:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
            continue
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if (prev is None or prev.lower_ != "the") and not (
            nxt is not None and nxt.text in POSSESSIVE
        ):
            continue
        out.append(Ment(tok.i, tok.i + 1, EntityType.PERSON, "pattern", kind="title"))
    if out:
        spans = {(m.start, m.end) for m in out}
        ments[:] = [m for m in ments if (m.start, m.end) not in spans]
    return out


def _media_outlets(an: DocAnalysis, ments: list[Ment]) -> list[Ment]:
    """A capitalised name before a media noun is an outlet ("the state-run Sahand network")."""
    doc = an.doc
    nouns = {n.casefold() for n in an.pack.media_nouns}
    covered = {i for m in ments for i in range(m.start, m.end)}
    out: list[Ment] = []
    for tok in doc:
        if tok.lower_ not in nouns or not tok.text[:1].islower() or tok.i == 0:
            continue
        j = tok.i - 1
        while j >= 0 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and j not in covered:
            j -= 1
        if j + 1 < tok.i and not an.in_headline(tok.i):
            out.append(Ment(j + 1, tok.i + 1, EntityType.ORGANIZATION, "pattern"))
    return out


def _drop_nested_duplicates(ments: list[Ment]) -> list[Ment]:
    """Remove mentions overlapping an earlier-kept one of the same kind (longest first)."""
    kept: list[Ment] = []
    for m in sorted(ments, key=lambda m: (-(m.end - m.start), m.source != "pack", m.start)):
        if any(k.overlaps(m) for k in kept):
            continue
        kept.append(m)
    kept.sort(key=lambda m: (m.start, -m.end))
    return kept
