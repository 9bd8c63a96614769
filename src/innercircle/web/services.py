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
import threading
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from types import ModuleType
from typing import Any

from innercircle.records import StoredEntity
from innercircle.store.repository import Repository
from innercircle.web.errors import ApiError
from innercircle.web.settings import WebSettings

log = logging.getLogger(__name__)


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
        self._analyser: Any = None
        self._analyser_lock = threading.Lock()

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
        """The leader configured for this server (`serve --leader`), if any and found."""
        if not self.settings.default_leader:
            return None
        try:
            return self.entity(self.settings.default_leader)
        except ApiError:
            log.warning("default leader %r not found in the store", self.settings.default_leader)
            return None

    def sources(self) -> dict[str, dict[str, Any]]:
        return {k: plain(v) for k, v in self.repo.sources().items()}

    # ------------------------------------------------------------------ power map

    def _powermap(self, module: str, function: str) -> Any:
        what = f"the power map ({module}.{function})"
        return _function(_module(f"innercircle.powermap.{module}", what), function, what)

    def graph(self, at: str | None, around: str | None = None) -> dict[str, Any]:
        """The as-of graph in Cytoscape JSON (optionally the neighbourhood of `around`)."""
        as_of_graph = self._powermap("graph", "as_of_graph")
        to_cytoscape = self._powermap("graph", "cytoscape_json")
        graph = as_of_graph(self.repo, at)
        if around is not None:
            centre = self.entity(around).id
            ego = getattr(_module("innercircle.powermap.graph", "the power map"), "ego_graph", None)
            if callable(ego):
                graph = ego(graph, centre)
            else:
                import networkx as nx

                if centre in graph:
                    graph = nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=2)
                    graph = as_of_graph(self.repo, at).subgraph(graph.nodes).copy()
        return dict(plain(to_cytoscape(graph)))

    def who(self, ref: str, at: str | None) -> dict[str, Any]:
        entity = self.entity(ref)
        who = self._powermap("queries", "who")
        return dict(plain(who(self.repo, entity.id, at=at)))

    def circle(self, ref: str, at: str | None) -> dict[str, Any]:
        entity = self.entity(ref)
        circle = self._powermap("queries", "circle")
        return dict(plain(circle(self.repo, entity.id, at=at)))

    def changes(self, start: str, end: str, around: str | None) -> dict[str, Any]:
        changes = self._powermap("queries", "changes")
        centre = self.entity(around).id if around else None
        return dict(plain(changes(self.repo, start, end, around=centre)))

    def timeline(self, ref: str) -> dict[str, Any]:
        entity = self.entity(ref)
        timeline = self._powermap("queries", "timeline")
        return dict(plain(timeline(self.repo, entity.id)))

    def capacity_lost(self, ref: str, start: str, end: str) -> dict[str, Any]:
        entity = self.entity(ref)
        capacity_lost = self._powermap("analysis", "capacity_lost")
        return dict(plain(capacity_lost(self.repo, entity.id, start, end)))

    def centrality(self, at: str | None, limit: int) -> dict[str, Any]:
        centrality = self._powermap("analysis", "centrality")
        return dict(plain(centrality(self.repo, at=at, limit=limit)))

    def succession(self, ref: str, at: str | None) -> dict[str, Any]:
        entity = self.entity(ref)
        succession = self._powermap("analysis", "succession")
        return dict(plain(succession(self.repo, entity.id, at=at)))

    def report(self, ref: str, at: str | None, fmt: str, start: str | None, end: str | None) -> str:
        entity = self.entity(ref)
        render = self._powermap("report", "render")
        result = render(self.repo, entity.id, at=at, fmt=fmt, start=start, end=end)
        return str(result)

    # ------------------------------------------------------------------ resolution

    def review_queue(self, limit: int) -> list[dict[str, Any]]:
        what = "the review queue (innercircle.resolve)"
        review = _function(_module("innercircle.resolve.judgements", what), "review", what)
        return [dict(plain(item)) for item in review(self.repo, limit=limit)]

    def judge(self, kind: str, a: str, b: str, author: str, reason: str | None) -> dict[str, Any]:
        what = f"'{kind}' judgements (innercircle.resolve)"
        module = _module("innercircle.resolve.judgements", what)
        first, second = self.entity(a), self.entity(b)
        fn = _function(module, kind, what)
        return dict(plain(fn(self.repo, first.id, second.id, author=author, reason=reason)))

    def undo(self, judgement_id: int, author: str) -> dict[str, Any]:
        what = "undoing judgements (innercircle.resolve)"
        fn = _function(_module("innercircle.resolve.judgements", what), "undo", what)
        return dict(plain(fn(self.repo, judgement_id, author=author)))

    def judgements(self, active_only: bool) -> list[dict[str, Any]]:
        return [dict(plain(j)) for j in self.repo.judgements(active_only=active_only)]

    # ------------------------------------------------------------------ models

    def models(self) -> list[str]:
        what = "decision models (innercircle.model)"
        module = _module("innercircle.model.scenario", what)
        names = getattr(module, "MODELS", None)
        if names is None:
            raise Unavailable(what, "innercircle.model.scenario.MODELS does not exist")
        return sorted(str(n) for n in names)

    def scenario(self, spec: Mapping[str, Any]) -> dict[str, Any]:
        what = "decision scenarios (innercircle.model)"
        fn = _function(_module("innercircle.model.scenario", what), "run", what)
        return dict(plain(fn(dict(spec))))

    # ------------------------------------------------------------------ ingestion

    def ingest(self, name: str, data: bytes, extract: bool) -> dict[str, Any]:
        raise Unavailable("ingestion", "not wired yet")

    def documents(self, ids: Sequence[str]) -> dict[str, Any]:
        return {d.id: d for d in self.repo.documents(ids)}
