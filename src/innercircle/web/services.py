"""The web layer's single door to the other stages (power map, resolution, models, ingestion).

Routers and pages call these methods and get plain JSON-ready data back; the queries themselves
live in `innercircle.powermap`, `innercircle.resolve`, `innercircle.model` and the ingestion
pipeline — nothing is re-implemented here. A stage that is not installed yet answers with a
501 error that names it. Entity references may be ids or names (resolved through the store).
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any

from innercircle.records import StoredEntity
from innercircle.store.repository import Repository
from innercircle.web.cache import ResultCache
from innercircle.web.errors import ApiError
from innercircle.web.settings import WebSettings

log = logging.getLogger(__name__)


STAGE_MODULES = (
    "innercircle.powermap.access",
    "innercircle.powermap.dates",
    "innercircle.powermap.graph",
    "innercircle.powermap.queries",
    "innercircle.powermap.standing",
    "innercircle.powermap.analysis",
    "innercircle.powermap.report",
    "innercircle.resolve.judgements",
    "innercircle.resolve.review",
    "innercircle.model.readers",
    "innercircle.model.scenario",
    "innercircle.model.registry",
    "innercircle.model.montecarlo",
    "innercircle.model.batch",
    "innercircle.model.circle",
    "innercircle.corpus.ingest",
)
"""The stage modules the web layer calls (imported lazily, or at start by `warm_up`)."""


class Unavailable(ApiError):
    """A stage the request needs is not available in this installation."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(501, f"{what} is not available: {reason}", "not_available")


def plain(value: Any) -> Any:
    """JSON-ready data from results: `to_dict()`, dataclasses, enums, dates, sets, tuples."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return plain(to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars
    if callable(tolist):
        return plain(tolist())
    return str(value)


@contextmanager
def stage_errors() -> Iterator[None]:
    """Turn a stage's refusal into an API error: unknown entity 404, ambiguous name 409,
    bad input (ValueError) 422."""
    try:
        yield
    except ApiError:
        raise
    except (KeyError, IndexError):
        raise
    except LookupError as exc:
        ambiguous = type(exc).__name__.startswith("Ambiguous")
        message = str(exc.args[0]) if exc.args else str(exc)
        raise ApiError(
            409 if ambiguous else 404, message, "ambiguous" if ambiguous else None
        ) from exc
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc


def histogram(values: Any, low: float, high: float, bins: int = 20) -> dict[str, Any]:
    """Counts of forecast draws in equal bins over the issue's scale (NaN draws left out)."""
    import numpy as np

    data = np.asarray(values, dtype=float)
    data = data[~np.isnan(data)]
    counts, edges = np.histogram(data, bins=bins, range=(low, high))
    return {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]}


def _module(name: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise Unavailable(what, f"module {name} is not installed ({exc})") from exc


def _function(module: ModuleType, name: str, what: str) -> Any:
    fn = getattr(module, name, None)
    if fn is None or not callable(fn):
        raise Unavailable(what, f"{module.__name__}.{name} does not exist")
    return fn


class Services:
    """Calls into the other stages on one repository."""

    def __init__(self, repo: Repository, settings: WebSettings) -> None:
        self.repo = repo
        self.settings = settings
        self._extractor: Any = None
        self._ingest_lock = threading.Lock()
        self._rules: Any = None
        self._rules_lock = threading.Lock()
        self.cache = ResultCache(settings.cache_seconds, fingerprint=self.store_fingerprint)

    def warm_up(self) -> list[str]:
        """Import the stages now (at server start) rather than on a first request; returns the
        ones that are not available (their endpoints answer 501)."""
        missing = []
        for name in STAGE_MODULES:
            try:
                importlib.import_module(name)
            except ImportError as exc:
                log.warning("%s is not available: %s", name, exc)
                missing.append(name)
        return missing

    def store_fingerprint(self) -> tuple[int, ...]:
        """Row counts that change with every ingest, merge or judgement (cache validation)."""
        judgements = self.repo.judgements(active_only=False)
        return (
            self.repo.document_count(),
            self.repo.statement_count(),
            len(judgements),
            sum(1 for j in judgements if j.undone_at is not None),
        )

    # ------------------------------------------------------------------ entities

    def entity(self, ref: str) -> StoredEntity:
        """The entity an id or a name stands for; 404 when none, 409 when a name is ambiguous."""
        ref = ref.strip()
        if not ref:
            raise ApiError(400, "empty entity reference")
        found = self.repo.get_entity(ref)
        if found is not None:
            return found
        candidates = self.repo.find_entities(ref, limit=20)
        key = ref.casefold()
        exact = [
            e for e in candidates if e.name.casefold() == key or key in map(str.casefold, e.aliases)
        ]
        if len(exact) == 1:
            return exact[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ApiError(404, f"no entity matches {ref!r}")
        options = ", ".join(f"{e.name} ({e.id})" for e in (exact or candidates)[:8])
        raise ApiError(409, f"{ref!r} is ambiguous: {options}", "ambiguous")

    def default_leader(self) -> StoredEntity | None:
        """The leader configured for this server (`serve --leader`), else the person holding
        the post the country pack's institutions answer to by law at the opening date (the
        most attested one), else None."""
        if not self.settings.default_leader:
            holders = self._powermap("standing", "post_holders")

            def compute() -> str | None:
                found: list[str] = holders(
                    self.view(), self._powermap("access", "at_or_today")(self.opening_date())
                )
                return found[0] if found else None

            with stage_errors():
                leader = self.cache.get_or_compute(("default_leader",), compute)
            return self.repo.get_entity(leader) if leader else None
        try:
            return self.entity(self.settings.default_leader)
        except ApiError:
            log.warning("default leader %r not found in the store", self.settings.default_leader)
            return None

    def opening_date(self) -> str | None:
        """The date pages open on: `serve --at`, else the newest article's publication date
        when it is before today (a store of past news opens on its latest news, so recent
        losses show), else None (today)."""
        if self.settings.default_at:
            return self.settings.default_at
        latest = self.cache.get_or_compute(("latest_published",), self.repo.latest_published)
        return latest if latest and latest < date.today().isoformat() else None

    def sources(self) -> dict[str, dict[str, Any]]:
        return {k: plain(v) for k, v in self.repo.sources().items()}

    # ------------------------------------------------------------------ power map

    def _powermap(self, module: str, function: str) -> Any:
        what = f"the power map ({module}.{function})"
        return _function(_module(f"innercircle.powermap.{module}", what), function, what)

    def view(self) -> Any:
        """A fresh `StoreView` for one question (a page may pass it to the several queries it
        shows); the domain rules are loaded once per app."""
        what = "the power map (access.StoreView)"
        access = _module("innercircle.powermap.access", what)
        view_class = _function(access, "StoreView", what)
        if self._rules is None:
            with self._rules_lock:
                if self._rules is None:
                    self._rules = view_class(self.repo).rules
        return view_class(self.repo, rules=self._rules)

    def graph(
        self,
        at: str | None,
        around: str | None = None,
        *,
        include_closed: bool = True,
        lost_since: str | None = None,
        depth: int = 2,
    ) -> dict[str, Any]:
        """The as-of graph in Cytoscape JSON. Ties closed (a death, a dismissal) on or after
        `lost_since` (default: a year before `at`) are kept with state "closed" so losses show."""
        as_of_graph = self._powermap("graph", "as_of_graph")
        to_cytoscape = self._powermap("graph", "cytoscape_json")
        centre = self.entity(around).id if around else None
        with stage_errors():
            day = self._powermap("access", "at_or_today")(at)
            since = lost_since or self._powermap("dates", "shift")(day, -365)

            def compute() -> dict[str, Any]:
                import networkx as nx

                try:
                    graph = as_of_graph(
                        self.repo,
                        day,
                        include_closed=include_closed,
                        closed_since=since,
                        around=centre,
                        depth=depth,
                        view=self.view(),
                    )
                except nx.NetworkXError:
                    if centre is None:
                        raise
                    # powermap raises when the centre has no tie valid at the date; for the
                    # graph view that is an empty neighbourhood, not a failure
                    log.info("no ties around %s at %s", centre, day)
                    return {
                        "data": {
                            "at": day,
                            "around": centre,
                            "lost_since": since,
                            "note": f"no tie of {centre} is known to be valid on {day}",
                        },
                        "elements": {"nodes": [], "edges": []},
                    }
                data = dict(plain(to_cytoscape(graph)))
                data.setdefault("data", {})["lost_since"] = since if include_closed else None
                return data

            key = ("graph", day, centre, include_closed, since, depth)
            return self.cache.get_or_compute(key, compute)

    def who(self, ref: str, at: str | None, view: Any = None) -> dict[str, Any]:
        who = self._powermap("queries", "who")
        entity = self.entity(ref)
        with stage_errors():
            return self.cache.get_or_compute(
                ("who", entity.id, at),
                lambda: dict(plain(who(self.repo, entity.id, at=at, view=view or self.view()))),
            )

    def circle(
        self, ref: str, at: str | None, lost_since: str | None = None, view: Any = None
    ) -> dict[str, Any]:
        circle = self._powermap("queries", "circle")
        entity = self.entity(ref)
        with stage_errors():
            return self.cache.get_or_compute(
                ("circle", entity.id, at, lost_since),
                lambda: dict(
                    plain(
                        circle(
                            self.repo,
                            entity.id,
                            at=at,
                            lost_since=lost_since,
                            view=view or self.view(),
                        )
                    )
                ),
            )

    def changes(self, start: str, end: str, around: str | None) -> dict[str, Any]:
        changes = self._powermap("queries", "changes")
        centre = self.entity(around).id if around else None
        with stage_errors():
            return self.cache.get_or_compute(
                ("changes", start, end, centre),
                lambda: dict(
                    plain(changes(self.repo, start, end, around=centre, view=self.view()))
                ),
            )

    def timeline(self, ref: str, view: Any = None) -> dict[str, Any]:
        timeline = self._powermap("queries", "timeline")
        entity = self.entity(ref)
        with stage_errors():
            return self.cache.get_or_compute(
                ("timeline", entity.id),
                lambda: dict(plain(timeline(self.repo, entity.id, view=view or self.view()))),
            )

    def capacity_lost(self, ref: str, start: str, end: str, view: Any = None) -> dict[str, Any]:
        capacity_lost = self._powermap("analysis", "capacity_lost")
        entity = self.entity(ref)
        with stage_errors():
            return self.cache.get_or_compute(
                ("capacity", entity.id, start, end),
                lambda: dict(
                    plain(capacity_lost(self.repo, entity.id, start, end, view=view or self.view()))
                ),
            )

    def centrality(self, at: str | None, around: str | None, limit: int) -> dict[str, Any]:
        """Degree, betweenness and eigenvector centrality of the as-of graph, and brokers."""
        as_of_graph = self._powermap("graph", "as_of_graph")
        centrality = self._powermap("analysis", "centrality")
        brokers = self._powermap("analysis", "brokers")
        centre = self.entity(around).id if around else None
        with stage_errors():
            graph = as_of_graph(self.repo, at, around=centre, view=self.view())
            return {
                "at": graph.graph.get("at"),
                "around": centre,
                "centrality": plain(centrality(graph)[:limit]),
                "brokers": plain(brokers(graph, limit=limit)),
            }

    def succession(
        self, ref: str, at: str | None, limit: int = 10, view: Any = None
    ) -> dict[str, Any]:
        succession = self._powermap("analysis", "succession")
        entity = self.entity(ref)
        with stage_errors():
            found = self.cache.get_or_compute(
                ("succession", entity.id, at, limit),
                lambda: plain(
                    succession(self.repo, entity.id, at=at, limit=limit, view=view or self.view())
                ),
            )
        return {"leader": entity.id, "at": at, "candidates": found}

    def report(self, ref: str, at: str | None, fmt: str, start: str | None, end: str | None) -> str:
        """A self-contained Markdown or HTML report (figures embedded, numbered citations)."""
        build_report = self._powermap("report", "build_report")
        write_report = self._powermap("report", "write_report")
        entity = self.entity(ref)

        def compute() -> str:
            report = build_report(
                self.repo, entity.id, at=at, start=start, end=end, view=self.view()
            )
            return str(write_report(report, fmt))

        with stage_errors():
            return self.cache.get_or_compute(("report", entity.id, at, fmt, start, end), compute)

    # ------------------------------------------------------------------ resolution

    def review_queue(self, limit: int) -> list[dict[str, Any]]:
        what = "the review queue (innercircle.resolve)"
        review = _function(_module("innercircle.resolve.judgements", what), "review", what)
        return [dict(plain(item)) for item in review(self.repo, limit=limit)]

    def judge(self, kind: str, a: str, b: str, author: str, reason: str | None) -> dict[str, Any]:
        """Record a same / different / unsure judgement through `innercircle.resolve`
        (a `same` merges the second entity into the first; it stays as a redirect)."""
        what = f"'{kind}' judgements (innercircle.resolve)"
        fn = _function(_module("innercircle.resolve.judgements", what), kind, what)
        first, second = self.entity(a), self.entity(b)
        with stage_errors():
            result = dict(plain(fn(self.repo, first.id, second.id, author=author, reason=reason)))
        self.cache.clear()
        return result

    def undo(self, judgement_id: int, author: str) -> dict[str, Any]:
        """Undo a judgement (a `same` is split back by spelling; see `resolve.judgements`)."""
        what = "undoing judgements (innercircle.resolve)"
        fn = _function(_module("innercircle.resolve.judgements", what), "undo", what)
        if not any(j.id == judgement_id for j in self.repo.judgements(active_only=False)):
            raise ApiError(404, f"no judgement {judgement_id}")
        with stage_errors():
            result = dict(plain(fn(self.repo, judgement_id, author=author)))
        self.cache.clear()
        return result

    def judgements(self, active_only: bool) -> list[dict[str, Any]]:
        return [dict(plain(j)) for j in self.repo.judgements(active_only=active_only)]

    # ------------------------------------------------------------------ models

    def models(self) -> list[dict[str, str]]:
        """The decision models: name and title."""
        what = "decision models (innercircle.model)"
        registry = _module("innercircle.model.registry", what)
        found = getattr(registry, "MODELS", None)
        if not isinstance(found, Mapping):
            raise Unavailable(what, "innercircle.model.registry.MODELS does not exist")
        return [{"name": str(k), "title": str(getattr(v, "title", k))} for k, v in found.items()]

    def scenario(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Run models on an issue given as a mapping (the issue-file layout of the model
        stage), with and without some actors, with Monte Carlo draws."""
        what = "decision scenarios (innercircle.model)"
        readers = _module("innercircle.model.readers", what)
        with stage_errors():
            issue = readers.issue_from_mapping(dict(spec["issue"]), source="issue")
        return self.run_issue(issue, spec)

    def scenario_from_power_map(
        self,
        leader: str,
        at: str | None,
        positions: Mapping[str, Any],
        spec: Mapping[str, Any],
        include_lost: bool = True,
    ) -> dict[str, Any]:
        """Build the issue from the circle around `leader` at `at` (capability from posts and
        centrality, stance evidence from quotes) and the analyst's positions, then run it.

        With `include_lost`, members lost in the year before `at` take part too and, unless
        `spec["without"]` says otherwise, the scenario removes them — the "with and without
        the killed commanders" question.
        """
        what = "issues from the power map (innercircle.model.circle)"
        issue_from_circle = _function(
            _module("innercircle.model.circle", what), "issue_from_circle", what
        )
        head = self.entity(leader)
        view = self.view()
        circle = self.circle(head.id, at, view=view)
        central = {
            row["id"]: float(row.get("eigenvector") or 0.0)
            for row in self.centrality(circle["at"], head.id, 500)["centrality"]
        }
        members = [m for m in circle["members"] if include_lost or m.get("presence") == "current"]
        records: list[dict[str, Any]] = []
        who = self.who(head.id, circle["at"], view=view)
        for item in [{**who, "presence": "current"}, *members]:
            entity_id = item["entity"]["id"]
            stored = self.repo.get_entity(entity_id)
            quotes = [
                {"text": q.text, "source": q.outlet, "date": q.date}
                for q in self.repo.quotes(speaker_id=entity_id)[:3]
            ]
            records.append(
                {
                    **item,
                    "name": item["entity"]["name"],
                    "aliases": list(stored.aliases) if stored else [],
                    "centrality": central.get(entity_id, 0.0),
                    "quotes": quotes,
                }
            )
        with stage_errors():
            issue, warnings = issue_from_circle(records, dict(positions))
        lost = [
            r["name"]
            for r in records
            if r.get("presence") != "current" and r["name"] in issue.names
        ]
        run_spec = dict(spec)
        if not run_spec.get("without") and include_lost:
            run_spec["without"] = lost
        result = self.run_issue(issue, run_spec)
        result["warnings"] = list(warnings)
        result["lost_members"] = lost
        result["circle"] = {"leader": circle["leader"], "at": circle["at"]}
        return result

    def run_issue(self, issue: Any, spec: Mapping[str, Any]) -> dict[str, Any]:
        """Point forecasts, Monte Carlo distributions (with histograms) and sensitivity of
        every chosen model, for the issue with and without `spec["without"]`."""
        what = "decision scenarios (innercircle.model)"
        scenario_mod = _module("innercircle.model.scenario", what)
        registry = _module("innercircle.model.registry", what)
        montecarlo = _module("innercircle.model.montecarlo", what)
        batch_class = _function(_module("innercircle.model.batch", what), "Batch", what)
        models = registry.MODELS
        draws = int(spec.get("draws") or 0)
        seed = int(spec.get("seed") or 0)
        removed = [str(n) for n in spec.get("without") or [] if str(n).strip()]
        with stage_errors():
            try:
                scen = scenario_mod.without(issue, removed) if removed else issue
            except KeyError as exc:
                raise ApiError(422, str(exc.args[0]) if exc.args else str(exc)) from exc
            names = registry.model_names(
                str(spec.get("model") or "all"), has_leader=scen.leader is not None
            )
            point = batch_class.from_issue(scen)
            base_point = batch_class.from_issue(issue)
            draws_now = montecarlo.sample(scen, draws, seed) if draws > 0 else None
            draws_base = montecarlo.sample(issue, draws, seed) if draws > 0 and removed else None
            lo, hi = float(issue.scale.low), float(issue.scale.high)
            results: dict[str, Any] = {}
            for name in names:
                info = models[name]
                forecast = float(info.run(point)[0])
                entry: dict[str, Any] = {"title": info.title, "forecast": forecast}
                if removed:
                    baseline = float(info.run(base_point)[0])
                    entry["baseline"] = baseline
                    entry["shift"] = forecast - baseline
                if draws_now is not None:
                    values = info.run(draws_now)
                    entry["distribution"] = plain(montecarlo.summarise(values).as_dict())
                    entry["histogram"] = histogram(values, lo, hi)
                    if draws_base is not None:
                        entry["histogram_baseline"] = histogram(info.run(draws_base), lo, hi)
                results[name] = entry
            sens_model = names[0]
            sens_base, sens = scenario_mod.sensitivity(scen, models[sens_model].run)
        return {
            "issue": issue.name,
            "description": issue.description,
            "scale": plain(issue.scale),
            "leader": scen.leader,
            "removed": removed,
            "actors": [
                {
                    "name": a.name,
                    "position": a.position,
                    "salience": a.salience,
                    "capability": a.capability,
                    "trust": a.trust,
                    "evidence": list(a.evidence),
                }
                for a in scen.actors
            ],
            "models": results,
            "draws": draws,
            "seed": seed,
            "sensitivity": {
                "model": sens_model,
                "forecast": float(sens_base),
                "without_each": [plain(x) for x in sens],
            },
        }

    # ------------------------------------------------------------------ ingestion

    def ingest(self, files: Sequence[tuple[str, bytes]], extract: bool) -> dict[str, Any]:
        """Ingest uploaded files with the corpus stage (clean, date, dedupe, extract, store).

        The files are written to a private temporary folder under their cleaned names (the
        corpus readers pick the format from the suffix) and ingested as one batch; uploads are
        serialised so near-duplicate linking sees every earlier document.
        """
        what = "ingestion (innercircle.corpus)"
        ingest_paths = _function(_module("innercircle.corpus.ingest", what), "ingest_paths", what)
        with self._ingest_lock:
            analyser, note = self._analyser() if extract else (None, "not requested")
            with tempfile.TemporaryDirectory(prefix="innercircle-upload-") as folder:
                paths = []
                for name, data in files:
                    path = Path(folder) / name
                    if path.exists():
                        raise ApiError(422, f"{name}: the same file name appears twice")
                    path.write_bytes(data)
                    paths.append(str(path))
                report = ingest_paths(
                    self.repo,
                    paths,
                    analyser=analyser,
                    max_bytes=max((len(d) for _, d in files), default=0) + 1,
                )
                summary = dict(plain(report.summary()))
            self.cache.clear()
        summary["extraction"] = "done" if analyser is not None else note
        for item in summary.get("documents", []) + summary.get("errors", []):
            source = str(item.get("source") or "")
            if source.startswith(folder):
                item["source"] = source[len(folder) :].lstrip("/")
        return summary

    def _analyser(self) -> tuple[Any, str]:
        """An analyser for one upload: the NLP extractor is loaded once per app, the store
        resolver is fresh (it must see entities stored since). None when unavailable."""
        try:
            pipeline = importlib.import_module("innercircle.pipeline")
            if self._extractor is None:
                self._extractor = pipeline.Analyser.create(self.repo, extract=True).extractor
            resolver_module = importlib.import_module("innercircle.resolve.store_resolver")
            return pipeline.Analyser(self._extractor, resolver_module.StoreResolver(self.repo)), ""
        except (ImportError, AttributeError, OSError) as exc:
            log.warning("extraction unavailable for uploads: %s", exc)
            return None, f"unavailable ({exc}); documents stored without extraction"

    def documents(self, ids: Sequence[str]) -> dict[str, Any]:
        return {d.id: d for d in self.repo.documents(ids)}
