"""Read the DEU benchmark file (EU legislative decisions) and the capability sources for it.

File layout (see ../shared/data/deu/README.md): tab-separated, double-quoted; a header row; a
second row holding one GDP figure per actor column (added by blksv/predictioneers_game); then
one row per issue with `p<actor>` positions and `s<actor>` saliences for 30 actors (Commission
`com`, Parliament `ep`, 28 member states), the reference point `rp` (status quo) and the
outcome `out`, all on 0–100. A blank means the actor took no position / the value is missing.

Conventions (they reproduce the project's published baselines): an actor takes part in an
issue when it has a position; a missing salience next to a position counts as 50 (the middle
of the scale); issues without an outcome are kept but not scored.

This module reads and converts; it does not run models (see `backtest`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from innercircle.model.batch import Batch, FloatArray
from innercircle.model.issue import Actor, Issue

MISSING_SALIENCE = 50.0
"""Salience assumed where an actor has a position but no salience."""

CAPABILITY_SOURCES = ("votes", "gdp", "equal")


class DeuFileError(ValueError):
    """The file is not in the DEU layout; the message names file and row."""


@dataclass(frozen=True)
class DeuData:
    """The DEU file as arrays: I issues × n actors (NaN = missing)."""

    actors: tuple[str, ...]
    proposal: tuple[str, ...]  # proposal code per issue (e.g. d00032): the CV groups
    issue_id: tuple[str, ...]
    issue_name: tuple[str, ...]
    positions: FloatArray  # (I, n)
    saliences: FloatArray  # (I, n)
    reference: FloatArray  # (I,)  status quo, NaN if missing
    outcome: FloatArray  # (I,)  NaN if missing
    gdp: FloatArray  # (n,)
    source: str

    @property
    def scored(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Issues that have an outcome."""
        return ~np.isnan(self.outcome)

    def capability(self, source: str) -> FloatArray:
        """Capability per actor: "votes" (Council votes, `council_votes()`), "gdp" (the file's
        GDP row) or "equal" (all 1)."""
        if source == "votes":
            table = council_votes()
            missing = [a for a in self.actors if a not in table]
            if missing:
                raise DeuFileError(f"no Council votes for actor(s) {', '.join(missing)}")
            return np.array([table[a] for a in self.actors], dtype=float)
        if source == "gdp":
            return self.gdp.copy()
        if source == "equal":
            return np.ones(len(self.actors))
        raise ValueError(f"unknown capability source {source!r}; use {CAPABILITY_SOURCES}")

    def issue(self, row: int, capability: str = "votes") -> Issue:
        """One DEU issue as an `Issue` (actors with a position; status quo = reference point;
        the outcome is not part of it)."""
        cap = self.capability(capability)
        actors = []
        for k, code in enumerate(self.actors):
            x = self.positions[row, k]
            if np.isnan(x):
                continue
            s = self.saliences[row, k]
            actors.append(
                Actor(
                    code,
                    float(x),
                    MISSING_SALIENCE if np.isnan(s) else float(s),
                    float(cap[k]),
                )
            )
        ref = self.reference[row]
        return Issue(
            name=f"{self.issue_id[row]} {self.issue_name[row]}",
            actors=tuple(actors),
            status_quo=None if np.isnan(ref) else float(ref),
            source=f"{self.source}:{row + 3}",
        )

    def batch(self, capability: str | FloatArray, rows: Any = None) -> Batch:
        """Model inputs, one row per issue (optionally only `rows`), 0–100 scale."""
        cap = self.capability(capability) if isinstance(capability, str) else capability
        sel = slice(None) if rows is None else rows
        x = self.positions[sel]
        s = np.where(np.isnan(self.saliences[sel]), MISSING_SALIENCE, self.saliences[sel])
        lead = self.actors.index("com") if "com" in self.actors else None
        return Batch.from_arrays(
            x, np.broadcast_to(cap, x.shape), s, status_quo=self.reference[sel], leader=lead
        )


def council_votes() -> dict[str, float]:
    """Council votes per DEU actor code, with the assumed weights of Commission and EP."""
    text = resources.files("innercircle.model").joinpath("data/council_votes.yaml").read_text()
    data = yaml.safe_load(text)
    table = {str(k): float(v) for k, v in data["votes"].items()}
    table.update({str(k): float(v) for k, v in data.get("assumed", {}).items()})
    return table


def council_votes_source() -> str:
    """The citation for `council_votes()`."""
    text = resources.files("innercircle.model").joinpath("data/council_votes.yaml").read_text()
    return str(yaml.safe_load(text)["source"])


def _float(value: str) -> float:
    value = value.strip()
    return float(value) if value else float("nan")


def read_deu(path: str | Path) -> DeuData:
    """Read the DEU benchmark file; `DeuFileError` names the row of any bad value."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quotechar='"'))
    except OSError as exc:
        raise DeuFileError(f"{p}: {exc}") from None
    if len(rows) < 3:
        raise DeuFileError(f"{p}: expected a header, a GDP row and issue rows")
    header = [h.strip() for h in rows[0]]
    pos_cols = [i for i, h in enumerate(header) if h.startswith("p") and "s" + h[1:] in header]
    pos_cols = [i for i in pos_cols if h_ok(header[i])]
    actors = tuple(header[i][1:] for i in pos_cols)
    sal_cols = [header.index("s" + a) for a in actors]
    try:
        c_prnr, c_isnr, c_name = header.index("prnr"), header.index("isnr"), header.index("prname")
        c_rp, c_out = header.index("rp"), header.index("out")
    except ValueError as exc:
        raise DeuFileError(f"{p}: header lacks a column: {exc}") from None
    if not actors:
        raise DeuFileError(f"{p}: no p<actor>/s<actor> column pairs in the header")
    try:
        gdp = np.array([_float(rows[1][i]) for i in pos_cols])
    except (ValueError, IndexError):
        raise DeuFileError(f"{p}:2: the GDP row is not numeric") from None
    pos, sal, ref, out, prop, iid, names = [], [], [], [], [], [], []
    for line, row in enumerate(rows[2:], start=3):
        if not any(f.strip() for f in row):
            continue
        try:
            pos.append([_float(row[i]) for i in pos_cols])
            sal.append([_float(row[i]) for i in sal_cols])
            ref.append(_float(row[c_rp]))
            out.append(_float(row[c_out]))
        except (ValueError, IndexError):
            raise DeuFileError(
                f"{p}:{line}: a position, salience, rp or out is not a number"
            ) from None
        prop.append(row[c_prnr].strip())
        iid.append(row[c_isnr].strip())
        names.append(row[c_name].strip())
    return DeuData(
        actors=actors,
        proposal=tuple(prop),
        issue_id=tuple(iid),
        issue_name=tuple(names),
        positions=np.array(pos, dtype=float),
        saliences=np.array(sal, dtype=float),
        reference=np.array(ref, dtype=float),
        outcome=np.array(out, dtype=float),
        gdp=gdp,
        source=str(p),
    )


def h_ok(column: str) -> bool:
    """True for an actor position column name (`p` + 2–3 lower-case letters)."""
    code = column[1:]
    return column.startswith("p") and 2 <= len(code) <= 3 and code.isalpha() and code.islower()
