"""Extraction accuracy on the held-out set (bench/heldout): text the rules were not written for.

Usage:
  .venv/bin/python bench/bench_heldout.py [--set DIR] [--pred FILE] [--json OUT] [--errors]
                                          [--model NAME]

Runs `innercircle extract DIR/articles --format annotations --out FILE` (like `make eval` does
for the development set; DIR is bench/heldout unless `--set` names another set laid out the
same way, e.g. bench/heldout2), then scores FILE against DIR/gold.json with the
shared scorer (`../shared/tools/score.py`, or `--scorer PATH`) and prints its figures. With
`--errors` it also lists, per document, the gold relations, events and quotes that were missed
and the predicted ones that were not in the gold (entities shown by gold id when they map to
one). Not a test: nothing is asserted and no floor is enforced.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "bench" / "heldout"
DEFAULT_SCORER = ROOT.parent / "shared" / "tools" / "score.py"
ACTOR_TYPES = {"Person", "Organization", "Group"}


def load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(folder: Path, pred: Path, model: str | None) -> None:
    exe = Path(sys.executable).with_name("innercircle")
    cmd = [str(exe), "extract", str(folder / "articles"), "--format", "annotations"]
    cmd += ["--out", str(pred)]
    if model:
        cmd += ["--model", model]
    subprocess.run(cmd, check=True)


def show_errors(scorer: ModuleType, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    """Per document: missed gold items (-) and predictions not in the gold (+)."""
    gents = {e["id"]: e for e in gold["entities"]}
    pents = {e["id"]: e for e in pred["entities"]}
    pdocs = {scorer.doc_key(d["doc"]): d for d in pred["documents"]}
    collapse = scorer.COLLAPSE
    for gdoc in gold["documents"]:
        key = scorer.doc_key(gdoc["doc"])
        pdoc = pdocs.get(key, {"mentions": [], "relations": [], "events": [], "quotes": []})
        mapping = scorer.map_entities(gdoc, pdoc, gents, pents)

        def name(pid: str | None, mapping: dict[str, str | None] = mapping) -> str:
            if not pid:
                return "-"
            gid = mapping.get(pid)
            return gid if gid else f"?{pents.get(pid, {}).get('name', pid)}"

        print(f"\n== {key}")
        gold_ids = {m["entity"] for m in gdoc["mentions"]}
        found = {g for g in mapping.values() if g}
        for gid in sorted(gold_ids - found):
            if gents[gid]["type"] in ACTOR_TYPES:
                print(f"  - entity {gid}")
        for pid, gid in mapping.items():
            if gid is None and pents.get(pid, {}).get("type") in ACTOR_TYPES:
                print(f"  + entity {pents[pid]['name']!r} ({pents[pid]['type']})")
        required, optional = set(), set()
        for r in gdoc["relations"]:
            t = (r["subject"], collapse.get(r["predicate"], r["predicate"]), r["object"])
            (optional if r.get("inferred") else required).add(t)
        predicted: dict[tuple[str, str, str], str] = {}
        for r in pdoc.get("relations", []):
            pred_key = (name(r.get("subject")), collapse.get(r["predicate"], r["predicate"]))
            predicted[(*pred_key, name(r.get("object")))] = r.get("evidence", "")[:90]
        for t in sorted(required - set(predicted)):
            print(f"  - rel {t}")
        for t, ev in sorted(predicted.items()):
            if t not in required and t not in optional:
                print(f"  + rel {t}  «{ev}»")
        gev = {}
        for e in gdoc["events"]:
            for s in [e["subject"], *e.get("co_subjects", [])]:
                gev[(e["type"], s)] = e["date"]
        pev = {}
        for e in pdoc.get("events", []):
            for s in [e.get("subject"), *(e.get("co_subjects") or [])]:
                pev[(e.get("type"), name(s))] = e.get("date")
        for k in sorted(set(gev) - set(pev)):
            print(f"  - event {k} {gev[k]}")
        for k in sorted(set(pev) - set(gev)):
            print(f"  + event {k} {pev[k]}")
        for k in sorted(set(gev) & set(pev)):
            if gev[k] and not str(pev[k] or "").startswith(gev[k]):
                print(f"  ~ date {k} gold={gev[k]} pred={pev[k]}")
        for q in gdoc["quotes"]:
            start = scorer.norm(q["start"])[:40]
            hit = [p for p in pdoc.get("quotes", []) if start in scorer.norm(p.get("text", ""))]
            if not hit:
                print(f"  - quote {q['speaker']}: {q['start'][:50]!r}")
            elif (speaker := name(hit[0].get("speaker"))) != q["speaker"]:
                print(f"  ~ speaker {q['start'][:30]!r} gold={q['speaker']} pred={speaker}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", type=Path, default=HELDOUT, help="folder with articles/, gold.json")
    ap.add_argument("--pred", type=Path, help="keep the predicted annotations here")
    ap.add_argument("--json", type=Path, help="write the scores as JSON here")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--model", help="spaCy model name (default: the extractor's)")
    ap.add_argument("--errors", action="store_true", help="list misses and extras per document")
    args = ap.parse_args()
    scorer = load_scorer(args.scorer)
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = args.pred or Path(tmp) / "heldout.pred.json"
        extract(args.set, pred_path, args.model)
        gold = json.loads((args.set / "gold.json").read_text(encoding="utf-8"))
        pred = json.loads(pred_path.read_text(encoding="utf-8"))
    result = scorer.score(gold, pred)
    for metric, value in result.items():
        if isinstance(value, dict):
            print(
                f"{metric:28s} P={value['precision']:.3f} R={value['recall']:.3f} "
                f"F1={value['f1']:.3f}  (tp={value['tp']} fp={value['fp']} fn={value['fn']})"
            )
        else:
            print(f"{metric:28s} {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    if args.errors:
        show_errors(scorer, gold, pred)


if __name__ == "__main__":
    main()
