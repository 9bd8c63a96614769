"""Pairwise matching of entity candidates, with the reasons for every decision.

A `Candidate` is what resolution compares: one document's entity (its names, posts, dates,
co-mentioned names and duplicate story, built from `records.EntityRef` and the document's
`Statement`s by `candidates_from_extraction`), a stored entity or a watchlist identity.
`compare` scores a pair from features — the name relation (`name_compare`), given-name agreement,
shared post or organisation, overlapping periods in post, co-mentioned names, a shared duplicate
story, the same document — and returns a `Match` whose `explain()` says why ("surname variant
gharmsiri~garmsiri, same post 'head of the president office', duplicate story 000~001").

Decisions: a given-name or surname conflict is `different` whatever the context (it becomes a
cannot-link in clustering); a full name match is `same`; a match of one name inside the other
is `weak` (clustering merges it only where it is unambiguous); a near spelling of the surname
(Tahmasi ~ Tahmasbi, possibly another real surname) becomes `same` only with context: the same
given name and at least two kinds of shared context (duplicate story, post, organisation,
co-mentions). Everything else is `unsure` (for review) or `none`.

This module compares; `cluster` decides which candidates form one entity.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from innercircle.records import Document, EntityType, Extraction
from innercircle.resolve.name_compare import STRONG_LINKS, NameComparison, compare_names
from innercircle.resolve.names import NameAnalyser, ParsedName, is_proper_name

POST_PREDICATES = frozenset(
    {"holds_position", "leads", "commands", "advises", "member_of", "appointed", "elected"}
)
"""Predicates whose role wording or object says which post a person holds."""

# evidence points (log-odds-like); see `compare`
NAME_POINTS = {"full": 4.0, "subset": 2.5, "near": 1.0, "partial": 0.0}
COVERAGE_POINTS = 0.5  # added in proportion to the share of words linked
GIVEN_POINTS = 1.0
CONTEXT_POINTS = {
    "duplicate": 2.0,
    "post": 1.5,
    "organisation": 1.0,
    "co_mentions": 1.0,
    "period": 0.5,
}
SAME_DOCUMENT_POINTS = -3.0
SAME_AT = 4.0  # a pair scoring this much is the same entity
NEAR_SAME_AT = 5.0  # ... and this much when only a near surname spelling links the names
UNSURE_AT = 1.0  # below this a pair is not worth an analyst's look
PARSED_CACHE = 500_000  # candidates' parsed names kept by a Matcher
MIN_SHARED_MENTIONS = 2
ROLE_OVERLAP = 0.6  # share of content words two post wordings need in common


def fold_key(text: str) -> str:
    """A folded key for non-person names, posts and organisations: lower-case ASCII words, no
    possessive 's, no leading article ("the Foreign Minister" -> "foreign minister")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’`]s\b", "", text)
    text = re.sub(r"[^a-z0-9\u0600-\u06ff]+", " ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)


@dataclass(frozen=True)
class Candidate:
    """One thing to resolve: a document's entity, a stored entity or a watchlist identity."""

    id: str  # "doc_id#key" for a document's entity, else the entity id
    type: EntityType
    names: tuple[str, ...]  # best name first
    doc_ids: frozenset[str] = frozenset()
    posts: frozenset[str] = frozenset()  # folded post wordings ("head of the president office")
    organisations: frozenset[str] = frozenset()  # folded names of what it holds posts in
    periods: tuple[tuple[str | None, str | None], ...] = ()  # (from, to) of posts, ISO dates
    co_mentions: frozenset[str] = frozenset()  # folded names of other entities in its documents
    stories: frozenset[str] = frozenset()  # duplicate-story ids (the original's document id)
    entity_id: str | None = None  # its current store-wide id, if it has one
    origin: str = "extraction"  # extraction | watchlist | store | analyst

    @property
    def proper_names(self) -> list[str]:
        """Names written as names (descriptions like "the leader" are left out)."""
        if self.type != EntityType.PERSON:
            return list(self.names)
        return [n for n in self.names if is_proper_name(n)]


@dataclass(frozen=True)
class Reason:
    """One feature of a decision and the points it contributed."""

    feature: str
    points: float
    text: str


@dataclass(frozen=True)
class Match:
    """The comparison of two candidates."""

    left: str
    right: str
    decision: str  # same | weak | unsure | different | none
    score: float
    reasons: tuple[Reason, ...] = ()
    names: NameComparison | None = None
    # weak matches: the candidate whose name is the less specific one (None: both)
    vaguer: str | None = None

    def explain(self) -> str:
        """The reasons in one line, strongest first."""
        ordered = sorted(self.reasons, key=lambda r: -abs(r.points))
        return "; ".join(r.text for r in ordered) or self.decision


@dataclass
class Matcher:
    """Compares candidates with one name analyser (its memo speeds up repeated names)."""

    analyser: NameAnalyser = field(default_factory=NameAnalyser)
    _parsed_names: dict[tuple[str, ...], list[ParsedName]] = field(default_factory=dict, repr=False)

    def compare(self, a: Candidate, b: Candidate) -> Match:
        """Score a pair of candidates and decide (see the module docstring)."""
        if a.type != b.type:
            return Match(a.id, b.id, "none", 0.0, (Reason("type", 0.0, "different types"),))
        if a.type == EntityType.PERSON:
            return self._compare_persons(a, b)
        return self._compare_other(a, b)

    # ------------------------------------------------------------------ persons

    def _compare_persons(self, a: Candidate, b: Candidate) -> Match:
        names = self.best_names(a, b)
        if names is None:
            return Match(a.id, b.id, "none", 0.0, (Reason("name", 0.0, "no name to compare"),))
        reasons: list[Reason] = []
        if names.relation == "conflict":
            reasons.append(Reason("name", float("-inf"), names.explain()))
            return Match(a.id, b.id, "different", float("-inf"), tuple(reasons), names)
        if names.relation == "none":
            return Match(a.id, b.id, "none", 0.0, (Reason("name", 0.0, names.explain()),), names)
        points = NAME_POINTS[names.relation] + COVERAGE_POINTS * _coverage(names)
        reasons.append(Reason("name", points, _name_reason(names)))
        given = _given_agreement(names)
        if given and names.relation == "near":
            reasons.append(Reason("given", GIVEN_POINTS, f"same given name {given}"))
        reasons.extend(_context_reasons(a, b))
        score = sum(r.points for r in reasons)
        decision = _decide(names.relation, score, bool(given))
        vaguer = None
        if decision == "weak":
            vaguer = a.id if not names.unmatched_left else b.id
        return Match(a.id, b.id, decision, score, tuple(reasons), names, vaguer)

    def best_names(self, a: Candidate, b: Candidate) -> NameComparison | None:
        """The most telling comparison over both candidates' proper names: a conflict between
        their full names wins, else the strongest relation."""
        parsed_a = self._parsed(a)
        parsed_b = self._parsed(b)
        if not parsed_a or not parsed_b:
            return None
        best: NameComparison | None = None
        for pa in parsed_a:
            for pb in parsed_b:
                comparison = compare_names(self.analyser, pa, pb)
                if (
                    best is None
                    or _RELATION_RANK[comparison.relation] > _RELATION_RANK[best.relation]
                ):
                    best = comparison
        assert best is not None
        full_a, full_b = parsed_a[0], parsed_b[0]
        if best.relation != "full" and (len(parsed_a) > 1 or len(parsed_b) > 1):
            first = compare_names(self.analyser, full_a, full_b)
            if first.relation == "conflict":
                return first  # the best names disagree: aliases cannot overrule that
        return best

    def _parsed(self, candidate: Candidate) -> list[ParsedName]:
        """The candidate's proper names, parsed, fullest first."""
        found = self._parsed_names.get(candidate.names)
        if found is None:
            parsed = [self.analyser.parse(n) for n in candidate.proper_names]
            found = sorted((p for p in parsed if p.words), key=lambda p: -len(p.words))
            if len(self._parsed_names) > PARSED_CACHE:
                self._parsed_names.clear()
            self._parsed_names[candidate.names] = found
        return found

    # ------------------------------------------------------------------ other types

    def _compare_other(self, a: Candidate, b: Candidate) -> Match:
        keys_a = {fold_key(n) for n in a.names} - {""}
        keys_b = {fold_key(n) for n in b.names} - {""}
        shared = sorted(keys_a & keys_b)
        reasons: list[Reason] = []
        if shared:
            reasons.append(Reason("name", SAME_AT, f"same name {shared[0]!r}"))
        else:
            acronym = _acronym_match(keys_a, keys_b)
            if acronym is None:
                return Match(a.id, b.id, "none", 0.0, (Reason("name", 0.0, "different names"),))
            reasons.append(Reason("name", SAME_AT, acronym))
        if a.doc_ids & b.doc_ids:
            reasons.append(Reason("document", 0.0, "same document"))
        score = sum(r.points for r in reasons)
        return Match(a.id, b.id, "same", score, tuple(reasons))


_RELATION_RANK = {"none": 0, "partial": 1, "conflict": 2, "near": 3, "subset": 4, "full": 5}


def _decide(relation: str, score: float, given: bool) -> str:
    if relation == "near":
        if given and score >= NEAR_SAME_AT:
            return "same"
        return "unsure" if score >= UNSURE_AT else "none"
    if score >= SAME_AT:
        return "same"
    if relation == "subset" and score >= NAME_POINTS["subset"]:
        return "weak"
    return "unsure" if score >= UNSURE_AT else "none"


def _name_reason(names: NameComparison) -> str:
    surname = [
        link
        for link in names.links
        if names.left.surname.intersection(link.left) and link.kind != "exact"
    ]
    if names.relation in ("full", "subset") and surname:
        variants = ", ".join(link.describe() for link in surname)
        return f"surname variant {variants}; {names.explain()}"
    if names.relation == "near":
        nears = ", ".join(link.describe() for link in names.links if link.kind == "near")
        return f"surname near-variant {nears} (one consonant apart: needs context)"
    return names.explain()


def _coverage(names: NameComparison) -> float:
    """Share of both names' words that are linked (more shared words, stronger evidence)."""
    total = len(names.left.words) + len(names.right.words)
    linked = sum(len(link.left) + len(link.right) for link in names.links)
    return min(1.0, linked / total) if total else 0.0


def _given_agreement(names: NameComparison) -> str | None:
    """The given names both sides share by a strong link ("kamal"), or None."""
    given = [
        link.describe()
        for link in names.links
        if link.kind in STRONG_LINKS
        and not names.left.surname.intersection(link.left)
        and not names.right.surname.intersection(link.right)
    ]
    return ", ".join(given) or None


def _context_reasons(a: Candidate, b: Candidate) -> list[Reason]:
    reasons: list[Reason] = []
    stories = sorted(a.stories & b.stories)
    if stories and not (a.doc_ids & b.doc_ids):
        docs = "~".join(sorted(d[:12] for d in (a.doc_ids | b.doc_ids)))
        reasons.append(Reason("duplicate", CONTEXT_POINTS["duplicate"], f"duplicate story {docs}"))
    post = _shared_post(a.posts, b.posts)
    if post:
        reasons.append(Reason("post", CONTEXT_POINTS["post"], post))
    organisations = sorted(a.organisations & b.organisations)
    if organisations:
        reasons.append(
            Reason(
                "organisation",
                CONTEXT_POINTS["organisation"],
                f"same organisation {organisations[0]!r}",
            )
        )
    shared = sorted(a.co_mentions & b.co_mentions)
    if len(shared) >= MIN_SHARED_MENTIONS and not stories:  # one story: not independent
        reasons.append(
            Reason(
                "co_mentions",
                CONTEXT_POINTS["co_mentions"],
                f"mentioned with the same names ({', '.join(shared[:3])})",
            )
        )
    if post and _periods_overlap(a.periods, b.periods):
        reasons.append(Reason("period", CONTEXT_POINTS["period"], "in post at the same time"))
    if a.doc_ids & b.doc_ids and a.origin == b.origin == "extraction":
        reasons.append(
            Reason("document", SAME_DOCUMENT_POINTS, "two entities of the same document")
        )
    return reasons


def _shared_post(posts_a: Iterable[str], posts_b: Iterable[str]) -> str | None:
    for mine in sorted(posts_a):
        for theirs in sorted(posts_b):
            if mine == theirs:
                return f"same post {mine!r}"
            if similar_posts(mine, theirs):
                return f"same post wording {mine!r} ~ {theirs!r}"
    return None


def similar_posts(a: str, b: str) -> bool:
    """Two folded post wordings share most content words (words of 4+ letters)."""
    words_a = {w for w in a.split() if len(w) >= 4}
    words_b = {w for w in b.split() if len(w) >= 4}
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= ROLE_OVERLAP


def _periods_overlap(
    a: Sequence[tuple[str | None, str | None]], b: Sequence[tuple[str | None, str | None]]
) -> bool:
    for start_a, end_a in a:
        for start_b, end_b in b:
            if start_a is None and start_b is None:
                continue
            lo_a, hi_a = start_a or "0000", end_a or "9999"
            lo_b, hi_b = start_b or "0000", end_b or "9999"
            if lo_a[: len(hi_b)] <= hi_b and lo_b[: len(hi_a)] <= hi_a:
                return True
    return False


def _acronym_match(keys_a: set[str], keys_b: set[str]) -> str | None:
    """ "irgc" ~ "islamic revolutionary guard corps" (initials of the words, "of"/"and" out)."""
    for x in keys_a:
        for y in keys_b:
            for short, long_ in ((x, y), (y, x)):
                if " " in short or len(short) < 2:
                    continue
                initials = "".join(
                    w[0] for w in long_.split() if w not in ("of", "and", "for", "the")
                )
                if len(initials) >= 2 and initials == short:
                    return f"acronym {short!r} = {long_!r}"
    return None


# ---------------------------------------------------------------------- building candidates


def candidates_from_extraction(doc: Document, extraction: Extraction) -> list[Candidate]:
    """One candidate per entity of a document's extraction, with its context."""
    by_key = {e.key: e for e in extraction.entities}
    names_of = {e.key: fold_key(e.name) for e in extraction.entities}
    story = doc.duplicate_of or doc.id
    out: list[Candidate] = []
    for ent in extraction.entities:
        posts: set[str] = set()
        organisations: set[str] = set()
        periods: list[tuple[str | None, str | None]] = []
        for st in extraction.statements:
            if st.subject_key != ent.key or st.predicate not in POST_PREDICATES:
                continue
            if st.role:
                posts.add(fold_key(st.role))
            obj = by_key.get(st.object_key) if st.object_key else None
            if obj is not None and obj.type != EntityType.PERSON:
                organisations.add(fold_key(obj.name))
                organisations.update(fold_key(n) for n in obj.aliases)
            if st.valid_from.value or st.valid_to.value:
                periods.append((st.valid_from.value, st.valid_to.value))
        names = tuple(dict.fromkeys([ent.name, *ent.aliases]))
        out.append(
            Candidate(
                id=f"{doc.id}#{ent.key}",
                type=ent.type,
                names=names,
                doc_ids=frozenset({doc.id}),
                posts=frozenset(posts - {""}),
                organisations=frozenset(organisations - {""}),
                periods=tuple(periods),
                co_mentions=frozenset(v for k, v in names_of.items() if k != ent.key and v),
                stories=frozenset({story}),
                entity_id=ent.resolved_id,
            )
        )
    return out
