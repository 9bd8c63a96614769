"""The decision-model input: an issue on a policy scale and the actors who bargain over it.

An `Issue` holds a one-dimensional policy scale (numbers with labelled ends, 0–100 by default),
and for each actor a position on that scale, a salience (0–100: how much the actor cares) and a
capability (any non-negative unit: how much the actor can weigh in). Each input may carry an
uncertainty (`Uncertain`: uniform range, triangular or normal) that Monte Carlo samples from.

This module holds the records and their validation only; files are read in `readers`, arrays for
the vectorised models are built in `batch`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

DistKind = Literal["uniform", "triangular", "normal"]


@dataclass(frozen=True)
class Scale:
    """A policy scale from `low` (labelled `low_label`) to `high` (labelled `high_label`)."""

    low_label: str = "0"
    high_label: str = "100"
    low: float = 0.0
    high: float = 100.0

    def __post_init__(self) -> None:
        if not self.high > self.low:
            raise ValueError(f"scale: high ({self.high}) must be above low ({self.low})")

    @property
    def span(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class Uncertain:
    """A distribution over one input.

    - ``uniform``: every value in [low, high] equally likely (an analyst's range);
    - ``triangular``: low, mode, high;
    - ``normal``: centred on the point value (or `mode` if given), standard deviation `sd`,
      cut to [low, high] when they are given.

    Samples are always clipped to the input's valid range (the scale for positions, 0–100 for
    salience, ≥ 0 for capability).
    """

    kind: DistKind = "uniform"
    low: float | None = None
    high: float | None = None
    mode: float | None = None
    sd: float | None = None

    def __post_init__(self) -> None:
        if self.kind in ("uniform", "triangular"):
            if self.low is None or self.high is None:
                raise ValueError(f"{self.kind} uncertainty needs low and high")
            if self.low > self.high:
                raise ValueError(f"uncertainty: low ({self.low}) above high ({self.high})")
        if self.kind == "triangular" and self.mode is not None:
            assert self.low is not None and self.high is not None
            if not self.low <= self.mode <= self.high:
                raise ValueError("triangular uncertainty: mode must lie in [low, high]")
        if self.kind == "normal" and (self.sd is None or self.sd < 0):
            raise ValueError("normal uncertainty needs a non-negative sd")


@dataclass(frozen=True)
class Actor:
    """One actor: position on the scale, salience 0–100, capability ≥ 0.

    `trust` (0–1) is how much the leader trusts this actor's advice (used by the leader-decides
    model only). `evidence` holds stance evidence (e.g. quotes with their source) shown beside
    the actor; `label` is a longer description.
    """

    name: str
    position: float
    salience: float
    capability: float
    trust: float = 1.0
    label: str | None = None
    position_dist: Uncertain | None = None
    salience_dist: Uncertain | None = None
    capability_dist: Uncertain | None = None
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("actor: empty name")
        for what, value in (
            ("position", self.position),
            ("salience", self.salience),
            ("capability", self.capability),
            ("trust", self.trust),
        ):
            if not math.isfinite(value):
                raise ValueError(f"actor {self.name!r}: {what} is not a number")
        if not 0 <= self.salience <= 100:
            raise ValueError(f"actor {self.name!r}: salience {self.salience} outside 0–100")
        if self.capability < 0:
            raise ValueError(f"actor {self.name!r}: negative capability {self.capability}")
        if not 0 <= self.trust <= 1:
            raise ValueError(f"actor {self.name!r}: trust {self.trust} outside 0–1")

    @property
    def uncertain(self) -> bool:
        return any(
            d is not None for d in (self.position_dist, self.salience_dist, self.capability_dist)
        )


@dataclass(frozen=True)
class Issue:
    """An issue: a scale, the actors, and optionally the status quo and the deciding leader.

    `leader` names the actor who decides in the leader-decides model; `leader_deference`
    (0–1, optional) fixes how far he moves toward the advice he receives (see
    `innercircle.model.leader`).
    """

    name: str
    actors: tuple[Actor, ...]
    scale: Scale = field(default_factory=Scale)
    description: str = ""
    status_quo: float | None = None
    leader: str | None = None
    leader_deference: float | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        if not self.actors:
            raise ValueError(f"issue {self.name!r}: no actors")
        seen: set[str] = set()
        for actor in self.actors:
            key = actor.name.casefold()
            if key in seen:
                raise ValueError(f"issue {self.name!r}: actor {actor.name!r} listed twice")
            seen.add(key)
            if not self.scale.low <= actor.position <= self.scale.high:
                raise ValueError(
                    f"actor {actor.name!r}: position {actor.position} outside the scale "
                    f"[{self.scale.low}, {self.scale.high}]"
                )
        if self.status_quo is not None and not (
            self.scale.low <= self.status_quo <= self.scale.high
        ):
            raise ValueError(f"issue {self.name!r}: status quo outside the scale")
        if self.leader is not None and self.leader.casefold() not in seen:
            raise ValueError(f"issue {self.name!r}: leader {self.leader!r} is not an actor")
        if self.leader_deference is not None and not 0 <= self.leader_deference <= 1:
            raise ValueError(f"issue {self.name!r}: leader_deference outside 0–1")

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.actors]

    @property
    def uncertain(self) -> bool:
        return any(a.uncertain for a in self.actors)

    def index(self, name: str) -> int:
        """Position of the actor called `name` (case-insensitive); KeyError if absent."""
        key = name.strip().casefold()
        for i, actor in enumerate(self.actors):
            if actor.name.casefold() == key:
                return i
        raise KeyError(f"no actor {name!r}; actors: {', '.join(self.names)}")

    def leader_index(self) -> int | None:
        return None if self.leader is None else self.index(self.leader)

    def with_actors(self, actors: tuple[Actor, ...]) -> Issue:
        """A copy with other actors; the leader is dropped if he is no longer among them."""
        keys = {a.name.casefold() for a in actors}
        leader = self.leader if self.leader and self.leader.casefold() in keys else None
        return replace(self, actors=actors, leader=leader)
