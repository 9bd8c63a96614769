"""Tie statements (holds_position, leads, commands, advises, member_of, subordinate_to,
affiliated_with, close_to, child_of, located_in, ...) from posts and from general patterns.

Sources of ties:
- posts attached to persons (`roles.RoleLink`): the role word's predicate, plus holds_position
  for heads and commanders; `former`/`late`/`ex-` kept as time=former; an adviser with no
  stated principal advises the one current national leader named in the same or the previous
  sentence (marked inferred), else nobody;
- "X answers to Y", "X is under (the command of) Y", "X's chain of command runs through Y"
  -> subordinate_to; "ORG1's ORG2" -> subordinate_to;
- "X deployed / commands ORG", "control over ORG" -> commands;
- "ties with", "its affiliated ORG", "Tehran-backed ORG", "writes for ORG" -> affiliated_with;
- "part of / members of X's inner circle" -> member_of; a circle or office -> subordinate_to
  its owner; "personally close to X" -> close_to;
- pack knowledge: a unit and its parent named in one sentence ("IRGC Quds Force") -> the
  pack's relation; "Lebanese Hezbollah" -> located_in; "the ISIS branch in Afghanistan" ->
  subordinate_to + located_in.
Each statement carries its evidence (sentence or trimmed clause <= 200 chars), attribution,
domain, extractor name and a confidence per pattern.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from innercircle.extract.attribution import attribution_of
from innercircle.extract.context import (
    POSSESSIVE,
    DocAnalysis,
    Ment,
    fold,
    previous_sentence,
)
from innercircle.extract.coref import (
    ORG_PRONOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    antecedent,
)
from innercircle.extract.dates import post_period
from innercircle.extract.roles import RoleLink
from innercircle.records import DateMethod, DateValue, EntityType, Statement

ORGISH = (EntityType.ORGANIZATION, EntityType.GROUP)
COMMAND_NOUNS = frozenset(
    {
        "command",
        "authority",
        "control",
        "supervision",
        "jurisdiction",
        "leadership",
        "orders",
        "direction",
        "oversight",
    }
)
TIE_NOUNS = frozenset(
    {
        "tie",
        "ties",
        "link",
        "links",
        "relation",
        "relations",
        "connection",
        "connections",
        "relationship",
        "relationships",
        "alliance",
    }
)
AFFIL_ADJ = frozenset(
    {
        "associated",
        "affiliated",
        "allied",
        "linked",
        "aligned",
        "backed",
        "sponsored",
        "supported",
        "funded",
        "armed",
        "led",
    }
)
MEMBERSHIP_NOUNS = frozenset(
    {"part", "member", "members", "core", "heart", "centre", "center", "one", "some", "among"}
)
COMMAND_VERBS = {
    "deploy": "commands",
    "dispatch": "commands",
    "send": "commands",
    "mobilize": "commands",
    "mobilise": "commands",
    "unleash": "commands",
    "command": "commands",
    "control": "commands",
    "order": "commands",
    "lead": "leads",
    "head": "leads",
    "chair": "leads",
    "run": "leads",
}
SUPPORT_VERBS = frozenset(
    {"support", "back", "fund", "finance", "arm", "sponsor", "train", "equip", "bankroll"}
)
FORMER_ADVERBS = frozenset({"previously", "formerly", "once"})
WRITE_VERBS = frozenset({"write", "work", "report", "contribute", "broadcast"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
PLURAL_ANAPHOR_HEADS = frozenset(
    {
        "men",
        "women",
        "officials",
        "commanders",
        "figures",
        "leaders",
        "generals",
        "advisers",
        "advisors",
        "people",
    }
)


ALLY_NOUNS = frozenset({"ally", "allies", "confidant", "confidants", "associate", "associates"})
TOKEN_CUES = (
    frozenset(
        {
            "answer",
            "report",
            "subordinate",
            "accountable",
            "under",
            "run",
            "go",
            "pass",
            "control",
            "command",
            "close",
        }
    )
    | ALLY_NOUNS
    | TIE_NOUNS
    | frozenset(COMMAND_VERBS)
    | WRITE_VERBS
    | SUPPORT_VERBS
)
"""Words that can start one of the token patterns below (a fast pre-filter)."""


DANGLING_WORDS = frozenset(
    {"since", "until", "till", "from", "in", "on", "at", "during", "between", "and", "or"}
)


def clean_role(role: str) -> tuple[str, str | None, str | None]:
    """A written post without the period phrase or dangling words after it, and the period
    ("foreign minister from 1997 to 2005" -> "foreign minister", 1997, 2005)."""
    since, until, at = post_period(role)
    if at > 0:
        role = role[:at]
    words = role.split()
    while len(words) > 1 and words[-1].casefold().strip(",") in DANGLING_WORDS:
        words.pop()
    return " ".join(words).rstrip(","), since, until


def _role_period(an: DocAnalysis, start: int, role: str) -> tuple[str | None, str | None]:
    """The period written right after a post in its sentence, up to the next comma or stop
    ("X, foreign minister from 1997 to 2005, heads ..."), or just before it between
    commas (", from 2005 to 2009, minister of intelligence")."""
    sent = an.doc[start].sent.text
    at = sent.find(role)
    if at < 0:
        return None, None
    tail = re.split(r"[,;.()]", sent[at + len(role) :], maxsplit=1)[0]
    since, until, _ = post_period(tail)
    if since or until:
        return since, until
    head = sent[:at].rstrip()
    if head.endswith(","):
        segment = head[:-1].rsplit(",", 1)[-1].strip()
        since, until, where = post_period(segment)
        if where == 0 and len(segment.split()) <= 5:
            return since, until
    return None, None


class Builder:
    """Collects statements for one document, without duplicates."""

    def __init__(self, an: DocAnalysis, extractor: str) -> None:
        self.an = an
        self.extractor = extractor
        self.out: list[Statement] = []
        self.seen: set[tuple[str, str, str | None, str, bool]] = set()

    def add(
        self,
        subj: str | None,
        pred: str,
        obj: str | None,
        start: int,
        end: int,
        *,
        role: str | None = None,
        former: bool = False,
        inferred: bool = False,
        confidence: float = 0.7,
        domain: str | None = None,
        pattern: str = "",
        period: tuple[str | None, str | None] | None = None,
    ) -> None:
        """One tie statement; a post's period ("since 2019", "from 1997 to 2005") becomes its
        valid_from/valid_to, read from the role text or the words around it."""
        an = self.an
        if not subj or not obj or subj == obj:
            return
        if role:
            role, since, until = clean_role(role)
            if period is None and not (since or until):
                since, until = _role_period(an, start, role)
            period = period or (since, until)
        # one statement per tie and post: "vice president ... served as foreign minister"
        # keeps both posts; the same post written twice is one statement
        key = (subj, pred, obj, " ".join((role or "").casefold().split()), former)
        if key in self.seen:
            return
        self.seen.add(key)
        quals: dict[str, str] = {}
        if former:
            quals["time"] = "former"
        if inferred:
            quals["inferred"] = "true"
        if pattern:
            quals["pattern"] = pattern
        dom = domain or (an.pack.domain_of(role or "", an.insts.get(obj)) if role else None)
        if dom is None and an.insts.get(obj):
            dom = an.pack.institutions[an.insts[obj]].domain
        if dom:
            quals["domain"] = dom
        sent = an.doc[start].sent
        since, until = period or (None, None)
        self.out.append(
            Statement(
                subject_key=subj,
                predicate=pred,
                object_key=obj,
                evidence=an.evidence(start, end),
                role=role,
                qualifiers=quals,
                valid_from=DateValue(since, DateMethod.YEAR) if since else DateValue.unknown(),
                valid_to=DateValue(until, DateMethod.YEAR) if until else DateValue.unknown(),
                reported_at=an.document.published,
                attribution=attribution_of(an, sent),
                extractor=self.extractor,
                confidence=confidence * (0.8 if inferred else 1.0),
            )
        )


def typ(an: DocAnalysis, key: str | None) -> EntityType | None:
    return an.key_type(key)


def resolve_token(an: DocAnalysis, tok: Token) -> list[Ment]:
    """Entity mentions a noun-phrase head stands for (pronouns, relative pronouns and
    "these men" resolved; coordinated heads distributed)."""
    out: list[Ment] = []
    for t in [tok, *tok.conjuncts]:
        out.extend(_resolve_one(an, t))
    uniq: dict[str | None, Ment] = {}
    for m in out:
        if m.key is not None:
            uniq.setdefault(m.key, m)
    return list(uniq.values())


def _resolve_one(an: DocAnalysis, tok: Token) -> list[Ment]:
    low = tok.lower_
    if low in RELATIVE and tok.head.dep_ == "relcl":
        return _resolve_one(an, tok.head.head)
    if low in PERSON_PRONOUNS | ORG_PRONOUNS:
        ante = antecedent(an, tok)
        return [ante] if ante is not None else []
    if low in PLURAL_PRONOUNS or (
        low in PLURAL_ANAPHOR_HEADS
        and any(c.lower_ in ("these", "those", "the") for c in tok.children)
        # "the commanders of the war, including X" says who they are: not an anaphor
        and not any(c.dep_ in ("prep", "acl", "relcl") for c in tok.children)
    ):
        people = plural_people(an, tok)
        if people:
            return people
        if low in PLURAL_PRONOUNS:
            ante = antecedent(an, tok)
            return [ante] if ante is not None else []
        return []
    m = an.outer_at(tok.i)
    if m is not None and m.key is not None and typ(an, m.key) != EntityType.POSITION:
        return [m]
    # "the martyr Firstname Lastname, who ...", "the foreign minister, Firstname Lastname":
    # the name in apposition to a common noun (or to a post)
    if tok.pos_ == "NOUN":
        for child in tok.children:
            if child.dep_ == "appos":
                cm = an.outer_at(child.i)
                if cm is not None and cm.key is not None and cm.kind == "name":
                    return [cm]
        if tok.dep_ == "appos":  # "X, the leader's second son, who ...": X
            hm = an.outer_at(tok.head.i)
            if hm is not None and hm.key is not None and hm.kind == "name":
                return [hm]
    if m is not None and m.key is not None:
        return [m]
    # a common-noun head with one mention as its compound/modifier ("the Guard commanders")
    for child in tok.children:
        if child.dep_ in ("compound",):
            cm = an.outer_at(child.i)
            if cm is not None and cm.key is not None and typ(an, cm.key) in ORGISH:
                return []
    return []


def plural_people(an: DocAnalysis, tok: Token) -> list[Ment]:
    """Persons named in the previous sentence, for "these men" / "they" (two or more)."""
    prev = previous_sentence(an.doc, tok.sent)
    if prev is None:
        return []
    people: list[Ment] = []
    for m in an.ments:
        if not (prev.start <= m.start < prev.end) or typ(an, m.key) != EntityType.PERSON:
            continue
        if m.kind not in ("name", "title"):
            continue
        if m.end < len(an.doc) and an.doc[m.end].text in POSSESSIVE:
            continue
        if all(p.key != m.key for p in people):
            people.append(m)
    return people if len(people) >= 2 else []


def subjects_of(an: DocAnalysis, verb: Token) -> list[Ment]:
    """Mentions that are the subject of a verb (climbing conjunctions and relative clauses)."""
    v = verb
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        for s in sorted(subj, key=lambda t: -t.i):
            found = resolve_token(an, s)
            if found:
                return found
        if subj:
            return []
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
            v = v.head
            continue
        if v.dep_ == "relcl":
            return resolve_token(an, v.head)
        break
    return []


def extract_relations(an: DocAnalysis, links: list[RoleLink], extractor: str) -> list[Statement]:
    """All tie statements of the document."""
    b = Builder(an, extractor)
    leaders = {
        link.person.key
        for link in links
        if link.person.key
        and link.role.predicate == "leads"
        and link.obj_kind == "country"
        and not link.former
    } | set(an.holders.values())
    for link in links:
        _from_link(an, b, link, _principal(an, link, leaders))
    _demote_sub_units(an, links)
    doc = an.doc
    for i in range(len(doc)):
        if an.lower[i] not in TOKEN_CUES and an.lemma[i] not in TOKEN_CUES:
            continue
        tok = doc[i]
        _subordination(an, b, tok)
        _ties(an, b, tok)
        _command_verbs(an, b, tok)
        _control_nouns(an, b, tok)
        _close_to(an, b, tok)
        _close_allies(an, b, tok)
        _writes_for(an, b, tok)
        _support_verbs(an, b, tok)
    _affiliated_modifiers(an, b)
    _person_of_org(an, b)
    _membership(an, b)
    _owned(an, b)
    _pack_parents(an, b)
    _org_possessives(an, b)
    _country_modifiers(an, b)
    _deputy_of_holder(an, b)
    _replaced_holder(an, b)
    return b.out


# --- posts ---------------------------------------------------------------------------------
def _principal(an: DocAnalysis, link: RoleLink, leaders: set[str]) -> str | None:
    """The principal of an adviser who names none: the one national leader mentioned in the
    link's sentence or the sentence before it."""
    if link.role.predicate != "advises" or link.obj_key is not None:
        return None
    sent = an.doc[link.person.start].sent
    prev = previous_sentence(an.doc, sent)
    lo = prev.start if prev is not None else sent.start
    found = {
        m.key
        for m in an.ments
        if m.key in leaders and m.key != link.person.key and lo <= m.start < sent.end
    }
    return next(iter(found)) if len(found) == 1 else None


def _from_link(an: DocAnalysis, b: Builder, link: RoleLink, principal: str | None) -> None:
    person = link.person.key
    if person is None:
        return
    role = link.role
    obj = link.obj_key
    conf = {
        "compound": 0.85,
        "apposition": 0.85,
        "copula": 0.75,
        "list": 0.7,
        "coordination": 0.75,
    }.get(link.pattern, 0.7)

    def emit(subj: str, pred: str, target: str, inferred: bool = link.inferred) -> None:
        b.add(
            subj,
            pred,
            target,
            link.start,
            link.end,
            role=link.role_text,
            former=link.former,
            inferred=inferred,
            confidence=conf,
            pattern=f"role-{link.pattern}",
        )

    pred = role.predicate
    if pred in ("advises", "close_to", "child_of", "spouse_of", "sibling_of"):
        if obj is None and pred == "advises" and principal and principal != person:
            emit(person, "advises", principal, inferred=True)
        elif obj is not None and typ(an, obj) == EntityType.PERSON:
            if role.inverse:
                emit(obj, pred, person)
            else:
                emit(person, pred, obj)
        elif obj is not None and typ(an, obj) in ORGISH and pred == "advises":
            emit(person, "holds_position", obj)
    elif obj is not None:
        otype = typ(an, obj)
        if pred in ("leads", "commands"):
            if otype in (*ORGISH, EntityType.COUNTRY, EntityType.POSITION):
                emit(person, "holds_position", obj)
                emit(person, pred, obj)
        elif pred == "holds_position":
            if otype in (*ORGISH, EntityType.COUNTRY, EntityType.POSITION):
                emit(person, "holds_position", obj)
        elif pred in ("member_of", "affiliated_with") and otype in (*ORGISH, EntityType.COUNTRY):
            emit(person, pred, obj)
    for extra in link.extra_objects:
        if typ(an, extra) in ORGISH:
            emit(person, "holds_position", extra)


def _deputy_of_holder(an: DocAnalysis, b: Builder) -> None:
    """ "His deputy, X" / "A's deputy X": X holds a post (deputy) in what A heads or commands;
    "his predecessor X": X held A's post before. Only when nothing else gives X a post there."""
    doc = an.doc
    heads = [
        st
        for st in b.out
        if st.predicate in ("leads", "commands") and st.qualifiers.get("time") != "former"
    ]
    for m in an.ments:
        if m.key is None or m.kind != "name" or typ(an, m.key) != EntityType.PERSON:
            continue
        i = m.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        if i < 1 or doc[i].lower_ not in ("deputy", "predecessor"):
            continue
        poss = doc[i - 1]
        if poss.tag_ == "PRP$":
            owners = resolve_token(an, poss)
        elif poss.text in POSSESSIVE and i >= 2:
            owner = an.outer_at(i - 2)
            owners = [owner] if owner is not None else []
        else:
            continue
        former = doc[i].lower_ == "predecessor"
        for o in owners:
            if o.key is None or o.key == m.key or typ(an, o.key) != EntityType.PERSON:
                continue
            sent = doc[m.start].sent
            for st in heads:
                if st.subject_key != o.key or st.object_key is None:
                    continue
                if former and not sent.start_char <= st.evidence.start < sent.end_char:
                    continue  # a predecessor in the post the sentence is about
                if any(x.subject_key == m.key and x.object_key == st.object_key for x in b.out):
                    continue
                b.add(
                    m.key,
                    "holds_position",
                    st.object_key,
                    min(i - 1, m.start),
                    m.end,
                    role=st.role if former else "deputy",
                    former=former,
                    confidence=0.6,
                    pattern="deputy-of-holder",
                )


def _replaced_holder(an: DocAnalysis, b: Builder) -> None:
    """ "X replaces Y" (no "as ROLE"): Y held the one current post the document gives X in an
    organisation (former)."""
    doc = an.doc
    for tok in doc:
        if tok.lemma_.casefold() not in ("replace", "succeed") or tok.pos_ != "VERB":
            continue
        if tok.tag_ not in ("VBZ", "VBD", "VBP") or any(c.lower_ == "as" for c in tok.children):
            continue  # a finite verb with its own subject; "as ROLE" is handled with posts
        subj = [m for c in tok.children if c.dep_ == "nsubj" for m in resolve_token(an, c)]
        objs = [m for c in tok.children if c.dep_ == "dobj" for m in resolve_token(an, c)]
        for sm in subj:
            if typ(an, sm.key) != EntityType.PERSON:
                continue
            posts = {
                (st.object_key, st.role)
                for st in b.out
                if st.subject_key == sm.key
                and st.predicate in ("leads", "commands", "holds_position")
                and st.qualifiers.get("time") != "former"
                and typ(an, st.object_key) in ORGISH
            }
            objects = {o for o, _ in posts}
            if len(objects) != 1:
                continue
            obj, role = sorted(posts, key=lambda p: p[1] or "")[-1]
            for om in objs:
                if typ(an, om.key) != EntityType.PERSON or om.key == sm.key:
                    continue
                if any(x.subject_key == om.key and x.object_key == obj for x in b.out):
                    continue
                b.add(
                    om.key,
                    "holds_position",
                    obj,
                    min(sm.start, tok.i),
                    om.end,
                    role=role,
                    former=True,
                    confidence=0.6,
                    pattern="replaced-holder",
                )


def _demote_sub_units(an: DocAnalysis, links: list[RoleLink]) -> None:
    """ "director of the Iran Program at the Middle East Institute": the programme is part of
    the post as written, not an organisation of its own (when it occurs nowhere else)."""
    doc = an.doc
    drop: list[Ment] = []
    for link in links:
        if link.pattern != "apposition" or link.obj_key is None:
            continue
        inner = [
            m
            for m in an.ments
            if link.start <= m.start
            and m.end <= link.end
            and m.kind == "name"
            and typ(an, m.key) == EntityType.ORGANIZATION
            and m.inst is None
            and m.key != link.obj_key
        ]
        for m in inner:
            after = doc[m.end] if m.end < len(doc) else None
            before = doc[m.start - 1] if m.start > 0 else None
            if after is None or after.lower_ not in ("at", "in", "of") or before is None:
                continue
            if before.lower_ not in ("of", "the"):
                continue
            others = [o for o in an.ments if o.key == m.key and o is not m]
            if not others:
                drop.append(m)
    if drop:
        an.ments = [m for m in an.ments if m not in drop]
        an.index()


# --- patterns over tokens ------------------------------------------------------------------
def _subordination(an: DocAnalysis, b: Builder, tok: Token) -> None:
    low = tok.lower_
    lemma = tok.lemma_.casefold()
    objs: list[Ment] = []
    subj_tok: Token | None = None
    if lemma in ("answer", "report", "subordinate", "accountable") and tok.pos_ in ("VERB", "ADJ"):
        for prep in tok.children:
            if prep.lower_ == "to":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        objs.extend(resolve_token(an, pobj))
        subjects = subjects_of(an, tok if tok.pos_ == "VERB" else tok.head)
        for sm in subjects:
            if typ(an, sm.key) in ORGISH:
                for om in objs:
                    b.add(
                        sm.key,
                        "subordinate_to",
                        om.key,
                        tok.i,
                        tok.i + 1,
                        confidence=0.75,
                        pattern="answers-to",
                    )
        return
    if low == "under":
        for pobj in tok.children:
            if pobj.dep_ != "pobj":
                continue
            for t in [pobj, *pobj.conjuncts]:
                target = t
                if t.lemma_.casefold() in COMMAND_NOUNS:
                    for prep in t.children:
                        if prep.lower_ == "of":
                            target = next((c for c in prep.children if c.dep_ == "pobj"), t)
                objs.extend(resolve_token(an, target))
        subj_tok = tok.head
        before = [m for m in an.all_at(tok.i - 1) if m.end == tok.i and m.key] if tok.i else []
        if before and typ(an, before[-1].key) in ORGISH:
            sm = before[-1]  # "the Defense Ministry under the elected president"
            for om in objs:
                if typ(an, om.key) in (*ORGISH, EntityType.PERSON, EntityType.POSITION):
                    b.add(
                        sm.key,
                        "subordinate_to",
                        om.key,
                        sm.start,
                        om.end,
                        confidence=0.7,
                        pattern="under",
                    )
            return
    elif lemma in ("run", "go", "pass") and tok.pos_ == "VERB":
        for prep in tok.children:
            if prep.lower_ == "through":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        objs.extend(resolve_token(an, pobj))
        subj_tok = tok
    if not objs or subj_tok is None:
        return
    subjects = []
    if subj_tok.pos_ in ("VERB", "AUX"):
        verb_subj = [c for c in subj_tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb_subj:
            head = verb_subj[0]
            subjects = resolve_token(an, head)
            if not subjects:  # "the army chain of command runs through ..."
                lo = min(t.i for t in head.subtree)
                subjects = [
                    m
                    for m in an.ments
                    if lo <= m.start <= head.i and m.key and typ(an, m.key) in ORGISH
                ][:1]
        elif subj_tok.dep_ == "relcl":
            subjects = resolve_token(an, subj_tok.head)
    else:
        subjects = resolve_token(an, subj_tok)
    for sm in subjects:
        if typ(an, sm.key) not in ORGISH:
            continue
        for om in objs:
            if typ(an, om.key) in (*ORGISH, EntityType.PERSON, EntityType.POSITION):
                b.add(
                    sm.key,
                    "subordinate_to",
                    om.key,
                    min(sm.start, tok.i),
                    om.end,
                    confidence=0.7,
                    pattern="under",
                )


def _ties(an: DocAnalysis, b: Builder, tok: Token) -> None:
    if tok.lower_ not in TIE_NOUNS or tok.pos_ != "NOUN":
        return
    objs: list[Ment] = []
    for prep in tok.children:
        if prep.lower_ in ("with", "to"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    objs.extend(resolve_token(an, pobj))
    if not objs:
        return
    subjects: list[Ment] = []
    for child in tok.children:
        if child.dep_ == "poss":
            subjects = resolve_token(an, child)
    if not subjects and tok.dep_ in ("dobj", "attr"):
        subjects = subjects_of(an, tok.head)
    role = " ".join(t.text for t in tok.subtree if t.i <= tok.i)
    for sm in subjects:
        if typ(an, sm.key) not in (EntityType.PERSON, *ORGISH):
            continue
        for om in objs:
            if typ(an, om.key) in (*ORGISH, EntityType.PERSON, EntityType.COUNTRY):
                b.add(
                    sm.key,
                    "affiliated_with",
                    om.key,
                    min(sm.start, tok.i),
                    om.end,
                    role=role,
                    confidence=0.7,
                    pattern="ties",
                )


def _command_verbs(an: DocAnalysis, b: Builder, tok: Token) -> None:
    pred = COMMAND_VERBS.get(tok.lemma_.casefold())
    if pred is None or tok.pos_ != "VERB":
        return
    objs: list[Ment] = []
    for child in tok.children:
        if child.dep_ == "dobj":
            objs.extend(m for m in resolve_token(an, child) if typ(an, m.key) in ORGISH)
    agents = _passive_agents(an, tok)
    if agents and not objs:
        # "the office, run day to day by X" / "ORG, which is headed by X"
        if tok.dep_ == "acl":
            objs = [m for m in resolve_token(an, tok.head) if typ(an, m.key) in ORGISH]
        else:
            objs = [m for m in subjects_of(an, tok) if typ(an, m.key) in ORGISH]
        if not objs and tok.i > 1 and an.doc[tok.i - 1].text == ",":
            # the parser often makes "ORG, run by X" a clause of its own
            before = an.outer_at(tok.i - 2)
            if before is not None and before.end == tok.i - 1 and typ(an, before.key) in ORGISH:
                objs = [before]
    if not objs:
        return
    former = pred == "leads" and any(c.lower_ in FORMER_ADVERBS for c in tok.children)
    since, until = None, None
    for prep in tok.children:  # "who commanded the Guards until 2007", "has led it since 2009"
        if prep.dep_ == "prep" and prep.lower_ in DANGLING_WORDS:
            found = post_period(" ".join(t.text for t in prep.subtree))
            since, until = since or found[0], until or found[1]
    subjects = agents or subjects_of(an, tok)
    controller = tok.head if tok.dep_ == "xcomp" else None
    if controller is not None and controller.i != tok.i:
        # "appointed X to head ORG": the object of the governing verb heads it
        obj = next((c for c in controller.children if c.dep_ in ("dobj", "oprd")), None)
        if obj is not None:
            subjects = resolve_token(an, obj)
    for sm in subjects:
        if typ(an, sm.key) != EntityType.PERSON:
            continue
        for om in objs:
            b.add(
                sm.key,
                pred,
                om.key,
                min(sm.start, tok.i),
                om.end,
                former=former,
                confidence=0.65,
                pattern=f"verb-{tok.lemma_}",
                period=(since, until) if since or until else None,
            )


def _passive_agents(an: DocAnalysis, verb: Token) -> list[Ment]:
    """Persons in the "by" agent phrase of a passive verb ("headed by X")."""
    out: list[Ment] = []
    for child in verb.children:
        if child.dep_ == "agent" or (child.lower_ == "by" and child.dep_ == "prep"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.extend(
                        m for m in resolve_token(an, pobj) if typ(an, m.key) == EntityType.PERSON
                    )
    return out


def _control_nouns(an: DocAnalysis, b: Builder, tok: Token) -> None:
    if tok.lemma_.casefold() not in ("control", "command") or tok.pos_ != "NOUN":
        return
    objs: list[Ment] = []
    for prep in tok.children:
        if prep.lower_ in ("over", "of"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    objs.extend(m for m in resolve_token(an, pobj) if typ(an, m.key) in ORGISH)
    if not objs:
        return
    subjects: list[Ment] = []
    for child in tok.children:
        if child.dep_ == "poss":
            subjects = resolve_token(an, child)
    if not subjects and tok.dep_ in ("dobj", "attr", "conj"):
        head = tok.head
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head
        subjects = subjects_of(an, head if head.pos_ in ("VERB", "AUX") else head.head)
    for sm in subjects:
        if typ(an, sm.key) != EntityType.PERSON:
            continue
        for om in objs:
            b.add(
                sm.key,
                "commands",
                om.key,
                min(sm.start, tok.i),
                om.end,
                confidence=0.65,
                pattern="control-over",
            )


def _close_to(an: DocAnalysis, b: Builder, tok: Token) -> None:
    if tok.lower_ != "close" or tok.pos_ not in ("ADJ", "ADV"):
        return
    if tok.dep_ not in ("acomp", "amod", "attr"):
        return
    objs: list[Ment] = []
    for prep in tok.children:
        if prep.lower_ == "to":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    objs.extend(resolve_token(an, pobj))
    if not objs:
        return
    subjects = subjects_of(an, tok.head) if tok.dep_ == "acomp" else []
    if tok.dep_ == "amod" and tok.head.dep_ == "appos":
        # "X, a deputy minister close to Y": the person the post is in apposition to
        subjects = resolve_token(an, tok.head.head)
    for sm in subjects:
        if typ(an, sm.key) != EntityType.PERSON:
            continue
        for om in objs:
            # close to a person: close_to; close to an organisation: a looser tie
            predicate = "close_to" if typ(an, om.key) == EntityType.PERSON else "affiliated_with"
            if typ(an, om.key) in (EntityType.PERSON, *ORGISH) and om.key != sm.key:
                b.add(
                    sm.key,
                    predicate,
                    om.key,
                    min(sm.start, tok.i),
                    om.end,
                    confidence=0.7 if predicate == "close_to" else 0.6,
                    pattern="close-to",
                )


def _close_allies(an: DocAnalysis, b: Builder, tok: Token) -> None:
    """ "X, ... one of Y's closest allies", "X is a close confidant of Y" -> X close_to Y."""
    if tok.lower_ not in ALLY_NOUNS or tok.pos_ != "NOUN":
        return
    if not any(c.dep_ == "amod" and c.lemma_.casefold() == "close" for c in tok.children):
        return
    owners = [m for c in tok.children if c.dep_ == "poss" for m in resolve_token(an, c)]
    for prep in (c for c in tok.children if c.lower_ == "of"):
        owners.extend(m for c in prep.children if c.dep_ == "pobj" for m in resolve_token(an, c))
    node, steps = tok, 0
    while node.dep_ in ("pobj", "prep", "conj") and steps < 6:  # "one of ...", "A and one of"
        node, steps = node.head, steps + 1
    if node.dep_ == "appos":
        subjects = resolve_token(an, node.head)
    elif node.dep_ == "attr":
        subjects = subjects_of(an, node.head)
    else:
        return
    for sm in subjects:
        for om in owners:
            persons = typ(an, sm.key) == typ(an, om.key) == EntityType.PERSON
            if persons and sm.key != om.key:
                b.add(
                    sm.key,
                    "close_to",
                    om.key,
                    min(sm.start, tok.i),
                    max(om.end, tok.i + 1),
                    confidence=0.7,
                    pattern="close-ally",
                )


def _writes_for(an: DocAnalysis, b: Builder, tok: Token) -> None:
    if tok.lemma_.casefold() not in WRITE_VERBS or tok.pos_ != "VERB":
        return
    objs: list[Ment] = []
    for prep in tok.children:
        if prep.lower_ == "for":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    objs.extend(m for m in resolve_token(an, pobj) if typ(an, m.key) in ORGISH)
            # "PMOI/MEK": the object may be split by the slash
            objs.extend(
                m
                for m in an.ments
                if prep.i < m.start <= max((t.i for t in prep.subtree), default=prep.i)
                and m.key
                and typ(an, m.key) in ORGISH
            )
    for sm in subjects_of(an, tok):
        if typ(an, sm.key) != EntityType.PERSON:
            continue
        for om in objs:
            b.add(
                sm.key,
                "affiliated_with",
                om.key,
                min(sm.start, tok.i),
                om.end,
                role="writer" if tok.lemma_ == "write" else None,
                confidence=0.7,
                pattern="writes-for",
            )


def _support_verbs(an: DocAnalysis, b: Builder, tok: Token) -> None:
    """ "Iran supports the Resistance", "X funds and arms ORG" -> ORG affiliated_with X."""
    if tok.lemma_.casefold() not in SUPPORT_VERBS or tok.pos_ != "VERB":
        return
    objs: list[Ment] = []
    for child in tok.children:
        if child.dep_ == "dobj":
            objs.extend(m for m in resolve_token(an, child) if typ(an, m.key) in ORGISH)
    if not objs:
        return
    for sm in subjects_of(an, tok):
        if typ(an, sm.key) not in (*ORGISH, EntityType.COUNTRY):
            continue
        for om in objs:
            b.add(
                om.key,
                "affiliated_with",
                sm.key,
                min(sm.start, tok.i),
                om.end,
                role=f"{tok.lemma_}ed by" if not tok.lemma_.endswith("e") else f"{tok.lemma_}d by",
                confidence=0.6,
                pattern="support-verb",
            )


def _affiliated_modifiers(an: DocAnalysis, b: Builder) -> None:
    """ "its affiliated Basij militia", "Tehran-backed militias"."""
    doc = an.doc
    for m in an.ments:
        if m.key is None or typ(an, m.key) not in ORGISH or m.kind != "name":
            continue
        i = m.start - 1
        if i < 1 or doc[i].lower_ not in AFFIL_ADJ:
            continue
        prev = doc[i - 1]
        owners: list[Ment] = []
        if prev.lower_ in ("its", "their"):
            ante = antecedent(an, prev)
            owners = [ante] if ante is not None else []
        elif prev.text == "-" and i >= 2:
            om = an.outer_at(i - 2)
            owners = [om] if om is not None else []
        for om in owners:
            if om.key and om.key != m.key and typ(an, om.key) in (*ORGISH, EntityType.COUNTRY):
                b.add(
                    m.key,
                    "affiliated_with",
                    om.key,
                    i - 1,
                    m.end,
                    confidence=0.7,
                    pattern="affiliated-modifier",
                )


def _person_of_org(an: DocAnalysis, b: Builder) -> None:
    """ "said Firstname Lastname of the International Crisis Group": a person named with the
    organisation they speak for (no post written) is affiliated with it."""
    doc = an.doc
    for m in an.ments:
        if m.kind != "name" or typ(an, m.key) != EntityType.PERSON or m.end + 1 >= len(doc):
            continue
        of = doc[m.end]
        if of.lower_ != "of" or not (m.start <= of.head.i < m.end):
            continue
        k = m.end + 1 + (doc[m.end + 1].lower_ == "the")
        org = an.outer_at(k) if k < len(doc) else None
        if org is None or org.start != k or typ(an, org.key) not in ORGISH:
            continue
        b.add(
            m.key,
            "affiliated_with",
            org.key,
            m.start,
            org.end,
            confidence=0.6,
            pattern="person-of-org",
        )


def _membership(an: DocAnalysis, b: Builder) -> None:
    """ "These men were part of X's inner circle" -> member_of the circle."""
    doc = an.doc
    for m in an.ments:
        if m.kind != "circle" or m.key is None:
            continue
        head = doc[m.end - 1]
        prep = head.head
        if prep.lower_ not in ("of", "in", "into", "to") or prep.i >= m.start:
            continue
        holder = prep.head
        subjects: list[Ment] = []
        if holder.lower_ in MEMBERSHIP_NOUNS or holder.lemma_ in ("member", "part"):
            verb = holder.head if holder.dep_ in ("attr", "dobj", "nsubj", "pobj") else holder
            if holder.dep_ == "pobj":
                verb = holder.head.head
            subjects = subjects_of(an, verb)
        elif holder.lemma_ in ("join", "enter", "belong", "be", "remain") and holder.pos_ in (
            "VERB",
            "AUX",
        ):
            subjects = subjects_of(an, holder)
        for sm in subjects:
            if typ(an, sm.key) == EntityType.PERSON:
                b.add(
                    sm.key,
                    "member_of",
                    m.key,
                    min(sm.start, m.start),
                    m.end,
                    confidence=0.7,
                    pattern="member-of-circle",
                )


def _owned(an: DocAnalysis, b: Builder) -> None:
    """A person's circle or office answers to that person; a branch to its organisation."""
    for m in an.ments:
        if m.key is None or m.owner is None:
            continue
        if m.kind in ("circle", "office", "branch"):
            b.add(
                m.key,
                "subordinate_to",
                m.owner,
                m.start,
                m.end,
                confidence=0.8,
                pattern=f"owned-{m.kind}",
            )
        if m.kind == "branch" and m.label and typ(an, m.label) == EntityType.COUNTRY:
            b.add(m.key, "located_in", m.label, m.start, m.end, confidence=0.8, pattern="branch-in")


def _pack_parents(an: DocAnalysis, b: Builder) -> None:
    """A pack unit and its parent named in one sentence ("IRGC Quds Force") or the unit
    named through its parent ("its aerospace chief"). Looser pack ties (an outlet affiliated
    with a force) only when written in the name."""
    doc = an.doc
    for m in an.ments:
        if m.inst is None or m.key is None:
            continue
        inst = an.pack.institutions.get(m.inst)
        if inst is None or inst.parent is None:
            continue
        sent = doc[m.start].sent
        with_parent = any(
            o.key == inst.parent for o in an.ments if sent.start <= o.start < sent.end
        )
        via_pronoun = (
            m.label == "unit" and m.start > 0 and doc[m.start - 1].lower_ in ("its", "their")
        )
        parent = an.pack.institutions.get(inst.parent)
        written = fold(m.text(doc))
        in_name = parent is not None and any(
            len(v) > 2 and f" {fold(v)} " in f" {written} " for v in [parent.name, *parent.variants]
        )
        if inst.relation != "subordinate_to":
            # a loose tie (an outlet affiliated with a force) is not shown by naming both in
            # one sentence ("according to OUTLET, the ORG commander ..."), only by the parent
            # written just before it ("the ORG Basij forces", "ORG's OUTLET")
            with_parent = any(
                o.key == inst.parent
                and (o.end == m.start or (o.end == m.start - 1 and doc[o.end].text in POSSESSIVE))
                for o in an.ments
            )
        if with_parent or via_pronoun or in_name:
            an.ensure_known(inst.parent)
            b.add(
                m.key,
                inst.relation,
                inst.parent,
                m.start,
                m.end,
                confidence=0.8,
                pattern="pack-parent",
            )


def _org_possessives(an: DocAnalysis, b: Builder) -> None:
    """ "the IRGC Intelligence Organization's Center for ..." -> the centre is subordinate."""
    doc = an.doc
    for m in an.ments:
        if m.key is None or m.kind != "name" or typ(an, m.key) not in ORGISH or m.start < 2:
            continue
        if doc[m.start - 1].text not in POSSESSIVE:
            continue
        owner = an.outer_at(m.start - 2)
        if owner is None or owner.key is None or owner.key == m.key:
            continue
        if typ(an, owner.key) in ORGISH:
            b.add(
                m.key,
                "subordinate_to",
                owner.key,
                owner.start,
                m.end,
                confidence=0.7,
                pattern="org-possessive",
            )


def _country_modifiers(an: DocAnalysis, b: Builder) -> None:
    """ "Lebanese Hezbollah" -> located_in; "Iran's Axis of Resistance" -> affiliated_with."""
    doc = an.doc
    for m in an.ments:
        if m.key is None or m.kind != "name" or typ(an, m.key) not in ORGISH:
            continue
        i = m.start - 1
        while i >= 0 and (doc[i].is_quote or doc[i].text in POSSESSIVE):
            i -= 1
        if i < 0:
            continue
        cm = an.at(i)
        if cm is None or cm.key is None or typ(an, cm.key) != EntityType.COUNTRY:
            continue
        inst = an.pack.institutions.get(m.inst) if m.inst else None
        if inst is not None and inst.country == cm.key and inst.country != an.pack.country:
            b.add(
                m.key,
                "located_in",
                cm.key,
                cm.start,
                m.end,
                confidence=0.7,
                pattern="country-modifier",
            )
        elif inst is not None and inst.country is None:
            b.add(
                m.key,
                "affiliated_with",
                cm.key,
                cm.start,
                m.end,
                confidence=0.6,
                pattern="country-modifier",
            )
