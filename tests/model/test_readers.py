"""Reading issues from YAML, CSV and KTAB SMP files, and the example issue."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from innercircle.model.batch import Batch
from innercircle.model.readers import IssueFileError, read_issue, read_ktab_smp


def test_yaml_with_ranges_and_distributions(tmp_path: Path) -> None:
    f = tmp_path / "i.yaml"
    f.write_text(
        """
issue: Test
scale: {low: calm, high: war}
status_quo: 30
leader: A
actors:
  - {name: A, position: 20, salience: 90, capability: 10, position_range: [10, 30]}
  - name: B
    position: 80
    salience: 50
    capability: 5
    trust: 0.5
    uncertainty: {salience: {dist: normal, sd: 5}}
    evidence: ["said so (outlet, 2025-01-01)"]
""",
        encoding="utf-8",
    )
    issue = read_issue(f)
    assert issue.name == "Test"
    assert issue.scale.low_label == "calm" and issue.scale.high == 100
    assert issue.status_quo == 30 and issue.leader == "A"
    a, b = issue.actors
    assert a.position_dist is not None and a.position_dist.low == 10
    assert b.salience_dist is not None and b.salience_dist.kind == "normal"
    assert b.trust == 0.5 and b.evidence == ("said so (outlet, 2025-01-01)",)


def test_yaml_errors_name_the_actor_and_field(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("actors:\n  - {name: A, position: 20, salience: high, capability: 1}\n")
    with pytest.raises(IssueFileError, match=r"bad.yaml: actor #1 \(A\)\.salience"):
        read_issue(f)
    f.write_text("actors:\n  - {name: A, position: 20, capability: 1}\n")
    with pytest.raises(IssueFileError, match="missing `salience`"):
        read_issue(f)


def test_csv_with_ranges_and_line_numbers(tmp_path: Path) -> None:
    f = tmp_path / "i.csv"
    f.write_text(
        "# comment\nname,position,salience,capability,position_low,position_high\n"
        "A,20,90,10,10,30\nB,80,50,5,,\n"
    )
    issue = read_issue(f)
    assert issue.names == ["A", "B"]
    assert issue.actors[0].position_dist is not None
    assert issue.actors[1].position_dist is None
    f.write_text("name,position,salience,capability\nA,20,90,10\nB,eighty,50,5\n")
    with pytest.raises(IssueFileError, match=r"i.csv:3"):
        read_issue(f)


def test_ktab_policy_file_and_effective_power(ktab_dir: Path) -> None:
    (issue,) = read_ktab_smp(ktab_dir / "SOE-Policy.csv")
    assert len(issue.actors) == 26
    first = issue.actors[0]
    assert (first.name, first.capability, first.position, first.salience) == ("XJ", 100, 30, 30)
    # KTAB's effective power = influence × salience / 100 (its old run's effPow output)
    eff = {}
    for line in (ktab_dir / "oldrun_SOE-Policy.csv_effPow.csv").read_text().splitlines():
        code, value = line.split(",")
        eff[code.strip()] = float(value)
    w = Batch.from_issue(issue).weights()[0] / 100
    assert np.allclose(w, [eff[a.name] for a in issue.actors], atol=0.05)


def test_ktab_multi_dimension_file_gives_one_issue_per_dimension(ktab_dir: Path) -> None:
    issues = read_ktab_smp(ktab_dir / "SOE-Pol-Comp.csv")
    assert [len(i.actors) for i in issues] == [13, 13]
    assert issues[1].actors[0].position == 20 and issues[1].actors[0].salience == 48
    assert read_issue(ktab_dir / "dummyData_3Dim.csv", dimension=2).actors[0].position == 70.45


def test_example_issue_reads_and_says_it_is_illustrative(example_file: Path) -> None:
    issue = read_issue(example_file)
    assert issue.leader == "Leader"
    assert issue.scale.low_label == "full de-escalation"
    assert issue.scale.high_label == "direct war"
    assert all(a.position_dist is not None for a in issue.actors)
    assert "ILLUSTRATIVE" in example_file.read_text()
