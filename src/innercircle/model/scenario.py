"""What-if scenarios on an issue: remove or add actors, change an actor's inputs; sensitivity.

Every function is pure: it returns a new `Issue` (or numbers) and leaves its argument as it
was. Actor names match case-insensitively.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np

from innercircle.model.batch import Batch, FloatArray
from innercircle.model.issue import Actor, Issue


def without(issue: Issue, names: Iterable[str]) -> Issue:
    """The issue without the named actors (e.g. those killed or dismissed).

    Raises KeyError naming any unknown actor, ValueError if nobody would be left.
    """
    drop = {issue.actors[issue.index(n)].name for n in names if n.strip()}
    kept = tuple(a for a in issue.actors if a.name not in drop)
    if not kept:
        raise ValueError("removing these actors leaves nobody")
    return issue.with_actors(kept)


def with_actor(issue: Issue, actor: Actor) -> Issue:
    """The issue with one more actor (ValueError if the name is already taken)."""
    return issue.with_actors((*issue.actors, actor))


def changed(
    issue: Issue,
    name: str,
    *,
    position: float | None = None,
    salience: float | None = None,
    capability: float | None = None,
    trust: float | None = None,
) -> Issue:
    """The issue with the named actor's position, salience, capability or trust set.

    A value set here is certain: its uncertainty (if any) is dropped.
    """
    i = issue.index(name)
    a = issue.actors[i]
    if position is not None:
        a = replace(a, position=position, position_dist=None)
    if salience is not None:
        a = replace(a, salience=salience, salience_dist=None)
    if capability is not None:
        a = replace(a, capability=capability, capability_dist=None)
    if trust is not None:
        a = replace(a, trust=trust)
    actors = list(issue.actors)
    actors[i] = a
    return issue.with_actors(tuple(actors))


@dataclass(frozen=True)
class Sensitivity:
    """How the forecast moves when one actor is removed."""

    actor: str
    forecast_without: float
    shift: float  # forecast_without − baseline


def sensitivity(
    issue: Issue, model: Callable[[Batch], FloatArray]
) -> tuple[float, list[Sensitivity]]:
    """The baseline forecast and, for each actor, the forecast without that actor, sorted by
    the size of the shift (largest first).

    All n "without k" scenarios run as one batch (row k = actor k absent). Removing the leader
    in the leader model falls back to the advice alone (see `leader_decides`).
    """
    base = Batch.from_issue(issue)
    baseline = float(model(base)[0])
    n = len(issue.actors)
    rows = Batch(
        x=np.repeat(base.x, n, axis=0),
        c=np.repeat(base.c, n, axis=0),
        s=np.repeat(base.s, n, axis=0),
        active=np.repeat(base.active, n, axis=0) & ~np.eye(n, dtype=bool),
        trust=np.repeat(base.trust, n, axis=0),
        status_quo=np.repeat(base.status_quo, n),
        lo=base.lo,
        hi=base.hi,
        leader=base.leader,
        leader_deference=base.leader_deference,
    )
    out = model(rows)
    result = [
        Sensitivity(a.name, float(out[k]), float(out[k] - baseline))
        for k, a in enumerate(issue.actors)
    ]
    result.sort(key=lambda r: -abs(r.shift) if np.isfinite(r.shift) else 0.0)
    return baseline, result
