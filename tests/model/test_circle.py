"""Building an issue from power-map actor records and an analyst positions file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from innercircle.model.circle import CapabilityWeights, capability_of, issue_from_circle
from innercircle.model.readers import IssueFileError

POSITIONS = {
    "issue": "Escalation",
    "scale": {"low": "de-escalation", "high": "war"},
    "leader": "the leader",
    "actors": {
        "The Leader": {"position": 40, "salience": 90},
        "Commander": {"position": 80, "salience": 80, "range": [70, 90], "trust": 0.7},
        "Envoy": {"position": 10},
        "Ghost": {"position": 50},
    },
}


@dataclass
class Record:
    name: str
    posts: list[object] = field(default_factory=list)
    centrality: float = 0.0
    aliases: list[str] = field(default_factory=list)
    quotes: list[object] = field(default_factory=list)


def records() -> list[object]:
    return [
        {"name": "The Leader", "posts": ["Supreme Leader"], "centrality": 0.5},
        Record(
            "General X",
            posts=[{"title": "Commander of the ground forces", "domain": "military"}],
            centrality=0.25,
            aliases=["Commander"],
            quotes=[{"text": "We will respond", "source": "Agency", "date": "2025-06-14"}],
        ),
        {"name": "Envoy", "posts": ["Special envoy"], "centrality": 0.0},
        {"name": "Clerk", "posts": ["Clerk"], "centrality": 0.1},
    ]


def test_capability_formula_hand_case() -> None:
    w = CapabilityWeights()
    # leader: post 1.0 (“leader”), centrality 0.5/0.5 → 100 (0.6·1 + 0.4·1) = 100
    assert capability_of(records()[0], 0.5, set(), w) == pytest.approx(100.0)
    # commander in his domain: 0.8, centrality 0.5 → 100 (0.48 + 0.2) = 68
    assert capability_of(records()[1], 0.5, {"military"}, w) == pytest.approx(68.0)
    # same post outside the issue's domains counts half: 100 (0.6·0.4 + 0.2) = 44
    assert capability_of(records()[1], 0.5, {"economy"}, w) == pytest.approx(44.0)
    # no role word: default 0.2 → 12
    assert capability_of(records()[2], 0.5, set(), w) == pytest.approx(12.0)


def test_issue_from_circle_joins_records_and_positions() -> None:
    issue, warnings = issue_from_circle(records(), POSITIONS, domains=["military"])
    assert issue.names == ["The Leader", "General X", "Envoy"]
    assert issue.leader == "The Leader"
    general = issue.actors[1]
    assert general.capability == pytest.approx(68.0)
    assert general.trust == 0.7 and general.position_dist is not None
    assert general.evidence == ("“We will respond” (Agency, 2025-06-14)",)
    assert issue.actors[2].salience == 50.0  # default when the analyst gives none
    assert any("Clerk" in w for w in warnings)
    assert any("Ghost" in w for w in warnings)


def test_issue_from_circle_reads_a_positions_file(tmp_path: Path) -> None:
    f = tmp_path / "positions.yaml"
    f.write_text("actors:\n  Envoy: {position: 10, salience: 40, capability: 7}\n")
    issue, _ = issue_from_circle(records(), f)
    assert issue.actors[0].capability == 7.0  # the analyst may override capability
    f.write_text("actors:\n  Nobody: {position: 10}\n")
    with pytest.raises(IssueFileError, match="no actor"):
        issue_from_circle(records(), f)


@dataclass
class Entity:
    name: str


@dataclass
class Tie:
    roles: list[str]
    other: Entity


@dataclass
class DomainScore:
    domain: str


@dataclass
class Member:
    entity: Entity
    posts: list[Tie]
    domains: list[DomainScore]
    centrality: float = 0.0


def test_power_map_circle_members_fit_as_they_are() -> None:
    # a tie view scores by its roles only: "commander" 0.8, not "Leader" in the office's name
    member = Member(
        Entity("General Y"),
        [Tie(["commander"], Entity("Leader's Office"))],
        [DomainScore("military")],
        centrality=2.0,
    )
    chief = {"name": "The Leader", "posts": ["Supreme Leader"], "centrality": 4.0}
    positions = {"actors": {"General Y": {"position": 70}, "The Leader": {"position": 40}}}
    issue, _ = issue_from_circle([member, chief], positions, domains=["military"])
    general = issue.actors[0]
    # 100 (0.6 · 0.8 + 0.4 · 2/4) = 68
    assert general.capability == pytest.approx(68.0)
    assert general.label == "commander (Leader's Office)"


def test_unreadable_positions_file_is_an_issue_file_error(tmp_path: Path) -> None:
    with pytest.raises(IssueFileError, match=r"missing\.yaml"):
        issue_from_circle(records(), tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors: [unclosed\n")
    with pytest.raises(IssueFileError, match=r"bad\.yaml"):
        issue_from_circle(records(), bad)


def test_a_positions_file_spelling_the_name_differently_still_matches() -> None:
    records = [
        {"name": "Mohammad Baqeri", "posts": [], "domains": ["military"]},
        {"name": "Hossein Salami", "posts": [], "domains": ["military"]},
        {"name": "Ali Asghar Hejazi", "posts": [], "domains": ["security"]},
    ]
    positions = {
        "actors": {
            "Mohammad Bagheri": {"position": 80},  # q/gh: the same name
            "Hassan Salimi": {"position": 20},  # another person: no match
            "Asghar Hejazi": {"position": 60},  # the record's name adds a given name
        }
    }
    issue, warnings = issue_from_circle(records, positions)
    assert issue.names == ["Mohammad Baqeri", "Ali Asghar Hejazi"]
    assert any("matched 'Mohammad Bagheri'" in w for w in warnings)
    assert any(
        "Hossein Salami: in the power map but not in the positions file" in w for w in warnings
    )
