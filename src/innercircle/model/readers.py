"""Read an issue from a file: our YAML or CSV format, or the KTAB SMP CSV format.

YAML (see examples/issues/escalation.yaml)::

    issue: name
    description: free text
    scale: {low: "label of 0", high: "label of 100", min: 0, max: 100}
    status_quo: 40            # optional
    leader: Actor name        # optional: who decides in the leader model
    leader_deference: 0.5     # optional, 0–1
    actors:
      - name: ...
        position: 60          # on the scale
        salience: 80          # 0–100
        capability: 100       # ≥ 0, any unit
        trust: 0.8            # optional, 0–1: the leader's trust in this actor's advice
        position_range: [50, 75]                  # optional: uniform uncertainty
        uncertainty: {salience: {dist: normal, sd: 10}}   # optional, general form
        evidence: ["quote … (source, date)"]      # optional

CSV: a header row with `name, position, salience, capability` and optionally `trust, label,
position_low, position_high, salience_low, salience_high, capability_low, capability_high`;
lines starting with `#` are comments.

KTAB SMP (KAPSARC Toolkit for Behavioral Analysis): line 1 `scenario, description, nActors,
nDims`; line 2 headers `Actor, Description, Influence, <dim> Position, <dim> Salience, …`; one
row per actor. One `Issue` per dimension.

Errors raise `IssueFileError` naming the file, line (CSV) or actor and field. DEU data is read
by `innercircle.model.deu`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from innercircle.model.issue import Actor, Issue, Scale, Uncertain


class IssueFileError(ValueError):
    """A file that does not hold a valid issue; the message names file and place."""


def _num(value: Any, where: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise IssueFileError(f"{where}: {value!r} is not a number") from None


def uncertain_from_spec(spec: Any, where: str) -> Uncertain | None:
    if spec is None:
        return None
    if isinstance(spec, list | tuple):
        if len(spec) != 2:
            raise IssueFileError(f"{where}: a range needs two numbers [low, high]")
        return Uncertain("uniform", _num(spec[0], where), _num(spec[1], where))
    if not isinstance(spec, Mapping):
        raise IssueFileError(f"{where}: expected [low, high] or a mapping with `dist`")
    kind = str(spec.get("dist", spec.get("kind", "uniform")))
    fields = {
        k: None if spec.get(k) is None else _num(spec.get(k), f"{where}.{k}")
        for k in ("low", "high", "mode", "sd")
    }
    try:
        return Uncertain(kind, **fields)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise IssueFileError(f"{where}: {exc}") from None


def actor_from_mapping(item: Mapping[str, Any], where: str) -> Actor:
    """One actor from a YAML/JSON mapping (see the module docstring for the keys)."""
    if "name" not in item:
        raise IssueFileError(f"{where}: actor without `name`")
    name = str(item["name"])
    here = f"{where} ({name})"
    for key in ("position", "salience", "capability"):
        if item.get(key) is None:
            raise IssueFileError(f"{here}: missing `{key}`")
    unc = item.get("uncertainty") or {}
    if not isinstance(unc, Mapping):
        raise IssueFileError(f"{here}: `uncertainty` must be a mapping")
    dists = {}
    for key in ("position", "salience", "capability"):
        spec = unc.get(key, item.get(f"{key}_range"))
        dists[key] = uncertain_from_spec(spec, f"{here}.{key}")
    evidence = item.get("evidence") or ()
    if isinstance(evidence, str):
        evidence = (evidence,)
    try:
        return Actor(
            name=name,
            position=_num(item["position"], f"{here}.position"),
            salience=_num(item["salience"], f"{here}.salience"),
            capability=_num(item["capability"], f"{here}.capability"),
            trust=_num(item.get("trust", 1.0), f"{here}.trust"),
            label=None if item.get("label") is None else str(item["label"]),
            position_dist=dists["position"],
            salience_dist=dists["salience"],
            capability_dist=dists["capability"],
            evidence=tuple(str(e) for e in evidence),
        )
    except ValueError as exc:
        raise IssueFileError(f"{here}: {exc}") from None


def scale_from_mapping(spec: Any, where: str) -> Scale:
    """A `Scale` from `{low: label, high: label, min: 0, max: 100}` (all optional)."""
    if spec is None:
        return Scale()
    if not isinstance(spec, Mapping):
        raise IssueFileError(f"{where}: `scale` must be a mapping")
    try:
        return Scale(
            low_label=str(spec.get("low", "0")),
            high_label=str(spec.get("high", "100")),
            low=_num(spec.get("min", 0.0), f"{where}.min"),
            high=_num(spec.get("max", 100.0), f"{where}.max"),
        )
    except ValueError as exc:
        raise IssueFileError(f"{where}: {exc}") from None


def issue_from_mapping(data: Mapping[str, Any], source: str = "<data>") -> Issue:
    """An `Issue` from parsed YAML/JSON (the layout in the module docstring)."""
    actors_raw = data.get("actors")
    if not isinstance(actors_raw, list) or not actors_raw:
        raise IssueFileError(f"{source}: `actors` must be a non-empty list")
    actors = []
    for k, item in enumerate(actors_raw, start=1):
        if not isinstance(item, Mapping):
            raise IssueFileError(f"{source}: actor #{k} is not a mapping")
        actors.append(actor_from_mapping(item, f"{source}: actor #{k}"))
    sq = data.get("status_quo")
    deference = data.get("leader_deference")
    try:
        return Issue(
            name=str(data.get("issue", data.get("name", Path(source).stem))),
            actors=tuple(actors),
            scale=scale_from_mapping(data.get("scale"), f"{source}: scale"),
            description=str(data.get("description", "") or "").strip(),
            status_quo=None if sq is None else _num(sq, f"{source}: status_quo"),
            leader=None if data.get("leader") is None else str(data["leader"]),
            leader_deference=None
            if deference is None
            else _num(deference, f"{source}: leader_deference"),
            source=source,
        )
    except ValueError as exc:
        if isinstance(exc, IssueFileError):
            raise
        raise IssueFileError(f"{source}: {exc}") from None


def read_yaml(path: str | Path) -> Issue:
    """Read an issue from a YAML file."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise IssueFileError(f"{p}: not valid YAML: {exc}") from None
    if not isinstance(data, Mapping):
        raise IssueFileError(f"{p}: expected a mapping at the top level")
    return issue_from_mapping(data, str(p))


def read_csv(path: str | Path, *, name: str | None = None, scale: Scale | None = None) -> Issue:
    """Read an issue from our CSV format (one actor per row)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), skipinitialspace=True)
    if reader.fieldnames is None:
        raise IssueFileError(f"{p}: empty file")
    fields = {f.strip().lower() for f in reader.fieldnames}
    missing = {"name", "position", "salience", "capability"} - fields
    if missing:
        raise IssueFileError(f"{p}: header lacks {', '.join(sorted(missing))}")
    actors = []
    for line, row in enumerate(reader, start=2):
        clean = {
            k.strip().lower(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k
        }
        item: dict[str, Any] = {
            k: clean.get(k) for k in ("name", "position", "salience", "capability")
        }
        if clean.get("trust"):
            item["trust"] = clean["trust"]
        if clean.get("label"):
            item["label"] = clean["label"]
        for key in ("position", "salience", "capability"):
            lo, hi = clean.get(f"{key}_low"), clean.get(f"{key}_high")
            if lo or hi:
                item[f"{key}_range"] = [lo, hi]
        actors.append(actor_from_mapping(item, f"{p}:{line}"))
    try:
        return Issue(
            name=name or p.stem, actors=tuple(actors), scale=scale or Scale(), source=str(p)
        )
    except ValueError as exc:
        raise IssueFileError(f"{p}: {exc}") from None


def _split(line: str) -> list[str]:
    return [f.strip() for f in next(csv.reader([line]))]


def is_ktab(path: str | Path) -> bool:
    """True if the file looks like a KTAB SMP CSV (second line starts with `Actor`)."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            fh.readline()
            second = fh.readline()
    except (OSError, UnicodeDecodeError):
        return False
    return second.strip().lower().startswith("actor")


def read_ktab_smp(path: str | Path) -> list[Issue]:
    """Read a KTAB SMP CSV: one `Issue` per policy dimension (0–100 scale).

    Capability = the KTAB `Influence`/`Power` column; salience = that dimension's salience.
    """
    p = Path(path)
    lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if len(lines) < 3:
        raise IssueFileError(f"{p}: a KTAB SMP file needs a title line, a header and actors")
    title = _split(lines[0])
    try:
        n_actors, n_dims = int(title[2]), int(title[3])
    except (IndexError, ValueError):
        raise IssueFileError(f"{p}:1: expected `scenario, description, nActors, nDims`") from None
    header = _split(lines[1])
    dims = []
    for d in range(n_dims):
        col = header[3 + 2 * d] if len(header) > 3 + 2 * d else f"dim{d + 1}"
        label = col.rsplit(" ", 1)[0] if col.lower().endswith("position") else col
        dims.append(label.strip() or f"dim{d + 1}")
    rows = lines[2 : 2 + n_actors]
    if len(rows) != n_actors:
        raise IssueFileError(f"{p}: header says {n_actors} actors, found {len(rows)}")
    issues = []
    for d, dim in enumerate(dims):
        actors = []
        for line_no, line in enumerate(rows, start=3):
            f = _split(line)
            where = f"{p}:{line_no}"
            if len(f) < 3 + 2 * n_dims:
                raise IssueFileError(f"{where}: expected {3 + 2 * n_dims} fields, got {len(f)}")
            try:
                actors.append(
                    Actor(
                        name=f[0],
                        label=f[1] or None,
                        capability=_num(f[2], f"{where} influence"),
                        position=_num(f[3 + 2 * d], f"{where} {dim} position"),
                        salience=_num(f[4 + 2 * d], f"{where} {dim} salience"),
                    )
                )
            except ValueError as exc:
                if isinstance(exc, IssueFileError):
                    raise
                raise IssueFileError(f"{where}: {exc}") from None
        name = f"{title[0]} — {dim}" if n_dims > 1 else title[0]
        issues.append(Issue(name=name, actors=tuple(actors), description=title[1], source=str(p)))
    return issues


def read_issue(path: str | Path, *, dimension: int = 0) -> Issue:
    """Read any supported issue file, chosen by extension and content.

    `.yaml`/`.yml`/`.json` → YAML layout; `.csv` → KTAB SMP if it looks like one, else our CSV.
    `dimension` picks the policy dimension of a multi-dimensional KTAB file (0-based).
    """
    p = Path(path)
    if not p.is_file():
        raise IssueFileError(f"{p}: no such file")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return read_yaml(p)
    if suffix in (".csv", ".tsv", ".txt"):
        if is_ktab(p):
            issues = read_ktab_smp(p)
            if not 0 <= dimension < len(issues):
                raise IssueFileError(f"{p}: dimension {dimension} of {len(issues)}")
            return issues[dimension]
        return read_csv(p)
    raise IssueFileError(f"{p}: unknown issue file type {suffix!r} (use .yaml or .csv)")
