"""Cluster candidates into entities: blocking, constrained merging, stable ids.

`resolve` takes candidates (documents' entities, stored or watchlist entities, see
`matching.Candidate`) and analyst judgements, and returns which entity each candidate belongs to,
with the explanation of every merge and the uncertain pairs for review. It works in steps:

1. identical candidates (same names, same context) are grouped without comparing them;
2. blocking: candidates are compared only with those sharing a key — the skeleton of a surname
   word, of two adjacent words or of a several-word surname written as one, a coarse surname
   key (soft consonants, weak h, the nisba -i, glides folded: the variants `name_compare`
   accepts beyond one skeleton), a pair of any two of its words (in any order: "NAVID, Ahmad
   Tafreshi" meets "TAFRESHI, Ahmad Navid"), a surname skeleton with one letter dropped (so
   that near spellings meet — only for candidates with context, since a near spelling links
   only through context). Two keys pair only some members: each possible part of a long
   one-word surname meets the surnames keyed alike (a compound written as one, "Nourieslami",
   meets "Eslami"), not the other compounds; a word of any role (a given name) pairs the
   one-word names that share it with the others, while few candidates share it. Keys shared
   by more than `max_block` candidates are too common to block on: the rarer keys of the same
   names (their word pairs, mostly) still meet them, and a bare surname or initial among so
   many would be ambiguous anyway. All pairs are never compared, and the comparisons grow
   with the number of distinct names, not with its square;
3. judgements first: "same" merges (must-link), "different" forbids (cannot-link) — both hold
   whatever the names say, and a judgement that contradicts earlier ones is reported, not
   applied;
4. name conflicts (Ali vs Reza Karimi) become cannot-links too; then `same` matches merge,
   strongest first, unless that joins two clusters that cannot link; then `weak` matches (one
   name inside the other), greedily for fuller names, and only where unambiguous for one-word
   names and initials ("Karimi" joins a Karimi cluster only if there is one it could join);
5. ids: a cluster keeps the store-wide id most of its members already had (others become
   redirects); a new cluster gets the slug of its canonical name, with a short hash of its
   founding member when the slug is taken. Re-running resolution on the same input gives the
   same ids, and with `previous` ids, existing entities keep theirs.

It is pure: no store, no files. `cluster_extractions` applies it to extracted documents.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from innercircle.records import Document, EntityType, Extraction
from innercircle.resolve.matching import (
    SAME_AT,
    UNSURE_AT,
    Candidate,
    Match,
    Matcher,
    Reason,
    candidates_from_extraction,
    fold_key,
)
from innercircle.resolve.name_compare import MIN_WORD, compare_names, no_glide
from innercircle.resolve.names import NameAnalyser, ParsedName, is_proper_name

MAX_BLOCK = 400
"""A blocking key shared by more candidates than this is too common to compare on."""

WORD_BLOCK_SHARE = 4
"""A block on a single word of any role (a given name, mostly) may hold only this fraction of
`max_block` candidates: common given names would otherwise compare everyone."""

MAX_PAIR_WORDS = 6
"""Word pairs are blocked on among a name's first this many words."""

MAX_OPTIONS = 6
"""A one-word name or initial that could join more clusters than this is left alone."""

MIN_DELETION_KEY = 4
"""Surname skeletons this long are blocked for near spellings (longer ones also with each
letter dropped, so that a spelling one letter longer or shorter meets them)."""


@dataclass(frozen=True)
class PairJudgement:
    """An analyst's same/different judgement between two entities (ids) or candidates."""

    kind: str  # same | different
    left: str
    right: str
    id: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ResolvedEntity:
    """One resolved entity: its id, canonical name, every name seen, and its candidates."""

    id: str
    type: EntityType
    name: str
    aliases: tuple[str, ...]
    members: tuple[str, ...]


@dataclass
class Resolution:
    """The outcome of `resolve`."""

    entity_of: dict[str, str] = field(default_factory=dict)  # candidate id -> entity id
    entities: dict[str, ResolvedEntity] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # merged-away id -> kept id
    links: list[Match] = field(default_factory=list)  # the matches that merged clusters
    uncertain: list[Match] = field(default_factory=list)  # for review, most informative first
    contradictions: list[PairJudgement] = field(default_factory=list)  # judgements not applied
    comparisons: int = 0

    def explain(self, candidate_id: str) -> list[str]:
        """Why a candidate sits in its entity: the merges that touch it."""
        return [
            f"{m.left} ~ {m.right}: {m.explain()}"
            for m in self.links
            if candidate_id in (m.left, m.right)
        ]


class _Clusters:
    """Union-find whose roots carry cannot-link sets ("enemies")."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.enemies: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def forbidden(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        return rb in self.enemies.get(ra, ())

    def forbid(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.enemies.setdefault(ra, set()).add(rb)
        self.enemies.setdefault(rb, set()).add(ra)
        return True

    def union(self, a: int, b: int) -> bool:
        """Merge the clusters of a and b; False (nothing done) if they cannot link."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if rb in self.enemies.get(ra, ()):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.enemies.pop(rb, set())
        if moved:
            mine = self.enemies.setdefault(ra, set())
            for enemy in moved:
                others = self.enemies[enemy]
                others.discard(rb)
                others.add(ra)
                mine.add(enemy)
        return True


def block_keys(candidate: Candidate, analyser: NameAnalyser, near: bool = True) -> set[str]:
    """The keys a candidate is blocked under (see the module docstring)."""
    keys: set[str] = set()
    if candidate.type != EntityType.PERSON:
        for name in candidate.names:
            key = fold_key(name)
            if not key:
                continue
            keys.add("o:" + key)
            content = [w for w in key.split() if w not in ("of", "and", "for", "the")]
            if len(content) >= 2:
                keys.add("o:" + "".join(w[0] for w in content))  # its acronym's block
        return keys
    # a near surname spelling links only with context: no use looking for it without
    near = near and bool(candidate.stories or candidate.posts or candidate.organisations)
    for name in candidate.proper_names:
        parsed = analyser.parse(name)
        tokens = parsed.tokens
        words: list[str] = []
        surname = sorted(parsed.surname)
        # coarse keys are shared by many surnames: they go with the first given name's first
        # sound ("Hassan Askari" meets "Hassan Asgari", "H. Asgari"; a bare surname only its like)
        first = next(
            (
                t
                for j, t in enumerate(tokens)
                if j not in parsed.surname
                and not t.particle
                and t.key
                and t.text not in analyser.rules.markers
            ),
            None,
        )
        # (with a fused honorific, "Seyedmehdi", both its sound and the name's)
        givens = {coarse_key(f)[:1] for f in analyser.token_forms(first)} if first else {""}
        if len(surname) >= 2:  # a surname of several words written as one ("Abutalebi")
            whole = no_glide(analyser.join_key(tokens[surname[0] : surname[-1] + 1]))
            keys.update(("s:" + whole, *_coarse_keys(whole, givens)))
        for i, token in enumerate(tokens):
            if i + 1 < len(tokens) and (i in parsed.surname or i + 1 in parsed.surname):
                # two words written as one: "Moshir Fatemi" ~ "Moshirfatemi"
                joined = no_glide(analyser.join_key(tokens[i : i + 2]))
                keys.update(("s:" + joined, *_coarse_keys(joined, givens)))
            if (
                token.particle
                or token.initial
                or token.text in analyser.rules.markers
                or (i > 0 and token.text in analyser.rules.derivational_affixes)
            ):
                continue  # no identity of its own ("Zadeh" written apart from its surname)
            forms = [no_glide(f) for f in analyser.token_forms(token) if len(f) >= 2]
            words.extend(forms[:1])
            keys.update("g:" + f for f in forms)  # any word (smaller blocks only)
            if i in parsed.surname:
                keys.update(f"s:{f}|{g}" for f in forms for g in givens)  # the first given sound
                keys.update("S:" + f for f in forms)  # ... and alone, for one-word names
                keys.update(key for f in forms for key in _coarse_keys(f, givens))
                keys.update(_compound_keys(coarse_key(forms[0]) if forms else "", givens))
                if near and len(token.key) >= MIN_DELETION_KEY:
                    key = token.key
                    keys.add("d:" + key)  # meets the longer spellings below
                    if len(key) > MIN_DELETION_KEY:
                        keys.update("d:" + key[:j] + key[j + 1 :] for j in range(len(key)))
        pair_words = words[:MAX_PAIR_WORDS]
        for x in range(len(pair_words)):
            for y in range(x + 1, len(pair_words)):
                keys.add("w:" + "|".join(sorted((pair_words[x], pair_words[y]))))
    return keys


_COARSE = str.maketrans({"q": "k", "x": "k", "d": "z", "C": "s", "S": "s"})


def coarse_key(key: str) -> str:
    """A surname skeleton coarsened for blocking, so that the variants `name_compare` accepts
    beyond equal skeletons meet: no glides, no weak h after the first symbol, no final vowel
    (the nisba -i), soft-equivalent consonants as one (k/q/kh, d/z, ch/sh/s)."""
    key = no_glide(key)
    key = key[:1] + key[1:].replace("h", "")
    if len(key) > 3 and key[-1] in "aiu":
        key = key[:-1]
    return key.translate(_COARSE)


MIN_COARSE_KEY = 3
"""Coarse surname keys shorter than this are not blocked on (too many surnames share them;
short words are variants only with the very same vowels, see `name_compare`)."""


def _coarse_keys(key: str, givens: set[str]) -> list[str]:
    coarse = coarse_key(key)
    return [f"c:{coarse}|{g}" for g in givens] if len(coarse) >= MIN_COARSE_KEY else []


MIN_COMPOUND_PART = 3
"""A surname written as one word this many coarse symbols longer than a part is also blocked
under each possible part, so that a compound meets a name with one of its surnames."""


def _compound_keys(coarse: str, givens: set[str]) -> list[str]:
    """Coarse keys of the possible first and last parts of a compound surname written as one
    word ("Nourieslami": nr..., ...slm), for blocking; `name_compare.compound_part` decides."""
    n = len(coarse)
    if n < 2 * MIN_COMPOUND_PART:
        return []
    keys = []
    for k in range(MIN_COMPOUND_PART, n - MIN_COMPOUND_PART + 1):
        parts = (coarse[:k], coarse[k:], "a" + coarse[k:])
        keys += [f"x:{p}|{g}" for p in parts if len(p) >= MIN_COARSE_KEY for g in givens]
    return keys


def resolve(
    candidates: Sequence[Candidate],
    *,
    matcher: Matcher | None = None,
    judgements: Sequence[PairJudgement] = (),
    redirects: Mapping[str, str] | None = None,
    max_block: int = MAX_BLOCK,
    near_blocking: bool = True,
    explain: bool = True,
) -> Resolution:
    """Cluster `candidates` into entities (see the module docstring).

    `redirects` maps merged-away entity ids to the ids that replaced them (the store's
    `merged_into`), so judgements and previous ids given under an old id still apply.
    With `explain=False` merges are not kept in `Resolution.links` (large batches).
    """
    matcher = matcher or Matcher()
    redirects = dict(redirects or {})
    result = Resolution()
    # 1. group identical candidates
    judged = {j.left for j in judgements} | {j.right for j in judgements}
    name_signatures: dict[tuple[EntityType, tuple[str, ...]], tuple[object, ...] | None] = {}
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, cand in enumerate(candidates):
        cache_key = (cand.type, cand.names)
        if cache_key not in name_signatures:
            name_signatures[cache_key] = _name_signature(cand, matcher)
        names = name_signatures[cache_key]
        if cand.id in judged or names is None:
            signature: tuple[object, ...] = (cand.id,)
        else:
            signature = _signature(cand, names)
        groups.setdefault(signature, []).append(i)
    reps = [members[0] for members in groups.values()]
    node_of = [0] * len(candidates)
    for node, members in enumerate(groups.values()):
        for i in members:
            node_of[i] = node
    nodes = [candidates[i] for i in reps]
    clusters = _Clusters(len(nodes))

    # 3. judgements
    by_entity: dict[str, list[int]] = defaultdict(list)
    by_candidate: dict[str, int] = {}
    for i, cand in enumerate(candidates):
        by_candidate[cand.id] = node_of[i]
        if cand.entity_id:
            by_entity[_follow(redirects, cand.entity_id)].append(node_of[i])
    _apply_judgements(judgements, clusters, by_entity, by_candidate, redirects, result)

    # 2 + 4. blocking, comparisons, merges
    matches = _compare_blocks(nodes, matcher, max_block, near_blocking, clusters, result)
    merger = _Merger(clusters, nodes, matcher)
    strong = sorted(
        (m for m in matches if m.decision == "same"), key=lambda m: (-m.score, m.left, m.right)
    )
    for m in strong:
        if clusters.find(_left(m)) != clusters.find(_right(m)) and merger.merge(
            _left(m), _right(m)
        ):
            _keep(result, m, explain)
    weak = sorted(
        (m for m in matches if m.decision == "weak"), key=lambda m: (-m.score, m.left, m.right)
    )
    _merge_weak(weak, nodes, matcher.analyser, clusters, merger, result, explain)

    # uncertain pairs left in different clusters, for review
    sizes = Counter(clusters.find(n) for n in node_of)
    uncertain = [
        m
        for m in matches
        if m.decision in ("unsure", "weak")
        and clusters.find(_left(m)) != clusters.find(_right(m))
        and not clusters.forbidden(_left(m), _right(m))
    ]
    uncertain.sort(key=lambda m: _informativeness(m, clusters, sizes), reverse=True)
    result.uncertain = [_with_ids(m, nodes) for m in uncertain]
    result.links = [_with_ids(m, nodes) for m in result.links]

    # 5. ids
    _assign_ids(candidates, node_of, clusters, redirects, result, matcher.analyser)
    return result


def cluster_extractions(
    pairs: Sequence[tuple[Document, Extraction]], matcher: Matcher | None = None
) -> dict[tuple[str, str], str]:
    """Cross-document entity ids for extracted documents: (doc id, local key) -> entity id."""
    candidates: list[Candidate] = []
    for doc, extraction in pairs:
        candidates.extend(candidates_from_extraction(doc, extraction))
    resolution = resolve(candidates, matcher=matcher)
    out: dict[tuple[str, str], str] = {}
    for cand in candidates:
        doc_id, _, key = cand.id.rpartition("#")
        out[(doc_id, key)] = resolution.entity_of[cand.id]
    return out


# ---------------------------------------------------------------------- internals


# matches are built on node indices first (as strings); these read them back
def _left(m: Match) -> int:
    return int(m.left)


def _right(m: Match) -> int:
    return int(m.right)


def _signature(c: Candidate, names: tuple[object, ...]) -> tuple[object, ...]:
    return (
        c.type,
        names,
        c.doc_ids,
        c.posts,
        c.organisations,
        c.periods,
        c.co_mentions,
        c.stories,
        c.entity_id,
        c.origin,
    )


def _name_signature(candidate: Candidate, matcher: Matcher) -> tuple[object, ...] | None:
    """What the comparison of a candidate's names depends on — their words' keys, vowels and
    roles — so that candidates written differently but keyed alike are grouped unseen; None
    when the names do not identify anyone ("JA", a fragment: two of them may be two people)."""
    if candidate.type != EntityType.PERSON:
        keys = tuple(sorted({fold_key(n) for n in candidate.names} - {""}))
        return keys or None
    parsed = matcher._parsed(candidate)
    if not any(_identifies(p, matcher) for p in parsed):
        return None
    return tuple(
        sorted(
            {
                (
                    tuple((t.key, t.vowels, t.particle, t.script) for t in p.tokens),
                    tuple(sorted(p.surname)),
                )
                for p in parsed
            }
        )
    )


def _identifies(parsed: ParsedName, matcher: Matcher) -> bool:
    """Whether a name compared with itself is a `full` match (it names someone, it is no
    fragment): decided from its words when they are all distinct and none is a kunya or
    patronymic marker, else by the comparison itself."""
    words = parsed.words
    texts = [t.text for t in words]
    if words and len(set(texts)) == len(texts) and not set(texts) & matcher.analyser.rules.markers:
        return max(len(t) for t in texts) >= MIN_WORD
    return compare_names(matcher.analyser, parsed, parsed).relation == "full"


def _follow(redirects: Mapping[str, str], entity_id: str) -> str:
    seen = {entity_id}
    while entity_id in redirects and redirects[entity_id] not in seen:
        entity_id = redirects[entity_id]
        seen.add(entity_id)
    return entity_id


def _apply_judgements(
    judgements: Sequence[PairJudgement],
    clusters: _Clusters,
    by_entity: Mapping[str, list[int]],
    by_candidate: Mapping[str, int],
    redirects: Mapping[str, str],
    result: Resolution,
) -> None:
    def nodes_of(ref: str) -> list[int]:
        if ref in by_candidate:
            return [by_candidate[ref]]
        return list(by_entity.get(_follow(redirects, ref), []))

    # "different" first (they hold against any later "same"), then "same" in order
    for j in sorted(judgements, key=lambda j: j.kind != "different"):
        left, right = nodes_of(j.left), nodes_of(j.right)
        if not left or not right:
            continue
        if j.kind == "different":
            if any(clusters.find(a) == clusters.find(b) for a in left for b in right):
                result.contradictions.append(j)
                continue
            for a in left:
                for b in right:
                    clusters.forbid(a, b)
        elif j.kind == "same":
            group = left + right
            if any(clusters.forbidden(a, b) for a in group for b in group):
                result.contradictions.append(j)
                continue
            for other in group[1:]:
                clusters.union(group[0], other)
            why = f"analyst judged same{f' ({j.reason})' if j.reason else ''}"
            result.links.append(
                Match(str(left[0]), str(right[0]), "same", SAME_AT, (Reason("judgement", 0, why),))
            )


def _compare_blocks(
    nodes: Sequence[Candidate],
    matcher: Matcher,
    max_block: int,
    near_blocking: bool,
    clusters: _Clusters,
    result: Resolution,
) -> list[Match]:
    """Compare the pairs that share a block; conflicts become cannot-links at once, the other
    decisions are returned."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, cand in enumerate(nodes):
        for key in block_keys(cand, matcher.analyser, near_blocking):
            blocks[key].append(i)
    n = len(nodes)
    seen: set[int] = set()
    matches: list[Match] = []
    # (members, focus): compare every pair of members, or only pairs with a focus member
    pending: list[tuple[list[int], list[int] | None]] = []

    def one_word(i: int) -> bool:
        parsed = matcher._parsed(nodes[i])
        return bool(parsed) and max(len(p.words) for p in parsed) < 2

    for key in sorted(k for k in blocks if k.startswith("x:")):
        # a compound's possible parts meet the surnames keyed alike, not the other compounds
        compounds = blocks.pop(key)
        parts = blocks.get("c:" + key[2:], [])
        if parts and len(compounds) * len(parts) <= max_block * max_block // 2:
            pending.append((parts, compounds))
    for key in sorted(blocks):
        members = blocks.pop(key)
        if key.startswith("g:"):  # a word of any role: only one-word names need it to meet
            if len(members) <= max_block // WORD_BLOCK_SHARE:
                pending.append((members, [i for i in members if one_word(i)]))
        elif key.startswith("S:"):  # a surname: fuller names meet in its blocks by given name
            if len(members) <= max_block:
                pending.append((members, [i for i in members if one_word(i)]))
        elif len(members) <= max_block:
            pending.append((members, None))
    for members, focus in pending:
        pairs = (
            combinations(members, 2)
            if focus is None
            else ((a, b) for a in focus for b in members if a != b)
        )
        for a, b in pairs:
            lo, hi = (a, b) if a < b else (b, a)
            if lo * n + hi in seen:
                continue
            seen.add(lo * n + hi)
            m = matcher.compare(nodes[lo], nodes[hi])
            result.comparisons += 1
            if m.decision == "different":
                clusters.forbid(lo, hi)
            elif m.decision != "none":
                matches.append(_on_nodes(m, lo, hi, nodes))
    return matches


class _Merger:
    """Merges clusters after checking their fullest names against each other: blocking
    compares only some pairs, so two clusters may conflict (Ali vs Reza Karimi) without
    any compared pair saying so."""

    HEADS = 3  # names per cluster checked on a merge

    def __init__(self, clusters: _Clusters, nodes: Sequence[Candidate], matcher: Matcher):
        self.clusters = clusters
        self.nodes = nodes
        self.matcher = matcher
        self.heads: dict[int, list[int]] = {}
        self.version: dict[int, int] = {}  # merges into a root so far
        self.compatible: set[tuple[int, int, int, int]] = set()

    def _heads(self, root: int) -> list[int]:
        return self.heads.get(root, [root])

    def _words(self, node: int) -> int:
        parsed = self.matcher._parsed(self.nodes[node])
        return len(parsed[0].words) if parsed else 0

    def conflict(self, a: int, b: int) -> bool:
        """Whether the clusters of a and b cannot link: a cannot-link, or their heads conflict
        (then recorded as a cannot-link)."""
        clusters = self.clusters
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            return False
        if clusters.forbidden(ra, rb):
            return True
        # clusters unchanged since they were found compatible are not compared again
        state = (ra, rb, self.version.get(ra, 0), self.version.get(rb, 0))
        if state in self.compatible:
            return False
        for x in self._heads(ra):
            for y in self._heads(rb):
                if self.matcher.compare(self.nodes[x], self.nodes[y]).decision == "different":
                    clusters.forbid(ra, rb)
                    return True
        self.compatible.add(state)
        self.compatible.add((rb, ra, state[3], state[2]))
        return False

    def merge(self, a: int, b: int) -> bool:
        """Union the clusters of a and b unless they cannot link or their heads conflict."""
        clusters = self.clusters
        ra, rb = clusters.find(a), clusters.find(b)
        if ra == rb:
            return True
        if clusters.forbidden(ra, rb):
            return False
        heads_a, heads_b = self._heads(ra), self._heads(rb)
        for x in heads_a:
            for y in heads_b:
                m = self.matcher.compare(self.nodes[x], self.nodes[y])
                if m.decision == "different":
                    clusters.forbid(ra, rb)
                    return False
        if not clusters.union(a, b):
            return False
        root = clusters.find(a)
        self.version[root] = self.version.get(root, 0) + 1
        merged = sorted(set(heads_a + heads_b), key=lambda n: (-self._words(n), n))
        self.heads.pop(ra, None)
        self.heads.pop(rb, None)
        self.heads[root] = merged[: self.HEADS]
        return True


def _on_nodes(m: Match, a: int, b: int, nodes: Sequence[Candidate]) -> Match:
    vaguer = None
    if m.vaguer is not None:
        vaguer = str(a) if m.vaguer == nodes[a].id else str(b)
    return Match(str(a), str(b), m.decision, m.score, m.reasons, m.names, vaguer)


def _with_ids(m: Match, nodes: Sequence[Candidate]) -> Match:
    vaguer = nodes[int(m.vaguer)].id if m.vaguer is not None else None
    return Match(
        nodes[int(m.left)].id,
        nodes[int(m.right)].id,
        m.decision,
        m.score,
        m.reasons,
        m.names,
        vaguer,
    )


def _keep(result: Resolution, m: Match, explain: bool) -> None:
    if explain:
        result.links.append(m)


def _is_vague(m: Match, nodes: Sequence[Candidate], analyser: NameAnalyser) -> bool:
    """A weak match resting on a one-word name or an initial: merge only if unambiguous."""
    if m.names is not None and any(
        link.kind in ("initial", "prefix", "suffix", "compound") for link in m.names.links
    ):
        return True
    for side in (m.left, m.right):
        names = nodes[int(side)].proper_names
        if names and max(len(analyser.parse(n).words) for n in names) < 2:
            return True
    return False


def _merge_weak(
    weak: Sequence[Match],
    nodes: Sequence[Candidate],
    analyser: NameAnalyser,
    clusters: _Clusters,
    merger: _Merger,
    result: Resolution,
    explain: bool,
) -> None:
    vague: list[Match] = []
    for m in weak:
        if _is_vague(m, nodes, analyser):
            vague.append(m)
        elif merger.merge(_left(m), _right(m)):
            _keep(result, m, explain)
    if not vague:
        return
    partners: dict[int, set[int]] = defaultdict(set)
    for m in weak:
        partners[_left(m)].add(_right(m))
        partners[_right(m)].add(_left(m))
    changed = True
    while changed:
        changed = False
        for m in vague:
            short = int(m.vaguer) if m.vaguer is not None else _left(m)
            other = _right(m) if short == _left(m) else _left(m)
            r_short, r_other = clusters.find(short), clusters.find(other)
            if r_short == r_other or clusters.forbidden(short, other):
                continue
            # every cluster the vaguer name could join must be this one or compatible with it
            options = sorted({clusters.find(p) for p in partners[short]} - {r_short})
            if len(options) > MAX_OPTIONS:
                continue  # could join too many clusters to tell
            if any(merger.conflict(o, other) or merger.conflict(o, short) for o in options):
                continue
            if any(merger.conflict(o1, o2) for o1 in options for o2 in options if o1 < o2):
                continue  # (clusters blocking never compared are checked by their heads)
            if merger.merge(short, other):
                _keep(result, m, explain)
                changed = True


def _informativeness(m: Match, clusters: _Clusters, sizes: Mapping[int, int]) -> float:
    """Pairs near the decision line between big clusters first."""
    middle = (SAME_AT + UNSURE_AT) / 2
    closeness = 1.0 / (1.0 + abs(m.score - middle))
    weight = min(sizes.get(clusters.find(_left(m)), 1), sizes.get(clusters.find(_right(m)), 1))
    return closeness * (1 + weight)


def _assign_ids(
    candidates: Sequence[Candidate],
    node_of: Sequence[int],
    clusters: _Clusters,
    redirects: Mapping[str, str],
    result: Resolution,
    analyser: NameAnalyser,
) -> None:
    """Give every cluster an id: a previous id where its members had one (the cluster with
    most of an id's members keeps it; a cluster with several keeps its majority one and the
    others redirect), else a minted one."""
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(candidates)):
        members[clusters.find(node_of[i])].append(i)
    claims: dict[str, Counter[int]] = defaultdict(Counter)
    first_seen: dict[str, int] = {}
    for root, idx in members.items():
        for i in idx:
            previous = candidates[i].entity_id
            if previous is not None:
                entity_id = _follow(redirects, previous)
                claims[entity_id][root] += 1
                first_seen.setdefault(entity_id, i)
    kept: dict[int, str] = {}
    # ids with most members choose first; ties: the id seen first
    for entity_id in sorted(claims, key=lambda e: (-sum(claims[e].values()), first_seen[e])):
        for root, _count in sorted(claims[entity_id].items(), key=lambda rc: (-rc[1], rc[0])):
            if root not in kept:
                kept[root] = entity_id
                break
    taken = set(kept.values()) | set(redirects)
    for root in sorted(members, key=lambda r: min(members[r])):
        if root not in kept:
            names = _ordered_names(candidates, members[root], analyser)
            founder = min(candidates[i].id for i in members[root])
            kept[root] = _mint_id(names, candidates[members[root][0]].type, founder, taken)
            taken.add(kept[root])
    kept_ids = set(kept.values())
    for entity_id, roots in claims.items():
        if entity_id not in kept_ids:
            home = max(roots.items(), key=lambda rc: (rc[1], -rc[0]))[0]
            result.redirects[entity_id] = kept[home]
    for root, idx in members.items():
        entity_id = kept[root]
        names = _ordered_names(candidates, idx, analyser)
        result.entities[entity_id] = ResolvedEntity(
            entity_id,
            candidates[idx[0]].type,
            names[0] if names else entity_id,
            tuple(names[1:]),
            tuple(candidates[i].id for i in idx),
        )
        for i in idx:
            result.entity_of[candidates[i].id] = entity_id


def _ordered_names(
    candidates: Sequence[Candidate], idx: Sequence[int], analyser: NameAnalyser
) -> list[str]:
    """Every name of a cluster, the canonical one first: a proper name without titles, the most
    common primary name, then the fullest (most name words), then the longest."""
    primary = Counter(candidates[i].names[0] for i in idx if candidates[i].names)
    seen: dict[str, None] = {}
    for i in idx:
        for n in candidates[i].names:
            seen.setdefault(n, None)
    person = candidates[idx[0]].type == EntityType.PERSON
    proper = [n for n in seen if not person or is_proper_name(n)]
    pool = proper or list(seen)

    def rank(name: str) -> tuple[bool, int, int, int, str]:
        parsed = analyser.parse(name) if person else None
        titled = bool(parsed and parsed.titles)
        words = len(parsed.words) if parsed else len(name.split())
        return (titled, -primary.get(name, 0), -words, -len(name), name)

    pool.sort(key=rank)
    rest = [n for n in seen if n != pool[0]] if pool else []
    return ([pool[0]] if pool else []) + rest


def slug(text: str) -> str:
    """kebab-case ASCII of a name ("Ali Karimi" -> "ali-karimi"); "" without Latin letters."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’ʼ`]", "", text.casefold())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]


def _mint_id(names: Sequence[str], kind: EntityType, founder: str, taken: set[str]) -> str:
    """slug of the canonical name; with a hash of the founding candidate if the slug is taken."""
    stem = slug(names[0]) if names else ""
    prefix = {EntityType.POSITION: "position-", EntityType.GROUP: "group-"}.get(kind, "")
    stem = prefix + (stem or "entity")
    if stem not in taken and slug(names[0] if names else ""):
        return stem
    digest = hashlib.sha1(founder.encode("utf-8")).hexdigest()
    for width in (6, 10, 40):
        candidate = f"{stem}-{digest[:width]}"
        if candidate not in taken:
            return candidate
    return f"{stem}-{len(taken)}"
