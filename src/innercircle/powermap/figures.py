"""Static figures for reports: the network around a leader and a timeline of changes (PNG).

Drawn with matplotlib's object API on an Agg canvas (no pyplot, no display, no global state)
so reports can be built on servers. Layout comes from networkx; styling encodes entity type
(circle: person, square: organisation, diamond: group/position) and derived status (red:
killed/died/executed, orange: arrested/imprisoned, purple: dismissed/resigned/overthrown, grey
dashed edges: ties closed by those events). Returns PNG bytes; embedding is `render`'s job.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from datetime import date

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from innercircle.powermap.dates import period_start
from innercircle.powermap.queries import Change
from innercircle.records import EntityType

STATUS_COLOURS: dict[str, str] = {
    "active": "#2b6cb0",
    "wounded": "#3182ce",
    "killed": "#c53030",
    "died": "#c53030",
    "executed": "#c53030",
    "arrested": "#dd6b20",
    "imprisoned": "#dd6b20",
    "dismissed": "#805ad5",
    "resigned": "#805ad5",
    "overthrown": "#805ad5",
    "defected": "#805ad5",
}
TYPE_MARKERS: dict[str, str] = {
    EntityType.PERSON.value: "o",
    EntityType.ORGANIZATION.value: "s",
    EntityType.GROUP.value: "D",
    EntityType.POSITION.value: "D",
    EntityType.COUNTRY.value: "^",
}
ORG_COLOUR = "#a0aec0"
KIND_COLOURS: dict[str, str] = {
    "killed": "#c53030",
    "died": "#c53030",
    "executed": "#c53030",
    "wounded": "#e53e3e",
    "arrested": "#dd6b20",
    "imprisoned": "#dd6b20",
    "dismissed": "#805ad5",
    "resigned": "#805ad5",
    "overthrown": "#805ad5",
    "defected": "#805ad5",
    "appointed": "#2f855a",
    "elected": "#2f855a",
    "became_leader": "#2f855a",
    "joined": "#38a169",
    "left": "#718096",
    "sanctioned": "#b7791f",
}


def _png(fig: Figure) -> bytes:
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def _label(name: str) -> str:
    return "\n".join(textwrap.wrap(name, 18)) or name


def network_png(graph: nx.MultiDiGraph, center: str | None = None, title: str = "") -> bytes:
    """The graph drawn with status colours; `center` is drawn larger."""
    fig = Figure(figsize=(10, 8))
    ax = fig.subplots()
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=12)
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no ties known at this date", ha="center", va="center")
        return _png(fig)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from((u, w) for u, w in graph.edges())
    pos = nx.spring_layout(simple, seed=7, k=1.6 / max(1, simple.number_of_nodes()) ** 0.5)
    for u, w, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[w]
        closed = data.get("state") == "closed"
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#c53030" if closed else "#718096",
            linestyle="--" if closed else "-",
            linewidth=0.8 if closed else 1.0,
            alpha=0.6,
            zorder=1,
        )
    for node, data in graph.nodes(data=True):
        kind = str(data.get("type", ""))
        status = str(data.get("status") or "active")
        colour = STATUS_COLOURS.get(status, "#2b6cb0") if kind == "Person" else ORG_COLOUR
        size = 420 if node == center else 160
        ax.scatter(
            [pos[node][0]],
            [pos[node][1]],
            s=size,
            c=colour,
            marker=TYPE_MARKERS.get(kind, "o"),
            edgecolors="#1a202c",
            linewidths=0.6,
            zorder=2,
        )
        name = _label(str(data.get("name", node)))
        if kind == "Person" and status not in {"active", "wounded", ""}:
            name += f"\n({status})"
        ax.annotate(
            name,
            pos[node],
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            zorder=3,
        )
    handles = [
        Line2D([], [], marker="o", linestyle="", color=STATUS_COLOURS["active"], label="person"),
        Line2D([], [], marker="o", linestyle="", color=STATUS_COLOURS["killed"], label="killed"),
        Line2D(
            [], [], marker="o", linestyle="", color=STATUS_COLOURS["arrested"], label="arrested"
        ),
        Line2D(
            [], [], marker="o", linestyle="", color=STATUS_COLOURS["dismissed"], label="removed"
        ),
        Line2D([], [], marker="s", linestyle="", color=ORG_COLOUR, label="organisation"),
        Line2D([], [], marker="D", linestyle="", color=ORG_COLOUR, label="group / position"),
        Line2D([], [], color="#c53030", linestyle="--", label="tie closed"),
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    return _png(fig)


def _day_number(value: str) -> float:
    return float(date.fromisoformat(period_start(value)).toordinal())


def timeline_png(changes: Sequence[Change], title: str = "") -> bytes:
    """Dated changes on a time axis, one row per person, coloured by kind."""
    dated = [c for c in changes if c.date]
    people = list(dict.fromkeys(c.subject.name for c in dated))
    fig = Figure(figsize=(10, max(2.5, 0.45 * len(people) + 1.5)))
    ax = fig.subplots()
    if title:
        ax.set_title(title, fontsize=12)
    if not dated:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no dated changes in this period", ha="center", va="center")
        return _png(fig)
    rows = {name: i for i, name in enumerate(people)}
    xs = [_day_number(str(c.date)) for c in dated]
    for change, x in zip(dated, xs, strict=True):
        y = rows[change.subject.name]
        ax.scatter(
            [x],
            [y],
            s=70,
            c=KIND_COLOURS.get(change.kind, "#4a5568"),
            marker="x" if change.kind in {"killed", "died", "executed"} else "o",
            zorder=2,
        )
        ax.annotate(
            change.kind + ("" if change.date_known else " (reported)"),
            (x, y),
            xytext=(5, 5),
            textcoords="offset points",
            fontsize=7,
        )
    ax.set_yticks(range(len(people)))
    ax.set_yticklabels(people, fontsize=8)
    ax.set_ylim(-0.8, len(people) - 0.2)
    lo, hi = min(xs), max(xs)
    pad = max(2.0, (hi - lo) * 0.08)
    ax.set_xlim(lo - pad, hi + pad)
    ticks = sorted(set(xs))
    if len(ticks) > 8:
        step = max(1, len(ticks) // 8)
        ticks = ticks[::step]
    ax.set_xticks(ticks)
    ax.set_xticklabels(
        [date.fromordinal(int(t)).isoformat() for t in ticks], rotation=30, fontsize=7, ha="right"
    )
    ax.grid(axis="x", linestyle=":", alpha=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)
