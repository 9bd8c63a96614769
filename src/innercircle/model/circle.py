"""Build an `Issue` from the circle around a leader: power-map actor records + analyst positions.

The power map knows who holds which posts and how central each person is in the network; the
analyst knows (or assumes) where each stands on the issue. This module joins the two:
capability comes from formal posts and network position (documented, adjustable weights in
`CapabilityWeights`), position / salience / uncertainty from the analyst's positions file,
stance evidence (quotes) from the records. It is independent of the store: it takes plain
mappings or objects with the attributes below, so the power-map stage can call it with
whatever it builds.

Actor record (mapping or object), per person or organisation:

    name: str                       # as the power map names the actor (or entity.name)
    aliases: list[str]              # optional, other spellings to match the positions file
    posts: list[str | {title, domain} | {roles, other}]   # formal posts at the question's
                                    # date; a power-map tie view scores by its `roles` only
    domains: list[str | {domain}]   # optional, the actor's domains (e.g. "military")
    centrality: float               # network centrality (any non-negative scale; normalised
                                    # by the largest value among the records)
    quotes: list[str | {text, source, date}]   # optional stance evidence

So a power-map circle member (entity, posts, domains) with a `centrality` added fits as is.

Positions file (YAML): the issue layout of `readers` without capabilities, actors keyed by
name::

    issue: …
    scale: {low: …, high: …}
    leader: …                 # optional
    actors:
      Actor name: {position: 70, salience: 80, range: [60, 85], trust: 0.8}

Role words and scores are generic English defaults; a country pack can pass its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from innercircle.model.issue import Actor, Issue
from innercircle.model.readers import IssueFileError, scale_from_mapping, uncertain_from_spec

if TYPE_CHECKING:
    from innercircle.resolve.names import NameAnalyser

DEFAULT_POST_SCORES: dict[str, float] = {
    "leader": 1.0,
    "president": 0.8,
    "commander": 0.8,
    "chief of staff": 0.8,
    "chief": 0.7,
    "head": 0.7,
    "director": 0.6,
    "minister": 0.6,
    "secretary": 0.6,
    "speaker": 0.6,
    "chairman": 0.6,
    "representative": 0.5,
    "deputy": 0.4,
    "adviser": 0.4,
    "advisor": 0.4,
    "member": 0.3,
}
"""Role word → post score (0–1). The highest-scoring word found in a post title counts."""


@dataclass(frozen=True)
class CapabilityWeights:
    """How capability is built from posts and network position.

    capability = scale × (post_weight × post_score + network_weight × centrality / max
    centrality), where post_score is the best score among the actor's posts: a post's score is
    the highest score of a role word it contains (`post_scores`, else `default_post_score`),
    multiplied by `off_domain_factor` if the issue has domains and the post's domain is not
    among them. Several posts add `extra_post_bonus` each (capped at 1 overall).
    """

    post_weight: float = 0.6
    network_weight: float = 0.4
    post_scores: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_POST_SCORES))
    default_post_score: float = 0.2
    off_domain_factor: float = 0.5
    extra_post_bonus: float = 0.05
    scale: float = 100.0


@lru_cache(maxsize=1)
def _name_analyser() -> NameAnalyser:
    """One analyser for every positions file (its parses and comparisons are memoised)."""
    from innercircle.resolve.names import NameAnalyser

    return NameAnalyser()


def _spelling_variant(names: Sequence[str], candidates: Sequence[str]) -> str | None:
    """The one candidate that is the same name as one of `names` under transliteration rules
    (every word linked, e.g. Baqeri ~ Bagheri, or one name adding a word to two or more linked
    ones including the surname; only exact, variant or glide links count), or None."""
    if not candidates:
        return None
    from innercircle.resolve.name_compare import STRONG_LINKS, compare_names

    analyser = _name_analyser()
    parsed = [analyser.parse(n) for n in names if n.strip()]

    def same(name: Any, candidate: str) -> bool:
        found = compare_names(analyser, name, analyser.parse(candidate))
        if not found.links or any(link.kind not in STRONG_LINKS for link in found.links):
            return False
        subset = found.relation == "subset" and found.surname_linked and len(found.links) >= 2
        return found.relation == "full" or subset

    hits = {c for c in candidates for p in parsed if same(p, c)}
    return next(iter(hits)) if len(hits) == 1 else None


def _get(record: Any, key: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(key, default)
    return getattr(record, key, default)


def post_score(title: str, domain: str | None, domains: set[str], w: CapabilityWeights) -> float:
    """Score of one post (see `CapabilityWeights`)."""
    text = title.casefold()
    score = max(
        (v for k, v in w.post_scores.items() if k.casefold() in text),
        default=w.default_post_score,
    )
    if domains and (domain is None or domain.casefold() not in domains):
        score *= w.off_domain_factor
    return score


def _name(record: Any) -> str:
    name = _get(record, "name")
    if name is None:
        name = _get(_get(record, "entity"), "name")
    return str(name or "").strip()


def _post(post: Any) -> tuple[str, str, str | None]:
    """(text scored for role words, label shown, domain) of one post."""
    if isinstance(post, str):
        return post, post, None
    domain = _get(post, "domain")
    title = _get(post, "title") or _get(post, "name")
    if title is not None:
        return str(title), str(title), None if domain is None else str(domain)
    roles = [str(r) for r in (_get(post, "roles") or [])]
    other = _get(_get(post, "other"), "name")
    text = " ".join(roles)
    label = ", ".join(roles) + (f" ({other})" if other else "")
    return text, label.strip(), None if domain is None else str(domain)


def _domains(record: Any) -> list[str]:
    out = []
    for d in _get(record, "domains") or []:
        value = d if isinstance(d, str) else _get(d, "domain")
        if value:
            out.append(str(value))
    return out


def capability_of(
    record: Any, max_centrality: float, domains: set[str], w: CapabilityWeights
) -> float:
    """Capability of one actor record (see `CapabilityWeights` for the formula)."""
    scores = []
    record_domains = _domains(record)
    for post in _get(record, "posts") or []:
        text, _, domain = _post(post)
        if domain is None and record_domains:
            domain = next((d for d in record_domains if d.casefold() in domains), None)
        scores.append(post_score(text, domain, domains, w))
    posts = 0.0
    if scores:
        posts = min(1.0, max(scores) + w.extra_post_bonus * (len(scores) - 1))
    centrality = float(_get(record, "centrality", 0.0) or 0.0)
    net = centrality / max_centrality if max_centrality > 0 else 0.0
    return w.scale * (w.post_weight * posts + w.network_weight * net)


def _quotes(record: Any) -> tuple[str, ...]:
    out = []
    for q in _get(record, "quotes") or []:
        if isinstance(q, Mapping):
            text = str(q.get("text", ""))
            where = ", ".join(str(q[k]) for k in ("source", "date") if q.get(k))
            out.append(f"“{text}” ({where})" if where else f"“{text}”")
        else:
            out.append(str(q))
    return tuple(out)


def issue_from_circle(
    records: Sequence[Any],
    positions: Mapping[str, Any] | str | Path,
    *,
    weights: CapabilityWeights | None = None,
    domains: Iterable[str] = (),
) -> tuple[Issue, list[str]]:
    """An `Issue` from power-map actor records and an analyst positions file (or its parsed
    mapping). Returns the issue and warnings (records without a position, positions without a
    record): only actors that have both take part.

    `domains` are the policy domains the issue belongs to (e.g. "military"); posts in other
    domains count less (`CapabilityWeights.off_domain_factor`).
    """
    w = weights or CapabilityWeights()
    if isinstance(positions, str | Path):
        source = str(positions)
        try:
            data = yaml.safe_load(Path(positions).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise IssueFileError(f"{source}: {exc}") from None
    else:
        source, data = "<positions>", positions
    if not isinstance(data, Mapping) or not isinstance(data.get("actors"), Mapping):
        raise IssueFileError(f"{source}: expected `actors:` mapping actor names to positions")
    wanted = {str(k).strip().casefold(): (str(k), v) for k, v in data["actors"].items()}
    dom = {d.casefold() for d in domains}
    max_c = max((float(_get(r, "centrality", 0.0) or 0.0) for r in records), default=0.0)
    warnings: list[str] = []
    actors: list[Actor] = []
    used: set[str] = set()
    actor_of_key: dict[str, str] = {}
    for record in records:
        name = _name(record)
        keys = [name, *[str(a) for a in (_get(record, "aliases") or [])]]
        hit = next((k.casefold() for k in keys if k.casefold() in wanted), None)
        if hit is None:
            hit = _spelling_variant(keys, [k for k in wanted if k not in used])
            if hit is not None:
                warnings.append(
                    f"{name}: matched {wanted[hit][0]!r} of the positions file by spelling"
                )
        if hit is None:
            warnings.append(f"{name}: in the power map but not in the positions file")
            continue
        used.add(hit)
        actor_of_key[hit] = name
        label, spec = wanted[hit]
        where = f"{source}: {label}"
        if not isinstance(spec, Mapping) or "position" not in spec:
            raise IssueFileError(f"{where}: needs at least `position`")
        try:
            actors.append(
                Actor(
                    name=name,
                    position=float(spec["position"]),
                    salience=float(spec.get("salience", 50.0)),
                    capability=float(spec.get("capability", capability_of(record, max_c, dom, w))),
                    trust=float(spec.get("trust", 1.0)),
                    label="; ".join(_post(p)[1] for p in (_get(record, "posts") or [])) or None,
                    position_dist=uncertain_from_spec(spec.get("range"), f"{where}.range"),
                    salience_dist=uncertain_from_spec(
                        spec.get("salience_range"), f"{where}.salience_range"
                    ),
                    evidence=_quotes(record) + tuple(str(e) for e in spec.get("evidence", ())),
                )
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, IssueFileError):
                raise
            raise IssueFileError(f"{where}: {exc}") from None
    for key, (label, _) in wanted.items():
        if key not in used:
            warnings.append(f"{label}: in the positions file but not in the power map")
    leader = data.get("leader")
    if leader is not None:
        found = actor_of_key.get(str(leader).strip().casefold())
        if found is None:
            warnings.append(f"{leader}: the leader has no record; the leader model is off")
        leader = found
    if not actors:
        raise IssueFileError(f"{source}: no actor has both a power-map record and a position")
    issue = Issue(
        name=str(data.get("issue", "issue")),
        actors=tuple(actors),
        scale=scale_from_mapping(data.get("scale"), f"{source}: scale"),
        description=str(data.get("description", "") or "").strip(),
        status_quo=None if data.get("status_quo") is None else float(data["status_quo"]),
        leader=None if leader is None else str(leader),
        leader_deference=None
        if data.get("leader_deference") is None
        else float(data["leader_deference"]),
        source=source,
    )
    return issue, warnings
