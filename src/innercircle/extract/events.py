"""Event statements (killed, wounded, arrested, imprisoned, appointed, dismissed, became_leader,
overthrown, attack, statement, protest_suppressed, ...) with subject, agent and a resolved date.

Triggers are the pack's verbs, nouns and adjectives per event type. Arguments come from the
parse: for transitive triggers the object (active) or passive subject is who it happened to and
the subject / "by X" the agent; for intransitive ones the subject. Relative pronouns, pronouns
and coordination are resolved ("X, who was imprisoned ... and wounded ..."); a generic
plural subject spelled out by a list ("commanders have been killed, including A, B and C")
gives one event per person; "X deployed ORG to suppress protests" makes ORG the subject and X
the agent; "Lastname-appointed Friday prayer leader" gives the appointer; nouns take their
possessor or "of X" ("X's assassination", "the invasion of Israel"); attacks on
unnamed targets take the country written with them ("Iranian facilities", "targets in Iran")
and the agent from the attacker's adjective ("an Israeli airstrike").

Dates: the date expressions of the sentence attached to the trigger's clause; a year list
("in 1999, 2009 and 2022") gives one event per year; a date behind "before"/"after" bounds the
event and is kept as text only. Statements need a date (undated remarks are quotes only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from innercircle.extract.attribution import attribution_of
from innercircle.extract.context import POSSESSIVE, DocAnalysis, Ment
from innercircle.extract.dates import OPEN_WORDS, DateHit, find_dates
from innercircle.extract.quotes import find_quotes
from innercircle.extract.relations import resolve_token, typ
from innercircle.packs import EventTrigger
from innercircle.records import DateMethod, DateValue, EntityType, Statement

ACTORS = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GROUP, EntityType.COUNTRY)
ISSUE_VERBS = frozenset({"issue", "give", "deliver", "make", "publish", "release", "read"})
MODALS = frozenset({"could", "would", "might", "may", "should", "can", "will", "must", "shall"})
WISH_VERBS = frozenset(  # "X advised Y to resign": Y has not resigned
    {"advise", "urge", "ask", "call", "want", "wish", "hope", "plan", "threaten", "demand"}
    | {"pressure", "press", "encourage", "try", "seek", "refuse", "expect", "intend"}
)
HIT_VERBS = frozenset({"hit", "strike", "target", "destroy", "damage", "pound", "hammer", "bomb"})
PERSON_EVENTS = frozenset(  # what only happens to people
    {
        "appointed",
        "elected",
        "dismissed",
        "resigned",
        "became_leader",
        "killed",
        "died",
        "wounded",
        "arrested",
        "imprisoned",
        "executed",
        "defected",
    }
)
TARGETED_NOUN_TYPES = frozenset({"sanctioned"})  # "sanctions on X"
CLIMB = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "ccomp", "acl"})


@dataclass
class Args:
    subjects: list[Ment]
    agent: Ment | None
    separate: bool = False  # list members: one event each (not co-subjects)


def extract_events(an: DocAnalysis, extractor: str) -> list[Statement]:
    """All event statements of the document."""
    doc = an.doc
    triggers = _trigger_index(an)
    cue_words = {w for key in triggers for w in key.split(":", 1)[1].split()}
    quote_spans = [(q.start, q.end) for q in find_quotes(an.text)]
    # a weekday or month inside a name is no date ("the Council of Friday Prayer Leaders")
    name_spans = [
        m.chars(doc)
        for m in an.ments
        if m.kind == "name" and m.type in (EntityType.ORGANIZATION, EntityType.GROUP)
    ]
    out: list[Statement] = []
    seen: set[tuple[str, str, str | None]] = set()
    for sent in doc.sents:
        dates = find_dates(an.text[sent.start_char : sent.end_char], an.published, sent.start_char)
        dates = [
            d
            for d in dates
            if not any(s <= d.start < e for s, e in quote_spans)
            and not any(s <= d.start and d.end <= e for s, e in name_spans)
        ]
        for tok in sent:
            if an.lemma[tok.i] not in cue_words and an.lower[tok.i] not in cue_words:
                continue
            if _hypothetical(tok):
                continue
            for trig, kind in _triggers_at(tok, triggers):
                args = _arguments(an, tok, trig, kind)
                if args is not None and trig.type in PERSON_EVENTS:
                    # an organisation "designated" by a ministry is not appointed
                    args.subjects = [m for m in args.subjects if not _surely_not_person(an, m)]
                if args is None or not args.subjects:
                    continue
                in_quote = any(s <= tok.idx < e for s, e in quote_spans)
                if trig.needs_date and in_quote:
                    continue
                own_dates = dates
                if trig.type == "statement" and kind == "verb":
                    reported = _reported_clauses(tok)
                    if _trailing_attribution(tok, reported, quote_spans):
                        continue  # "..., the ministry said": who asserts it, not an event
                    own_dates = [d for d in dates if not any(a <= d.start < b for a, b in reported)]
                chosen, date_text = _dates_for(an, tok, sent, own_dates, trig.needs_date, kind)
                if trig.needs_date and not chosen:
                    continue
                values = _date_values(chosen, date_text)
                if not chosen and date_text is None and _also(tok):
                    values = _same_occasion(out, trig.type) or values
                groups = [[m] for m in args.subjects] if args.separate else [args.subjects]
                for group in groups:
                    for value in values:
                        key = (trig.type, group[0].key or "", value.value)
                        if key in seen:
                            continue
                        seen.add(key)
                        primary = _statement(
                            an,
                            trig,
                            tok,
                            sent,
                            group,
                            args.agent,
                            value,
                            extractor,
                            kind,
                            in_quote,
                        )
                        out.append(primary)
                        # each co-subject gets the fact too (the store keeps one per subject)
                        for co in group[1:]:
                            if co.key is None or co.key == primary.subject_key:
                                continue
                            extra = _statement(
                                an,
                                trig,
                                tok,
                                sent,
                                [co],
                                args.agent,
                                value,
                                extractor,
                                kind,
                                in_quote,
                            )
                            extra.qualifiers["co_subject_of"] = primary.subject_key
                            out.append(extra)
        for trig, tok, members, list_dates in _casualty_lists(an, sent, triggers, dates):
            chosen, date_text = _dates_for(an, tok, sent, list_dates, False, "verb")
            for value in _date_values(chosen, date_text):
                for m in members:
                    key = (trig.type, m.key or "", value.value)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(
                        _statement(an, trig, tok, sent, [m], None, value, extractor, "list", False)
                    )
    for trig, tok, members, value in _bulleted_casualties(an, triggers):
        for m in members:
            key = (trig.type, m.key or "", value.value)
            if key not in seen:
                seen.add(key)
                out.append(
                    _statement(an, trig, tok, tok.sent, [m], None, value, extractor, "list", False)
                )
    _date_from_context(an, out)
    return _drop_undated_duplicates(out)


# --- dates from the surrounding text -------------------------------------------------------
# sentence openings that place an event on the occasion just reported ("Hours later, X resigned")
SEQUEL_OPENINGS = (
    "hours later",
    "minutes later",
    "moments later",
    "later that day",
    "later the same day",
    "that day",
    "the same day",
    "on the same day",
    "shortly afterwards",
    "shortly after",
    "soon after",
)
# events that one occasion (a strike, a session, a reshuffle) produces together
OCCASION_GROUPS = (
    frozenset({"killed", "wounded", "died", "attack"}),
    frozenset({"appointed", "dismissed", "elected", "resigned", "became_leader"}),
)
OCCASION_REACH = 800  # characters between an undated event and a dated one of its occasion


def _date_from_context(an: DocAnalysis, out: list[Statement]) -> None:
    """Date undated events from the text around them (in place; marked `date_from=context`):
    a sentence opening "Hours later"/"The same day" takes the latest earlier event date; an
    undated killing, death or wound (or appointment, dismissal ...) told by a verb outside a
    quotation takes the one date that all the dated events of its kind share in the document
    when one of them is near ("X, killed in the same wave of strikes"). Events with a
    "before/after" bound are left alone."""
    dated = [st for st in out if st.valid_from.value]
    if not dated:
        return
    for st in out:
        if st.valid_from.value or st.valid_from.text:
            continue
        value: DateValue | None = None
        sent = an.doc.char_span(st.evidence.start, st.evidence.end, alignment_mode="expand")
        opening = sent.sent.text.casefold().lstrip() if sent is not None else ""
        if opening.startswith(SEQUEL_OPENINGS):
            before = [d for d in dated if d.evidence.start < st.evidence.start]
            if before:
                value = max(before, key=lambda d: d.evidence.start).valid_from
        group = next((g for g in OCCASION_GROUPS if st.predicate in g), None)
        reported = st.qualifiers.get("pattern") in ("event-noun", "event-adj")
        if value is None and group and not reported and "in_quote" not in st.qualifiers:
            kin = [d for d in dated if d.predicate in group]
            same = {d.valid_from.value for d in kin}
            near = any(abs(d.evidence.start - st.evidence.start) <= OCCASION_REACH for d in kin)
            if len(same) == 1 and near:
                value = kin[0].valid_from
        if value is not None:
            st.valid_from = value
            st.qualifiers["date_from"] = "context"
            if value.text:
                st.qualifiers.setdefault("date_text", value.text)


# --- casualty lists ------------------------------------------------------------------------
BULLET = re.compile(r"[ \t]*(?:[-*•–]|\d{1,2}[.)])[ \t]+")


def _item_person(an: DocAnalysis, first: int, line_end: int) -> Ment | None:
    """The person a list item opens with, after at most three capitalised title words
    ("- Colonel Firstname Lastname, the pilot")."""
    doc = an.doc
    for m in sorted(an.ments, key=lambda x: x.start):
        at = doc[m.start].idx
        if at < first or at >= line_end or m.key is None:
            continue
        lead = an.text[first:at].split()
        if len(lead) > 3 or not all(w[:1].isupper() for w in lead):
            return None
        if typ(an, m.key) == EntityType.PERSON and m.kind in ("name", "title"):
            return m
    return None


def _bulleted_casualties(
    an: DocAnalysis, index: TriggerIndex
) -> list[tuple[EventTrigger, Token, list[Ment], DateValue]]:
    """A casualty group ending a line with a colon ("The dead are:", "Those killed:") and the
    bulleted or numbered items under it: the group's event for the person opening each item,
    dated by the last date written before the list ("... crashed on Sunday. The dead are:")."""
    doc = an.doc
    out: list[tuple[EventTrigger, Token, list[Ment], DateValue]] = []
    lines = an.text.split("\n")
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for n, line in enumerate(lines):
        if not line.rstrip().endswith(":"):
            continue
        colon = starts[n] + len(line.rstrip()) - 1
        span = doc.char_span(starts[n], colon, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        last_sent = doc[span.end - 1].sent
        found = None
        for tok in doc[max(span.start, last_sent.start) : span.end]:
            found = (
                _group_trigger(tok, index)
                if tok.lower_ in DEAD_WORDS | GROUP_WORDS or (tok.tag_ == "VBN")
                else None
            )
            if found is not None:
                break
        if found is None:
            continue
        trig, at = found
        members: list[Ment] = []
        for k in range(n + 1, len(lines)):
            item = BULLET.match(lines[k])
            if item is None:
                if lines[k].strip():
                    break
                continue
            person = _item_person(an, starts[k] + item.end(), starts[k] + len(lines[k]))
            if person is not None and all(p.key != person.key for p in members):
                members.append(person)
        if not members:
            continue
        before = find_dates(an.text[:colon], an.published, 0)
        value = before[-1].date_value() if before else DateValue(None, DateMethod.UNKNOWN)
        if before and an.text.rfind("\n\n", 0, colon) > before[-1].start + 400:
            value = DateValue(None, DateMethod.UNKNOWN)
        out.append((trig, at, members, value))
    return out


GROUP_WORDS = frozenset({"those", "people", "men", "women", "others", "persons"})
LIST_VERBS = frozenset({"include"})
DEAD_WORDS = frozenset({"dead"})  # "among the dead": killed


def _group_trigger(tok: Token, index: TriggerIndex) -> tuple[EventTrigger, Token] | None:
    """The event a casualty group names ("the dead", "the wounded", "those killed") and the
    token to date it from, for transitive event types only."""
    word = tok.lower_
    if word in DEAD_WORDS:
        trig = next((t for t, _k in index.get("v:kill", []) if t.type == "killed"), None)
        return (trig, tok) if trig is not None else None
    candidates: list[tuple[str, Token]] = []
    if word in GROUP_WORDS:
        for child in tok.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.tag_ == "VBN":
                candidates.append((f"v:{child.lemma_.casefold()}", child))
    elif tok.tag_ == "VBN" or tok.pos_ in ("ADJ", "NOUN"):
        candidates += [(f"a:{word}", tok), (f"v:{tok.lemma_.casefold()}", tok)]
    for key, at in candidates:
        for trig, _kind in index.get(key, []):
            if trig.transitive and not trig.force_subject and trig.type != "attack":
                return trig, at
    return None


def _casualty_lists(
    an: DocAnalysis, sent: SpacySpan, index: TriggerIndex, dates: list[DateHit]
) -> list[tuple[EventTrigger, Token, list[Ment], list[DateHit]]]:
    """List-style casualty sentences ("Among the dead were A and B", "The dead include A",
    "A and B were among those killed", "Those killed included A"): the event of the group for
    each named person, with the dates outside the list itself (its appositions are the
    persons' careers, not the event)."""
    out: list[tuple[EventTrigger, Token, list[Ment], list[DateHit]]] = []
    for tok in sent:
        linked = (tok.dep_ == "pobj" and tok.head.lower_ == "among") or (
            tok.dep_ == "nsubj" and tok.head.lemma_.casefold() in LIST_VERBS
        )
        if not linked or (tok.dep_ == "nsubj" and _hypothetical(tok.head)):
            continue
        found = _group_trigger(tok, index)
        if found is None:
            continue
        trig, at = found
        group = tok.head if tok.dep_ == "pobj" else tok
        lo = min(t.i for t in group.subtree)
        hi = max(t.i for t in group.subtree) + 1
        members = _named_members(an, sent, lo, hi)
        if not members:
            continue
        first, last = members[0].start, max(m.end for m in members)
        list_lo = an.doc[first].idx
        list_hi = sent.end_char if first >= hi else an.doc[lo].idx
        if last > hi:
            list_hi = max(list_hi, sent.end_char)
        own = [d for d in dates if not list_lo <= d.start < list_hi]
        out.append((trig, at, members, own))
    return out


def _named_members(an: DocAnalysis, sent: SpacySpan, lo: int, hi: int) -> list[Ment]:
    """Persons named in the sentence outside the group phrase [lo, hi), leaving out possessors
    and objects of prepositions ("an adviser to X", "killed by X")."""
    doc = an.doc
    members: list[Ment] = []
    for m in sorted(an.ments, key=lambda x: x.start):
        if not (sent.start <= m.start < sent.end) or lo <= m.start < hi:
            continue
        if typ(an, m.key) != EntityType.PERSON or m.kind not in ("name", "title"):
            continue
        if m.end < len(doc) and doc[m.end].text in POSSESSIVE:
            continue
        root = doc[m.start : m.end].root
        if root.dep_ in ("pobj", "poss", "appos"):
            continue
        if all(x.key != m.key for x in members):
            members.append(m)
    return members


def _reported_clauses(verb: Token) -> list[tuple[int, int]]:
    """Character ranges of what a speech verb reports (its ccomp/parataxis clauses)."""
    out: list[tuple[int, int]] = []
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis"):
            toks = list(child.subtree)
            out.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return out


def _trailing_attribution(
    verb: Token, reported: list[tuple[int, int]], quote_spans: list[tuple[int, int]]
) -> bool:
    """ "X was killed on Monday, the Guard said": the speech verb after an unquoted reported
    clause attributes that clause; it is not a statement event of its own."""
    for a, b in reported:
        if b > verb.idx:
            continue
        # a quotation is the speaker's statement (an event); an unquoted clause is not
        return not any(s <= a < e or s < b <= e for s, e in quote_spans)
    return False


def _hypothetical(tok: Token) -> bool:
    """A modal or negated verb ("could be used", "was not arrested"), or one that is only
    wished for ("advised him to step aside", "called on X to resign"), states no fact."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if tok.dep_ == "xcomp" and tok.head.lemma_.casefold() in WISH_VERBS:
        return True
    return any((c.dep_ == "aux" and c.lower_ in MODALS) or c.dep_ == "neg" for c in tok.children)


# --- triggers ------------------------------------------------------------------------------
TriggerIndex = dict[str, list[tuple[EventTrigger, str]]]


def _trigger_index(an: DocAnalysis) -> TriggerIndex:
    index: TriggerIndex = {}
    for trig in an.pack.events.values():
        for word in trig.verbs:
            index.setdefault(f"v:{word}", []).append((trig, "verb"))
        for word in trig.nouns:
            index.setdefault(f"n:{word}", []).append((trig, "noun"))
        for word in trig.adjectives:
            index.setdefault(f"a:{word}", []).append((trig, "adj"))
    return index


def _triggers_at(tok: Token, index: TriggerIndex) -> list[tuple[EventTrigger, str]]:
    lemma = tok.lemma_.casefold()
    found: list[tuple[EventTrigger, str]] = []
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and lemma == "become"):
        if tok.dep_ == "amod" or (tok.i > 0 and tok.doc[tok.i - 1].text == "-"):
            found.extend(index.get(f"a:{tok.lower_}", []))
        else:
            # "passed away": the model often parses the particle right after as an adverb
            particle = next(
                (
                    c.lower_
                    for c in tok.children
                    if c.dep_ == "prt" or (c.dep_ == "advmod" and c.i == tok.i + 1)
                ),
                None,
            )
            if particle:
                found.extend(index.get(f"v:{lemma} {particle}", []))
            found.extend(index.get(f"v:{lemma}", []))
    elif tok.pos_ in ("NOUN", "PROPN"):
        compound = next((c.lower_ for c in tok.children if c.dep_ == "compound"), None)
        if compound:
            found.extend(index.get(f"n:{compound} {lemma}", []))
        found.extend(index.get(f"n:{lemma}", []))
        found.extend(index.get(f"n:{tok.lower_}", []))
    elif tok.pos_ == "ADJ":
        found.extend(index.get(f"a:{tok.lower_}", []))
    uniq: dict[str, tuple[EventTrigger, str]] = {}
    for trig, kind in found:
        uniq.setdefault(trig.type, (trig, kind))
    return list(uniq.values())


# --- arguments -----------------------------------------------------------------------------
def _actors(an: DocAnalysis, tok: Token | None) -> list[Ment]:
    if tok is None:
        return []
    return [m for m in resolve_token(an, tok) if typ(an, m.key) in ACTORS]


def _also(tok: Token) -> bool:
    """ "X was also killed", "Also sanctioned were ...": the same occasion as before."""
    heads = [tok, tok.head] if tok.dep_ in ("amod", "acl", "relcl") else [tok]
    return any(c.lower_ in ("also", "too") for h in heads for c in h.children)


def _same_occasion(out: list[Statement], etype: str) -> list[DateValue]:
    """The date of the latest earlier event of the same type, for an undated "also" event."""
    for st in reversed(out):
        if st.predicate == etype and st.valid_from.value:
            return [st.valid_from]
    return []


def objs_of(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "oprd")]


def _companions(an: DocAnalysis, verb: Token) -> list[Ment]:
    """Persons sharing the event: "killed together with X", "along with X"."""
    out: list[Ment] = []
    for prep in verb.children:
        if prep.lower_ != "with" or prep.dep_ != "prep":
            continue
        left = an.doc[prep.i - 1] if prep.i > 0 else None
        if left is None or left.lower_ not in ("together", "along", "alongside"):
            continue
        for pobj in prep.children:
            if pobj.dep_ == "pobj":
                out.extend(
                    m for m in _listed_actors(an, pobj) if typ(an, m.key) == EntityType.PERSON
                )
    return out


def _surely_not_person(an: DocAnalysis, m: Ment) -> bool:
    """A country, a pack institution or a name ending in an organisation word (the model
    sometimes calls a person an organisation, so that alone does not count)."""
    t = typ(an, m.key)
    if t == EntityType.PERSON:
        return False
    if t == EntityType.COUNTRY or m.inst is not None:
        return True
    return an.doc[m.end - 1].text in an.pack.org_keywords


def _listed_actors(an: DocAnalysis, tok: Token) -> list[Ment]:
    """The actors of a noun phrase and of the names listed with it: coordinated names and
    names the parser hangs on a previous one as apposition ("A, his deputy B, and C")."""
    found = _actors(an, tok)
    if not found:
        return found
    keys = {m.key for m in found}
    stack = [c for c in tok.children if c.dep_ in ("conj", "appos")]
    while stack:
        child = stack.pop(0)
        stack.extend(c for c in child.children if c.dep_ in ("conj", "appos"))
        m = an.outer_at(child.i)
        if m is None or m.kind != "name" or typ(an, m.key) != EntityType.PERSON:
            continue  # "his deputy" itself is no name, the name in apposition to it is
        if m.key not in keys:
            keys.add(m.key)
            found.append(m)
    return found


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _by_agent(an: DocAnalysis, verb: Token) -> Ment | None:
    """ "by X"; "in an X strike" (only an attack noun: "killed in Iraq" names a place)."""
    attack = an.pack.events.get("attack")
    attack_nouns = set(attack.nouns) if attack is not None else set()
    for prep in verb.children:
        if prep.dep_ == "agent" or prep.lower_ in ("by", "in"):
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                if prep.lower_ == "in" and not (
                    pobj.lemma_.casefold() in attack_nouns or pobj.lower_ in attack_nouns
                ):
                    continue
                found = _actors(an, pobj) or _modifier_actor(an, pobj)
                if found:
                    return found[0]
    return None


def _modifier_actor(an: DocAnalysis, noun: Token) -> list[Ment]:
    """The actor written as a modifier of a noun ("an Israeli airstrike", "Hamas invasion")."""
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            found = _actors(an, child)
            if found:
                return found
    return []


def _clause_subject(an: DocAnalysis, verb: Token) -> list[Ment]:
    """The (resolved) subject of a verb's clause, climbing participles and coordination."""
    v = verb
    for _ in range(8):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in sorted(subj, key=lambda t: -t.i):
            found = _listed_actors(an, s)
            if not found:
                for sub in s.children:
                    if sub.dep_ == "appos":
                        found = _actors(an, sub)
                        if found:
                            break
            if found:
                return found
        if subj:
            return []
        if v.dep_ == "relcl":
            return _actors(an, v.head)
        if v.head.i == v.i:
            break
        if v.dep_ in CLIMB or v.head.pos_ not in ("VERB", "AUX"):
            v = v.head  # participles and mis-attached clauses: climb to the clause verb
            continue
        break
    return []


def _list_members(an: DocAnalysis, subj: Token, verb: Token) -> list[Ment]:
    """Persons spelling out a generic plural subject ("commanders ..., including A, B, C")."""
    doc = an.doc
    sent = verb.sent
    start = None
    for i in range(subj.i + 1, sent.end):
        if doc[i].lower_ in ("including", "namely", "among") or doc[i].text == ":":
            start = i
            break
    if start is None:
        return []
    members: list[Ment] = []
    for m in an.ments:
        if not (start < m.start < sent.end) or typ(an, m.key) != EntityType.PERSON:
            continue
        if m.kind not in ("name", "title"):
            continue
        if m.end < len(doc) and doc[m.end].text in POSSESSIVE:
            continue
        if all(x.key != m.key for x in members):
            members.append(m)
    return members


def _np_referent(an: DocAnalysis, noun: Token) -> list[Ment]:
    """Who a noun phrase describes ("Lastname-appointed Friday prayer leader" in apposition to
    a name, "the slain commander Firstname Lastname")."""
    found = _actors(an, noun)
    if found:
        return found
    if noun.dep_ == "appos":
        return _actors(an, noun.head)
    for child in noun.children:
        if child.dep_ == "appos":
            found = _actors(an, child)
            if found:
                return found
    if noun.dep_ == "compound":
        return _np_referent(an, noun.head)
    return []


def _arguments(an: DocAnalysis, tok: Token, trig: EventTrigger, kind: str) -> Args | None:
    if kind == "verb":
        return _verb_arguments(an, tok, trig)
    if kind == "noun":
        return _noun_arguments(an, tok, trig)
    return _adj_arguments(an, tok, trig)


def _verb_arguments(an: DocAnalysis, verb: Token, trig: EventTrigger) -> Args | None:
    if trig.complements:
        comp = _child(verb, "attr", "dobj", "oprd", "acomp")
        head_words = (
            " ".join(t.lower_ for t in comp.subtree if t.i <= comp.i) if comp is not None else ""
        )
        if comp is None or not any(head_words.endswith(c) for c in trig.complements):
            return None
    if trig.objects:
        obj = _child(verb, "dobj", "nsubjpass")
        if obj is None or (
            obj.lemma_.casefold() not in trig.objects and obj.lower_ not in trig.objects
        ):
            return None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if trig.force_subject:
        return _force_arguments(an, verb)
    if trig.type == "attack":
        return _attack_verb(an, verb, passive)
    if not trig.transitive:
        return Args(_clause_subject(an, verb), None)
    if passive:
        subj_tok = _child(verb, "nsubjpass")
        subjects = _clause_subject(an, verb)
        if not subjects and subj_tok is None:
            # "Also arrested was X": the parser hangs X on the auxiliary
            for aux in verb.children:
                if aux.dep_ == "auxpass":
                    for c in aux.children:
                        if c.dep_ in ("attr", "nsubj") and c.i > aux.i:
                            subjects = subjects or _listed_actors(an, c)
        if not subjects and subj_tok is not None and subj_tok.tag_ in ("NNS", "NNPS"):
            members = _list_members(an, subj_tok, verb)
            if members:
                return Args(members, _by_agent(an, verb), separate=True)
        subjects = subjects + [m for m in _companions(an, verb) if m not in subjects]
        return Args(subjects, _by_agent(an, verb))
    if verb.dep_ == "conj" and not _child(verb, "nsubj", "dobj"):
        # "who was imprisoned ... and wounded ...": shares the first verb's passive subject
        first = verb.head
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in first.children):
            return Args(_clause_subject(an, first), _by_agent(an, verb))
    # "named Major General X as ...": the small model often parses the titled object as oprd
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not objs_of(verb):
        # "the foreign minister, X, appointed last month by Y": the noun it modifies
        return Args(_actors(an, verb.head), _by_agent(an, verb))
    # ("named economist X as ...": two oprd children, the named one counts)
    objs = [c for c in verb.children if c.dep_ == "dobj"] or [
        c for c in verb.children if c.dep_ == "oprd"
    ]
    obj = next((c for c in objs if _actors(an, c)), objs[0] if objs else None)
    subjects = _actors(an, obj) if obj is not None else []
    if obj is not None and not subjects and obj.tag_ in ("NNS", "NNPS"):
        members = _list_members(an, obj, verb)
        if members:
            agents = _clause_subject(an, verb)
            return Args(members, agents[0] if agents else None, separate=True)
    agents = _clause_subject(an, verb)
    if obj is not None and obj.lower_ in ("him", "her", "them") and agents:
        # "President X appointed him": an object pronoun is never the clause's own subject
        subjects = [m for m in subjects if m.key != agents[0].key]
    return Args(subjects, agents[0] if agents else None)


def _force_arguments(an: DocAnalysis, verb: Token) -> Args | None:
    """ "X deployed ORG (and ORG2) to suppress protests": ORG subject, X agent."""
    head = verb.head
    for _ in range(3):
        if head.lemma_.casefold() in an.pack.deploy_verbs and head.pos_ == "VERB":
            obj = _child(head, "dobj")
            forces = _actors(an, obj) if obj is not None else []
            agents = _clause_subject(an, head)
            if forces:
                return Args(forces, agents[0] if agents else None)
            return None
        if head.head.i == head.i:
            break
        head = head.head
    subjects = [m for m in _clause_subject(an, verb) if typ(an, m.key) != EntityType.PERSON]
    return Args(subjects, None)


def _target_actors(an: DocAnalysis, noun: Token | None) -> list[Ment]:
    """What an attack hit: the named target, else the country written in the target phrase."""
    if noun is None:
        return []
    found = _actors(an, noun)
    if found:
        return found
    for t in noun.subtree:
        m = an.outer_at(t.i)
        if m is not None and m.key and typ(an, m.key) == EntityType.COUNTRY:
            return [m]
    return []


def _attack_verb(an: DocAnalysis, verb: Token, passive: bool) -> Args | None:
    if passive:
        subjects = _clause_subject(an, verb)
        return Args(subjects, _by_agent(an, verb))
    agents = _clause_subject(an, verb)
    return Args(_verb_target(an, verb), agents[0] if agents else None)


def _verb_target(an: DocAnalysis, verb: Token) -> list[Ment]:
    """The object of an attack verb, else the country of its place ("... in Iran")."""
    found = _target_actors(an, _child(verb, "dobj"))
    if found:
        return found
    for prep in verb.children:
        if prep.lower_ in ("in", "inside", "across", "on", "against"):
            pobj = _child(prep, "pobj")
            m = an.outer_at(pobj.i) if pobj is not None else None
            if m is not None and m.key and typ(an, m.key) == EntityType.COUNTRY:
                return [m]
    return []


AMBIGUOUS_ATTACK_NOUNS = frozenset({"strike", "operation", "offensive", "action"})
MILITARY_WORDS = frozenset(
    {
        "air",
        "missile",
        "drone",
        "military",
        "rocket",
        "artillery",
        "retaliatory",
        "naval",
        "precision",
        "preemptive",
        "pre-emptive",
        "bombing",
        "army",
        "forces",
        "troops",
        "jets",
        "warplanes",
        "killed",
        "kill",
        "wounded",
        "targets",
        "target",
        "bomb",
        "bombs",
        "nuclear",
        "base",
        "bases",
        "militants",
        "fighters",
    }
)


def _military(noun: Token) -> bool:
    """Whether an ambiguous attack noun ("strike", "operation") is military here: a military
    modifier or military words in its sentence."""
    if noun.lemma_.casefold() not in AMBIGUOUS_ATTACK_NOUNS:
        return True
    if any(c.lower_ in MILITARY_WORDS for c in noun.children):
        return True
    if any(c.lower_ in ("on", "against") for c in noun.children):
        return True  # "a strike on X" (a labour strike is "in" a place or "over" a grievance)
    return any(t.lower_ in MILITARY_WORDS or t.lemma_ in MILITARY_WORDS for t in noun.sent)


def _noun_arguments(an: DocAnalysis, noun: Token, trig: EventTrigger) -> Args | None:
    doc = an.doc
    agent = _modifier_actor(an, noun)
    if trig.type == "attack":
        if not agent and not _military(noun):
            return None  # "truckers held a nationwide strike": a labour strike
        target: list[Ment] = []
        for prep in noun.children:
            if prep.lower_ in ("on", "against", "of", "in", "into"):
                pobj = _child(prep, "pobj")
                target = _target_actors(an, pobj)
                if target:
                    break
        if (
            not target
            and noun.dep_ == "nsubj"
            and noun.head.pos_ == "VERB"
            and noun.head.lemma_.casefold() in HIT_VERBS
        ):
            # "an Israeli airstrike hit military targets in Iran"
            target = _verb_target(an, noun.head)
        agent_m = next((m for m in agent if m not in target), None)
        return Args(target, agent_m)
    if trig.type == "statement":
        return _statement_noun(an, noun)
    if trig.force_subject:
        return None
    subjects: list[Ment] = []
    for child in noun.children:
        if child.dep_ == "poss":
            subjects = _actors(an, child)
    if not subjects:
        for prep in noun.children:
            if prep.lower_ == "of":
                pobj = _child(prep, "pobj")
                if pobj is not None:
                    subjects = [m for m in _actors(an, pobj) if m.start <= pobj.i < m.end]
    if not subjects and trig.type in TARGETED_NOUN_TYPES:
        # "X imposed sanctions on Y (and Z)": the target after "on"/"against", the verb's
        # subject as agent
        verb = noun.head if noun.dep_ == "dobj" else None
        preps = [*noun.children, *(verb.children if verb is not None else [])]
        for prep in preps:
            if prep.lower_ in ("on", "against") and prep.dep_ == "prep":
                subjects = _actors(an, _child(prep, "pobj"))
                if subjects:
                    break
        if subjects and verb is not None:
            agents = [m for m in _clause_subject(an, verb) if m not in subjects]
            return Args(subjects, agents[0] if agents else None)
    if not subjects:
        return None
    by = None
    for prep in noun.children:
        if prep.lower_ == "by":
            found = _actors(an, _child(prep, "pobj"))
            by = found[0] if found else None
    del doc
    return Args(subjects, by)


def _statement_noun(an: DocAnalysis, noun: Token) -> Args | None:
    """ "his speech on Monday", "X issued a statement"."""
    for child in noun.children:
        if child.dep_ == "poss":
            found = _actors(an, child)
            if found:
                return Args(found, None)
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("in", "via", "through") and head.head.pos_ == "VERB":
        found = _clause_subject(an, head.head)  # "X, in a message on Sunday, described ..."
        if found:
            return Args(found, None)
    if noun.dep_ in ("dobj",) and head.lemma_.casefold() in ISSUE_VERBS:
        found = _clause_subject(an, head)
        if found:
            return Args(found, None)
        # the parser sometimes finds no subject: the actor named just before the verb
        for i in range(head.i - 1, head.sent.start - 1, -1):
            m = an.outer_at(i)
            possessor = m is not None and m.end < len(an.doc) and an.doc[m.end].text in POSSESSIVE
            if m is not None and m.key and typ(an, m.key) in ACTORS[:3] and not possessor:
                return Args([m], None)
    return None


def _adj_arguments(an: DocAnalysis, adj: Token, trig: EventTrigger) -> Args | None:
    """ "the slain commander X", "Lastname-appointed Friday prayer leader": the described
    entity is the subject; a hyphenated actor before the adjective is the agent."""
    doc = an.doc
    head = adj.head
    subjects = _np_referent(an, head)
    agent = None
    if adj.i >= 2 and doc[adj.i - 1].text == "-":
        found = _actors(an, doc[adj.i - 2])
        agent = found[0] if found else None
    subjects = [m for m in subjects if agent is None or m.key != agent.key]
    return Args(subjects, agent)


# --- dates ---------------------------------------------------------------------------------
def _ancestors(tok: Token) -> list[Token]:
    out = []
    t = tok
    while t.head.i != t.i:
        t = t.head
        out.append(t)
    return out


def _clause_verb(tok: Token) -> Token | None:
    for t in [tok, *_ancestors(tok)]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _dates_for(
    an: DocAnalysis,
    trig: Token,
    sent: SpacySpan,
    dates: list[DateHit],
    strict: bool,
    kind: str = "verb",
) -> tuple[list[DateHit], str | None]:
    """The date hits of `sent` that date the trigger (best attached first), and the wording of
    an open bound ("before the 1979 revolution") when that is all there is."""
    doc = an.doc
    scored: list[tuple[int, int, DateHit]] = []
    open_text: str | None = None
    trig_verb = _clause_verb(trig)
    trig_chain = {t.i for t in [trig, *_ancestors(trig)]}
    for hit in dates:
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        anc = {t.i for t in _ancestors(root)}
        lo, hi = sorted((trig.i, span.start))
        between = doc[lo:hi].text.casefold() if trig.i < span.start else ""
        open_word = next((w for w in OPEN_WORDS if f" {w} " in f" {between} "), None)
        if hit.open and trig.i > span.start:
            continue  # "imprisoned before the 1979 revolution and wounded ...": not this one's
        if open_word is not None:
            if open_text is None and trig.i < span.start:
                k = an.text.casefold().rfind(open_word or "before", doc[trig.i].idx, hit.start)
                if k >= 0:
                    open_text = an.text[k : hit.end]
            continue
        path = []
        for t in [root, *_ancestors(root)]:
            if t.i == trig.i:
                break
            path.append(t)
        if any(
            (
                (t.dep_ == "relcl" and (_actors(an, t.head) or t.head.pos_ != "NOUN"))
                or (t.dep_ == "acl" and t.tag_ == "VBN" and _actors(an, t.head))
            )
            and t.i not in trig_chain
            for t in path
        ):
            # "X, who took office in July, said ...", "X, appointed last month by Y, says":
            # the date is the clause's own (not so for "the ceremony which was held on Friday")
            continue
        if trig.i in anc:
            score = 3
        elif trig_verb is not None and (
            _clause_verb(root) is trig_verb
            or (_clause_verb(root) and _clause_verb(root).i in trig_chain)  # type: ignore[union-attr]
        ):
            score = 2
        else:
            score = 1
        if kind != "verb" and score == 2 and not _verb_dependent(trig):
            score = 1  # a noun dated only when its clause's verb governs it directly
        if (strict and score < 2) or (kind != "verb" and score < 2):
            continue
        scored.append((score, -abs(span.start - trig.i), hit))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    if not scored:
        return [], open_text
    best = scored[0][2]
    # several date hits on one spot ("Saturday morning, October 26"): prefer the most precise
    same = [h for s, _d, h in scored if s == scored[0][0] and abs(h.start - best.start) < 30]
    same.sort(key=lambda h: (len(h.value or ""), h.method == DateMethod.EXPLICIT), reverse=True)
    return [same[0]], None


def _verb_dependent(noun: Token) -> bool:
    """The noun is an argument of a verb, or the object of a preposition on a verb
    ("issued a statement", "amid an airstrike")."""
    head = noun.head
    if head.pos_ in ("VERB", "AUX"):
        return True
    return head.pos_ == "ADP" and head.head.pos_ in ("VERB", "AUX")


def _date_values(chosen: list[DateHit], open_text: str | None) -> list[DateValue]:
    if not chosen:
        return [DateValue(None, DateMethod.UNKNOWN, open_text)]
    hit = chosen[0]
    if hit.values and len(hit.values) > 1:
        return [DateValue(v, hit.method, hit.text) for v in hit.values]
    return [hit.date_value()]


# --- statements ----------------------------------------------------------------------------
def _statement(
    an: DocAnalysis,
    trig: EventTrigger,
    tok: Token,
    sent: SpacySpan,
    subjects: list[Ment],
    agent: Ment | None,
    value: DateValue,
    extractor: str,
    kind: str,
    in_quote: bool,
) -> Statement:
    quals: dict[str, str] = {"trigger": tok.text, "pattern": f"event-{kind}"}
    if value.text:
        quals["date_text"] = value.text
    if len(subjects) > 1:
        quals["co_subjects"] = ",".join(m.key or "" for m in subjects[1:])
    if in_quote:
        quals["in_quote"] = "true"
    lo = min([tok.i, *(m.start for m in subjects)])
    hi = max([tok.i + 1, *(m.end for m in subjects)])
    confidence = {"verb": 0.75, "noun": 0.65, "adj": 0.6}.get(kind, 0.6)
    if in_quote:
        confidence *= 0.7
    return Statement(
        subject_key=subjects[0].key or "",
        predicate=trig.type,
        object_key=agent.key if agent is not None and agent.key != subjects[0].key else None,
        evidence=an.evidence(lo, hi),
        qualifiers=quals,
        valid_from=value,
        reported_at=an.document.published,
        attribution=attribution_of(an, sent),
        extractor=extractor,
        confidence=confidence,
    )


def _drop_undated_duplicates(stmts: list[Statement]) -> list[Statement]:
    """An undated event is dropped when the same event of the same subject has a date."""
    dated = {(s.predicate, s.subject_key) for s in stmts if s.valid_from.value}
    return [s for s in stmts if s.valid_from.value or (s.predicate, s.subject_key) not in dated]
