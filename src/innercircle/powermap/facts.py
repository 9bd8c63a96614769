"""Facts: statements that say the same thing, grouped, with status and tie state derived.

Several articles reporting "X advises Y" are one *fact* supported by several statements; the
power map reasons on facts and shows every statement as evidence. Grouping keeps apart what
must not be merged: a denial and an assertion, a "killed" dated 13 June and one dated 20 June
(a contradiction, kept side by side), "deputy commander" and "commander".

Status is derived, never stored: the latest status event on or before a date (a death is
final; an appointment after a dismissal makes a person active again). An event with no date
of its own counts as of its report (news: "X was arrested"), unless it is told with a time the
extraction could not resolve (background: "who was imprisoned before the revolution" must not
make a leader imprisoned today); a death always counts. A tie is current at a
date unless it starts later, has ended, is reported as former, or was closed by a closing
event (death closes everything; a dismissal closes posts and ties it does not post-date).
Pure functions over records; no store access.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from innercircle.powermap import dates
from innercircle.powermap.domains import role_tokens
from innercircle.powermap.evidence import Corroboration, Evidence, corroborate
from innercircle.records import CLOSING_EVENTS, EVENT_PREDICATES, StoredStatement

TERMINAL_EVENTS: frozenset[str] = frozenset({"killed", "died", "executed"})
"""Events after which a person can hold nothing; they happen once."""

STATUS_EVENTS: frozenset[str] = frozenset(
    {
        "killed",
        "died",
        "executed",
        "arrested",
        "imprisoned",
        "dismissed",
        "resigned",
        "overthrown",
        "defected",
        "wounded",
    }
)
"""Events that change what a person's status is."""

RESTORING_EVENTS: frozenset[str] = frozenset({"appointed", "elected", "became_leader"})
"""Events that make a person active (again)."""

KINSHIP_PREDICATES: frozenset[str] = frozenset({"child_of", "spouse_of", "sibling_of"})
"""Ties that no event closes."""

POST_PREDICATES: frozenset[str] = frozenset({"holds_position", "leads", "commands"})
"""Ties that are posts."""

FORMER_WORDS: frozenset[str] = frozenset({"former", "ex", "late", "slain", "then", "erstwhile"})
NEGATION_VALUES: frozenset[str] = frozenset({"true", "yes", "1", "negative", "denied"})


def is_negated(stmt: StoredStatement) -> bool:
    """Whether the statement reports a denial ("X was not killed", "Iran denied ...")."""
    q = stmt.qualifiers
    if not q:
        return False
    return any(
        str(q.get(key, "")).casefold() in NEGATION_VALUES
        for key in ("negated", "polarity", "denied")
    )


def is_former(stmt: StoredStatement) -> bool:
    """Whether the statement describes a tie that had ended when it was reported."""
    if stmt.qualifiers and str(stmt.qualifiers.get("time", "")).casefold() in {
        "former",
        "past",
        "ended",
    }:
        return True
    return bool(stmt.role and role_tokens(stmt.role) & FORMER_WORDS)


def reported(stmt: StoredStatement) -> str | None:
    """When the statement was first published (the article date), else its own date."""
    return stmt.reported_at or stmt.valid_from


_T = TypeVar("_T")


class cached(Generic[_T]):
    """A computed attribute stored on the instance at first use, like
    `functools.cached_property` without its per-access lock (Python 3.11), which costs more
    than most of these computations; a fact is derived and read by one thread."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> _T:
        if obj is None:
            return self  # type: ignore[return-value]
        value = self.func(obj)
        setattr(obj, self.name, value)  # kept in the instance, shadowing this descriptor
        return value


def _sort_date(value: str | None) -> str:
    return value if value is not None else "9999"


@dataclass
class Fact:
    """Statements that assert the same tie or event, with their evidence."""

    subject_id: str
    predicate: str
    object_id: str | None
    value: str | None
    negated: bool
    statements: list[StoredStatement] = field(default_factory=list)
    resolver: Callable[[list[StoredStatement]], list[Evidence]] | None = field(
        default=None, repr=False, compare=False
    )
    _evidence: list[Evidence] | None = field(default=None, repr=False, compare=False)

    @property
    def evidence(self) -> list[Evidence]:
        """The statements' evidence, looked up (documents, grades) on first use."""
        if self._evidence is None:
            self._evidence = self.resolver(self.statements) if self.resolver else []
        return self._evidence

    @evidence.setter
    def evidence(self, value: list[Evidence]) -> None:
        self._evidence = list(value)

    @property
    def is_event(self) -> bool:
        return self.predicate in EVENT_PREDICATES

    @cached
    def ids(self) -> list[int]:
        return [s.id for s in self.statements]

    @cached
    def roles(self) -> list[str]:
        """Distinct role wordings, most often stated first."""
        counts: dict[str, int] = {}
        for stmt in self.statements:
            if stmt.role:
                counts[stmt.role] = counts.get(stmt.role, 0) + 1
        return sorted(counts, key=lambda r: (-counts[r], -len(r), r))

    @property
    def role(self) -> str | None:
        roles = self.roles
        return roles[0] if roles else None

    @cached
    def start(self) -> str | None:
        """The date stated for the fact itself (not an article date): for an event the most
        precise of its (compatible) dates, for a tie the earliest start."""
        known = [
            s.valid_from
            for s in self.statements
            if s.valid_from and s.valid_from_method in dates.FACT_DATE_METHODS
        ]
        if not known:
            return None
        if self.is_event:  # compatible dates: the most precise one
            return min(known, key=lambda d: (-len(d), d))
        return min(known, key=_sort_date)

    @property
    def start_known(self) -> bool:
        return self.start is not None

    @cached
    def background(self) -> bool:
        """An event told with a time the extraction could not resolve ("before the 1979
        revolution", "in his youth"): not news of the report date."""
        if self.start_known:
            return False
        return any(s.date_text or s.qualifiers.get("date_text") for s in self.statements)

    @cached
    def when(self) -> str | None:
        """The fact's date: stated if any, else the earliest stand-in or report date."""
        if self.start is not None:
            return self.start
        stand_in = [s.valid_from for s in self.statements if s.valid_from]
        if stand_in:
            return min(stand_in, key=_sort_date)
        return self.first_reported

    @cached
    def first_reported(self) -> str | None:
        found = [d for d in (reported(s) for s in self.statements) if d]
        return min(found, key=_sort_date) if found else None

    @cached
    def last_reported(self) -> str | None:
        found = [d for d in (reported(s) for s in self.statements) if d]
        return max(found, key=_sort_date) if found else None

    @cached
    def first_seen(self) -> str | None:
        """From when the tie is known to hold: its stated start, else its first report."""
        return self.start or self.first_reported

    @cached
    def end(self) -> str | None:
        found = [s.valid_to for s in self.statements if s.valid_to]
        return max(found, key=_sort_date) if found else None

    @cached
    def former_since(self) -> str | None:
        """The first report calling the tie former, unless a later report calls it current."""
        former = [d for d in (reported(s) for s in self.statements if is_former(s)) if d]
        if not former and not any(is_former(s) for s in self.statements):
            return None
        since = min(former, key=_sort_date) if former else "0000"
        current = [d for d in (reported(s) for s in self.statements if not is_former(s)) if d]
        if current and dates.later(max(current, key=_sort_date), since):
            return None
        return since

    @cached
    def agents(self) -> list[str]:
        """For events: the distinct agents named (object ids)."""
        return list(dict.fromkeys(s.object_id for s in self.statements if s.object_id))

    @cached
    def corroboration(self) -> Corroboration:
        return corroborate(self.evidence)

    @cached
    def doc_ids(self) -> set[str]:
        return {s.doc_id for s in self.statements if s.doc_id}

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject_id": self.subject_id,
            "predicate": self.predicate,
            "object_id": self.object_id,
            "value": self.value,
            "roles": self.roles,
            "negated": self.negated,
            "date": self.when,
            "date_known": self.start_known,
            "end": self.end,
            "statement_ids": self.ids,
            "corroboration": self.corroboration.to_dict(),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Status:
    """A person's derived status at a date, with the fact behind it."""

    state: str  # active | killed | died | executed | arrested | ... | wounded
    date: str | None = None
    fact: Fact | None = None
    disputed: bool = False

    @property
    def active(self) -> bool:
        return self.state in {"active", "wounded"}

    def to_dict(self) -> dict[str, Any]:
        return {
            "state": self.state,
            "date": self.date,
            "disputed": self.disputed,
            "statement_ids": self.fact.ids if self.fact else [],
            "corroboration": self.fact.corroboration.to_dict() if self.fact else None,
        }


@dataclass
class Contradiction:
    """Facts that cannot all be true, shown side by side, never resolved silently."""

    kind: str  # dates_differ | denied | after_death | several_heads
    summary: str
    sides: list[Fact]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "summary": self.summary,
            "sides": [f.to_dict() for f in self.sides],
        }


def _same_post(a: frozenset[str], b: frozenset[str], rank_words: frozenset[str]) -> bool:
    a_core, b_core = a - FORMER_WORDS, b - FORMER_WORDS
    if (a_core & rank_words) != (b_core & rank_words):
        return False
    return a_core <= b_core or b_core <= a_core


def group_facts(
    statements: Iterable[StoredStatement],
    rank_words: frozenset[str] = frozenset(),
    memo: dict[tuple[Any, ...], list[Fact]] | None = None,
) -> list[Fact]:
    """Group statements into facts (see the module docstring for what is kept apart).

    A group depends only on its set of statements: with a `memo` (kept by the caller for one
    `rank_words`), a group met again (a tie read from both its ends) reuses its facts."""
    buckets: dict[tuple[Any, ...], list[StoredStatement]] = {}
    for stmt in statements:
        negated = is_negated(stmt)
        if stmt.predicate in EVENT_PREDICATES:
            key: tuple[Any, ...] = (stmt.subject_id, stmt.predicate, None, None, negated)
        else:
            value = None if stmt.object_id else stmt.value
            key = (stmt.subject_id, stmt.predicate, stmt.object_id, value, negated)
        buckets.setdefault(key, []).append(stmt)
    facts: list[Fact] = []
    for key, stmts in buckets.items():
        memo_key = (key, tuple(sorted(s.id for s in stmts))) if memo is not None else None
        if memo is not None and memo_key in memo:
            facts.extend(memo[memo_key])
            continue
        subject, predicate, obj, value, negated = key
        clusters = (
            _cluster_by_date(stmts)
            if predicate in EVENT_PREDICATES
            else _cluster_by_role(stmts, rank_words)
        )
        made = []
        for cluster in clusters:
            obj_id = obj
            if predicate in EVENT_PREDICATES:
                obj_id = next((s.object_id for s in cluster if s.object_id), None)
            made.append(Fact(subject, predicate, obj_id, value, negated, cluster))
        if memo is not None and memo_key is not None:
            memo[memo_key] = made
        facts.extend(made)
    facts.sort(key=lambda f: (_sort_date(f.when), f.predicate, f.ids[0]))
    return facts


def _cluster_by_date(stmts: list[StoredStatement]) -> list[list[StoredStatement]]:
    """Statements whose dates can name the same day; undated ones join the largest group.

    Dates are taken most precise first, so a partial date ("2025-06") joins the first group
    whose date it prefixes; lookups go through a prefix index (linear time)."""
    dated = sorted(
        (s for s in stmts if s.valid_from),
        key=lambda s: (-len(s.valid_from or ""), s.valid_from or "", s.id),
    )
    clusters: list[list[StoredStatement]] = []
    by_prefix: dict[str, int] = {}
    for stmt in dated:
        value = stmt.valid_from or ""
        found = by_prefix.get(value)  # earlier anchors are at least as precise
        if found is None:
            clusters.append([stmt])
            found = len(clusters) - 1
            for prefix in {value[:4], value[:7], value}:
                by_prefix.setdefault(prefix, found)
        else:
            clusters[found].append(stmt)
    undated = [s for s in stmts if not s.valid_from]
    if undated:
        if clusters:
            max(clusters, key=len).extend(undated)
        else:
            clusters.append(undated)
    for cluster in clusters:
        cluster.sort(key=lambda s: s.id)
    return clusters


def _cluster_by_role(
    stmts: list[StoredStatement], rank_words: frozenset[str]
) -> list[list[StoredStatement]]:
    """Statements naming the same post (one wording contains the other, same rank words)."""
    clusters: list[list[StoredStatement]] = []
    tokens: list[frozenset[str]] = []
    roleless: list[StoredStatement] = []
    for stmt in sorted(stmts, key=lambda s: (-len(s.role or ""), s.id)):
        if not stmt.role:
            roleless.append(stmt)
            continue
        mine = role_tokens(stmt.role)
        for i, theirs in enumerate(tokens):
            if _same_post(mine, theirs, rank_words):
                clusters[i].append(stmt)
                break
        else:
            clusters.append([stmt])
            tokens.append(mine)
    if roleless:
        if clusters:
            max(clusters, key=len).extend(roleless)
        else:
            clusters.append(roleless)
    for cluster in clusters:
        cluster.sort(key=lambda s: s.id)
    return clusters


def derive_status(events: Sequence[Fact], at: str) -> Status:
    """A person's status at `at` from their event facts (see the module docstring)."""
    relevant = [
        f
        for f in events
        if not f.negated
        and (f.predicate in STATUS_EVENTS or f.predicate in RESTORING_EVENTS)
        and (f.predicate in TERMINAL_EVENTS or not f.background)
        and dates.on_or_before(f.when, at)
    ]
    relevant.sort(key=lambda f: (dates.period_start(f.when or "0001"), f.ids[0]))
    status = Status("active")
    for fact in relevant:
        if fact.predicate in TERMINAL_EVENTS:
            status = Status(fact.predicate, fact.when, fact)
            break
        if fact.predicate in RESTORING_EVENTS:
            status = Status("active", fact.when, fact)
        elif fact.predicate == "wounded":
            if status.active:
                status = Status("wounded", fact.when, fact)
        else:
            status = Status(fact.predicate, fact.when, fact)
    if status.fact is not None:
        denied = any(
            f.negated
            and f.predicate == status.fact.predicate
            and f.subject_id == status.fact.subject_id
            for f in events
        )
        if denied:
            status = Status(status.state, status.date, status.fact, disputed=True)
    return status


def closing_events(events: Sequence[Fact], at: str) -> list[Fact]:
    """Closing events (death, dismissal, ...) on or before `at`, undenied; background ones
    (an unresolved time) close nothing but deaths."""
    return [
        f
        for f in events
        if f.predicate in CLOSING_EVENTS
        and not f.negated
        and (f.predicate in TERMINAL_EVENTS or not f.background)
        and dates.on_or_before(f.when, at)
    ]


def _role_matches(event: Fact, tie: Fact) -> bool:
    """Whether a dismissal naming a post concerns this tie (no post named: every tie)."""
    if not event.roles or not tie.roles:
        return True
    event_tokens = [role_tokens(r) - FORMER_WORDS for r in event.roles]
    tie_tokens = [role_tokens(r) - FORMER_WORDS for r in tie.roles]
    return any(a <= b or b <= a for a in event_tokens for b in tie_tokens)


def tie_state(
    tie: Fact,
    at: str,
    subject_closings: Sequence[Fact] = (),
    object_closings: Sequence[Fact] = (),
) -> tuple[str, Fact | None]:
    """('current' | 'future' | 'ended' | 'former' | 'closed', closing fact) of a tie at `at`."""
    if not dates.on_or_before(tie.first_seen, at) and tie.first_seen is not None:
        return "future", None
    if tie.end is not None and dates.before(tie.end, at):
        return "ended", None
    former = tie.former_since
    if former is not None and dates.on_or_before(former, at):
        return "former", None
    if tie.predicate in KINSHIP_PREDICATES:
        return "current", None
    for closing in object_closings:
        if closing.predicate in TERMINAL_EVENTS:
            return "closed", closing
    for closing in subject_closings:
        if closing.predicate in TERMINAL_EVENTS:
            return "closed", closing
        if not _role_matches(closing, tie):
            continue
        if tie.start_known:
            if dates.later(tie.start, closing.when):
                continue
        elif dates.later(tie.last_reported, closing.when) and not (tie.doc_ids & closing.doc_ids):
            continue  # reported afresh, in another article, after the closing event
        return "closed", closing
    return "current", None


def find_contradictions(
    facts: Sequence[Fact], name: Callable[[str | None], str]
) -> list[Contradiction]:
    """Contradictions among one entity's facts: differing dates of a one-time event, denials,
    activity reported after a death."""
    found: list[Contradiction] = []
    by_key: dict[tuple[str, str, str | None], list[Fact]] = {}
    for fact in facts:
        obj = None if fact.is_event else fact.object_id
        by_key.setdefault((fact.subject_id, fact.predicate, obj), []).append(fact)
    for (subject, predicate, obj), group in by_key.items():
        positive = [f for f in group if not f.negated]
        negative = [f for f in group if f.negated]
        if not negative and not (predicate in TERMINAL_EVENTS and len(positive) > 1):
            continue
        what = f"{name(subject)} {predicate.replace('_', ' ')}" + (f" {name(obj)}" if obj else "")
        if predicate in TERMINAL_EVENTS and len(positive) > 1:
            when = ", ".join(str(f.when) for f in positive)
            found.append(Contradiction("dates_differ", f"{what}: dates differ ({when})", positive))
        if positive and negative:
            found.append(
                Contradiction("denied", f"{what}: reported and denied", positive + negative)
            )
    deaths = [f for f in facts if f.predicate in TERMINAL_EVENTS and not f.negated and f.start]
    by_subject: dict[str, list[Fact]] = {}
    if deaths:
        for fact in facts:
            by_subject.setdefault(fact.subject_id, []).append(fact)
    for death in deaths:
        after = [
            f
            for f in by_subject.get(death.subject_id, [])
            if f is not death
            and f.predicate not in TERMINAL_EVENTS
            and not f.negated
            and f.start_known
            and dates.later(f.start, death.start)
        ]
        for fact in after:
            found.append(
                Contradiction(
                    "after_death",
                    f"{name(death.subject_id)} {death.predicate} on {death.start}, but "
                    f"{fact.predicate.replace('_', ' ')} on {fact.start}",
                    [death, fact],
                )
            )
    return found
