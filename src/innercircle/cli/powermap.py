"""CLI commands of the powermap stage: who, circle, changes, timeline, capacity, succession,
centrality, report, export, summary and `sources import|list`.

Each command is a thin layer over `innercircle.powermap`: it parses options, opens the store,
calls the library and prints a rich table (or JSON with `--json`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from innercircle.cli import common
from innercircle.powermap import analysis, export, queries
from innercircle.powermap.access import AmbiguousEntity, EntityNotFound, StoreView
from innercircle.powermap.evidence import Evidence
from innercircle.powermap.graph import as_of_graph
from innercircle.powermap.report import FORMATS as REPORT_FORMATS
from innercircle.powermap.report import build_report, write_report
from innercircle.powermap.sources import import_sources
from innercircle.records import EVENT_PREDICATES, EntityType
from innercircle.store.repository import Repository

T = TypeVar("T")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help="As of this date (YYYY, YYYY-MM or YYYY-MM-DD; default today)."),
]
PackOpt = Annotated[
    str | None,
    typer.Option("--pack", help="Country pack for domains (default: every bundled pack)."),
]

sources_app = typer.Typer(help="Outlets and their Admiralty reliability grades (A–F).")


@contextmanager
def _store(ctx: typer.Context) -> Iterator[Repository]:
    repo = common.open_repository(ctx)
    try:
        yield repo
    finally:
        repo.close()


def _run(func: Callable[[], T]) -> T:
    """Call `func`, turning lookup and date errors into a clear message and exit code 2."""
    try:
        return func()
    except (EntityNotFound, AmbiguousEntity, ValueError) as exc:
        common.err_console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


def _ev(evidence: list[Evidence], limit: int = 1) -> str:
    """The first evidence sentence(s) with outlet and date, for a table cell."""
    parts = []
    for ev in evidence[:limit]:
        sentence = (ev.sentence or "").strip()
        if len(sentence) > 160:
            sentence = sentence[:157] + "…"
        grade = f" {ev.grade}" if ev.grade else ""
        parts.append(f"“{sentence}” — {ev.outlet or '?'} {ev.published or ''}{grade}".rstrip())
    return "\n".join(parts)


def _print_contradictions(items: list[Any]) -> None:
    if not items:
        return
    table = Table(title="Contradictions (kept side by side)", show_lines=True)
    table.add_column("What")
    table.add_column("Side")
    table.add_column("Sources", justify="right")
    table.add_column("Evidence")
    for con in items:
        for i, side in enumerate(con.sides):
            label = f"{side.predicate} {side.when or 'undated'}" + (
                " (denied)" if side.negated else ""
            )
            table.add_row(
                con.summary if i == 0 else "",
                label,
                str(side.corroboration.stories),
                _ev(side.evidence),
            )
    common.console.print(table)


# ---------------------------------------------------------------------- commands


def who(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="Entity id or name.")],
    at: AtOpt = None,
    pack: PackOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Posts, ties, events, quotes and aliases of ENTITY, with evidence."""
    with _store(ctx) as repo:
        result = _run(lambda: queries.who(repo, entity, at=at, view=StoreView(repo, pack=pack)))
    if as_json:
        common.print_json(result.to_dict())
        return
    c = common.console
    st = result.status
    status = (
        st.state + (f" since {st.date}" if st.date else "") + (" (disputed)" if st.disputed else "")
    )
    c.print(
        f"[bold]{result.entity.name}[/] ({result.entity.type}, {result.entity.id})"
        f" — as of {result.at}"
    )
    c.print(f"Status: [bold]{status}[/]")
    if result.aliases:
        c.print("Also written: " + ", ".join(result.aliases))
    if result.domains:
        c.print(
            "Domains: " + ", ".join(f"{d.label} ({', '.join(d.matched)})" for d in result.domains)
        )
    for title, ties in (("Posts", result.posts), ("Ties", result.ties)):
        if not ties:
            continue
        table = Table(title=title, show_lines=True)
        for col in ("Tie", "State", "Since", "Sources", "Evidence"):
            table.add_column(col, justify="right" if col == "Sources" else "left")
        for t in ties:
            since = t.start or (f"≤{t.first_reported}" if t.first_reported else "?")
            state = t.state + (f" ({t.closed_by})" if t.closed_by else "")
            table.add_row(t.describe(), state, since, t.corroboration.label(), _ev(t.evidence))
        c.print(table)
    if result.events:
        table = Table(title="Events", show_lines=True)
        for col in ("Date", "Event", "Sources", "Evidence"):
            table.add_column(col)
        for e in result.events:
            when = (e.date or "?") + ("" if e.date_known else " (reported)")
            table.add_row(when, e.describe(), e.corroboration.label(), _ev(e.evidence))
        c.print(table)
    if result.quotes:
        table = Table(title="Quotes")
        for col in ("Date", "Quote", "Outlet"):
            table.add_column(col)
        for q in result.quotes:
            table.add_row(q.date or "?", f"“{q.text}”", q.outlet or "?")
        c.print(table)
    _print_contradictions(result.contradictions)


def circle(
    ctx: typer.Context,
    leader: Annotated[str, typer.Argument(help="Leader: entity id or name.")],
    at: AtOpt = None,
    lost_since: Annotated[
        str | None,
        typer.Option("--lost-since", help="List members lost since this date (default: a year)."),
    ] = None,
    pack: PackOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The inner circle and advisers of LEADER: ties, domain, status and sources."""
    with _store(ctx) as repo:
        result = _run(
            lambda: queries.circle(
                repo, leader, at=at, lost_since=lost_since, view=StoreView(repo, pack=pack)
            )
        )
    if as_json:
        common.print_json(result.to_dict())
        return
    table = Table(
        title=f"Circle of {result.leader.name} as of {result.at} "
        f"(losses since {result.lost_since})",
        show_lines=True,
    )
    for col in ("Name", "Ties", "Domain", "Status", "Current posts", "Sources", "Evidence"):
        table.add_column(col, justify="right" if col == "Sources" else "left")
    for m in result.members:
        status = m.status.state + (f" {m.status.date}" if m.status.date else "")
        if m.presence == "left":
            status = "left the circle"
        style = "red" if m.presence != "current" else None
        posts = "; ".join(t.describe() for t in m.posts if t.state == "current") or "—"
        table.add_row(
            m.entity.name,
            ", ".join(m.kinds),
            m.domain_label or "—",
            f"[{style}]{status}[/]" if style else status,
            posts,
            m.corroboration.label(),
            _ev(m.evidence),
        )
    common.console.print(table)
    if result.by_law:
        names = ", ".join(sorted(i.name for i in result.institutions if i.id in result.by_law))
        reason = next(iter(result.by_law.values()))
        common.console.print(f"By law, not from an article: {names} — {reason}")
    _print_contradictions(result.contradictions)


def changes(
    ctx: typer.Context,
    start: Annotated[str, typer.Option("--from", help="First day of the period.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period.")],
    around: Annotated[
        str | None, typer.Option("--around", help="Only the circle of this leader.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Who joined, left, was killed, arrested, appointed ... between two dates."""
    with _store(ctx) as repo:
        result = _run(lambda: queries.changes(repo, start, end, around=around))
    if as_json:
        common.print_json(result.to_dict())
        return
    scope = f" around {result.around.name}" if result.around else ""
    table = Table(title=f"Changes{scope}, {result.start} to {result.end}", show_lines=True)
    for col in ("Date", "Change", "Sources", "Evidence"):
        table.add_column(col)
    for ch in result.changes:
        text = ch.description + (f"\n[dim]ends: {'; '.join(ch.closes)}[/]" if ch.closes else "")
        table.add_row(ch.date or "?", text, ch.corroboration.label(), _ev(ch.evidence))
    for ch in result.undated:
        table.add_row(
            f"≤{ch.date} (reported)", ch.description, ch.corroboration.label(), _ev(ch.evidence)
        )
    common.console.print(table)
    _print_contradictions(result.contradictions)


def timeline(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="Entity id or name.")],
    as_json: JsonOpt = False,
) -> None:
    """ENTITY's history: events, ties starting and ending, quotes."""
    with _store(ctx) as repo:
        result = _run(lambda: queries.timeline(repo, entity))
    if as_json:
        common.print_json(result.to_dict())
        return
    table = Table(title=f"Timeline of {result.entity.name}", show_lines=True)
    for col in ("Date", "What", "Sources", "Evidence"):
        table.add_column(col)
    for item in result.items:
        when = (item.date or "undated") + ("" if item.date_known else f" ({item.kind})")
        sources = item.corroboration.label() if item.corroboration else ""
        table.add_row(when, item.description, sources, _ev(item.evidence))
    common.console.print(table)
    _print_contradictions(result.contradictions)


def capacity(
    ctx: typer.Context,
    leader: Annotated[str, typer.Argument(help="Leader: entity id or name.")],
    start: Annotated[str, typer.Option("--from", help="First day of the period.")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period.")],
    pack: PackOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Capacity LEADER lost per domain between two dates (lost vs remaining)."""
    with _store(ctx) as repo:
        result = _run(
            lambda: analysis.capacity_lost(
                repo, leader, start, end, view=StoreView(repo, pack=pack)
            )
        )
    if as_json:
        common.print_json(result.to_dict())
        return
    table = Table(
        title=f"Capacity lost by {result.leader.name}, {result.start} to {result.end}",
        show_lines=True,
    )
    for col in ("Domain", "Lost", "Remaining", "Share lost", "Verdict"):
        table.add_column(col)
    for d in [*result.domains, result.unassigned]:
        lost = "\n".join(
            f"{r.name} ({r.status} {r.status_date or ''})".replace(" )", ")") for r in d.lost
        )
        remaining = "\n".join(r.name + ("" if r.primary else " (secondary)") for r in d.remaining)
        verdict = f"[red]{d.verdict}[/]" if d.verdict in {"hollowed out", "emptied"} else d.verdict
        table.add_row(d.label, lost or "—", remaining or "—", f"{d.share_lost:.0%}", verdict)
    common.console.print(table)


def succession(
    ctx: typer.Context,
    leader: Annotated[str, typer.Argument(help="Leader: entity id or name.")],
    at: AtOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="How many candidates.")] = 10,
    pack: PackOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Succession candidates for LEADER, ranked by an explainable score."""
    with _store(ctx) as repo:
        result = _run(
            lambda: analysis.succession(
                repo, leader, at=at, limit=limit, view=StoreView(repo, pack=pack)
            )
        )
    if as_json:
        common.print_json([c.to_dict() for c in result])
        return
    table = Table(title="Succession candidates", show_lines=True)
    for col in ("Rank", "Name", "Score", "Why"):
        table.add_column(col)
    for cand in result:
        table.add_row(str(cand.rank), cand.entity.name, f"{cand.score:g}", cand.explanation)
    common.console.print(table)


def centrality(
    ctx: typer.Context,
    at: AtOpt = None,
    around: Annotated[
        str | None, typer.Option("--around", help="Only the network around this entity.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many rows.")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Most central people and brokers of the network as of a date."""
    with _store(ctx) as repo:
        graph = _run(lambda: as_of_graph(repo, at, around=around))
    rows = [r for r in analysis.centrality(graph) if r.type == EntityType.PERSON.value][:limit]
    found = analysis.brokers(graph, limit=limit)
    if as_json:
        common.print_json(
            {"centrality": [r.to_dict() for r in rows], "brokers": [b.to_dict() for b in found]}
        )
        return
    table = Table(title=f"Centrality as of {graph.graph['at']}")
    for col in ("Name", "Status", "Degree", "Betweenness", "Eigenvector"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r.name, r.status, f"{r.degree:.3f}", f"{r.betweenness:.3f}", f"{r.eigenvector:.3f}"
        )
    common.console.print(table)
    if found:
        table = Table(title="Brokers (link otherwise separate groups)")
        for col in ("Name", "Betweenness", "Links", "Cut vertex"):
            table.add_column(col)
        for b in found:
            table.add_row(
                b.name,
                f"{b.betweenness:.3f}",
                "; ".join(b.communities),
                "yes" if b.cut_vertex else "",
            )
        common.console.print(table)


def report(
    ctx: typer.Context,
    leader: Annotated[str, typer.Argument(help="Leader: entity id or name.")],
    at: AtOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "html",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (default: stdout).")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Start of the change period (default: 30 days).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="End of the change period.")] = None,
    pack: PackOpt = None,
) -> None:
    """A self-contained report on LEADER: circle, changes, capacity lost, figures, citations."""
    if fmt not in REPORT_FORMATS:
        common.err_console.print(f"[red]error:[/] --format {fmt!r}: use md or html")
        raise typer.Exit(2)
    with _store(ctx) as repo:
        built = _run(
            lambda: build_report(
                repo, leader, at=at, start=start, end=end, view=StoreView(repo, pack=pack)
            )
        )
    text = write_report(built, fmt, out)
    if out is None:
        common.console.out(text, highlight=False)
    else:
        common.err_console.print(f"Report written to {out}")


def export_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(export.FORMATS)}.")],
    out: Annotated[Path, typer.Option("--out", help="Output file (a folder for csv).")],
    at: AtOpt = None,
    around: Annotated[
        str | None, typer.Option("--around", help="Only the network around this entity.")
    ] = None,
    depth: Annotated[int, typer.Option("--depth", help="Steps from --around.")] = 2,
    include_closed: Annotated[
        bool, typer.Option("--include-closed", help="Keep ties closed by deaths/dismissals.")
    ] = False,
) -> None:
    """Export the as-of graph (GraphML, GEXF, CSV, Cytoscape JSON) or FtM entities."""
    if fmt not in export.FORMATS:
        common.err_console.print(
            f"[red]error:[/] --format {fmt!r}: use {', '.join(export.FORMATS)}"
        )
        raise typer.Exit(2)
    with _store(ctx) as repo:
        if fmt == "ftm":
            written = export.write_ftm(repo, out)
        else:
            graph = _run(
                lambda: as_of_graph(
                    repo, at, around=around, depth=depth, include_closed=include_closed
                )
            )
            written = export.write_graph(graph, fmt, out)
    for path in written:
        common.err_console.print(f"wrote {path}")


def summary(
    ctx: typer.Context,
    examples: Annotated[int, typer.Option("--examples", help="Sourced statements to show.")] = 8,
    as_json: JsonOpt = False,
) -> None:
    """What the store holds: documents, entities, statements and quotes by kind, and a few
    sourced statements."""
    with _store(ctx) as repo:
        data = store_summary(repo, examples)
    if as_json:
        common.print_json(data)
        return
    c = common.console
    c.print(
        f"[bold]{data['documents']}[/] documents ({data['duplicates']} duplicates), "
        f"[bold]{data['entities_total']}[/] entities, [bold]{data['statements_total']}[/] "
        f"statements, [bold]{data['quotes']}[/] quotes"
    )
    for title, key in (("Entities by type", "entities"), ("Statements by predicate", "statements")):
        table = Table(title=title)
        table.add_column("Kind")
        table.add_column("Count", justify="right")
        for kind, count in data[key].items():
            table.add_row(kind, str(count))
        c.print(table)
    table = Table(title="Some sourced statements", show_lines=True)
    for col in ("Statement", "Date", "Evidence"):
        table.add_column(col)
    for ex in data["examples"]:
        table.add_row(ex["statement"], ex["date"] or "?", f"“{ex['sentence']}” — {ex['outlet']}")
    c.print(table)


def store_summary(repo: Repository, examples: int = 8) -> dict[str, Any]:
    """Counts by kind and a few sourced statements (one per predicate, events first)."""
    view = StoreView(repo)
    entities = repo.entities()
    view.preload_entities(entities)
    statements = repo.statements()
    docs = list(repo.documents())
    by_type = Counter(e.type.value for e in entities)
    by_predicate = Counter(s.predicate for s in statements)
    picked: list[dict[str, Any]] = []
    seen: set[str] = set()
    ordered = sorted(
        (s for s in statements if s.evidence_text),
        key=lambda s: (s.predicate not in EVENT_PREDICATES, -s.confidence, s.id),
    )
    for stmt in ordered:
        if len(picked) >= examples:
            break
        if stmt.predicate in seen or stmt.predicate in {"statement", "located_in"}:
            continue
        seen.add(stmt.predicate)
        role = f" ({stmt.role})" if stmt.role else ""
        verb = stmt.predicate.replace("_", " ")
        if stmt.object_id and stmt.predicate in EVENT_PREDICATES:  # the object is the agent
            text = f"{view.name(stmt.subject_id)} {verb}{role} by {view.name(stmt.object_id)}"
        else:
            obj = f" {view.name(stmt.object_id)}" if stmt.object_id else ""
            text = f"{view.name(stmt.subject_id)} {verb}{obj}{role}"
        picked.append(
            {
                "statement": text,
                "date": stmt.valid_from or stmt.reported_at,
                "sentence": stmt.evidence_text,
                "outlet": stmt.outlet,
                "statement_id": stmt.id,
            }
        )
    return {
        "documents": len(docs),
        "duplicates": sum(1 for d in docs if d.duplicate_of),
        "entities_total": len(entities),
        "entities": dict(by_type.most_common()),
        "statements_total": len(statements),
        "statements": dict(by_predicate.most_common()),
        "quotes": len(repo.quotes()),
        "examples": picked,
    }


@sources_app.command("import")
def sources_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="YAML or CSV: outlet, grade (A–F), affiliation.")],
    as_json: JsonOpt = False,
) -> None:
    """Load outlet grades from FILE into the store (bad rows are reported, the rest stored)."""
    if not file.is_file():
        common.err_console.print(f"[red]error:[/] {file}: no such file")
        raise typer.Exit(2)
    with _store(ctx) as repo:
        result = import_sources(repo, file)
    if as_json:
        common.print_json({"imported": len(result.sources), "errors": result.errors})
    else:
        common.console.print(f"{len(result.sources)} source(s) imported from {file}")
    for error in result.errors:
        common.err_console.print(f"[red]error:[/] {error}")
    if result.errors:
        common.err_console.print(f"[red]{len(result.errors)} row(s) failed[/]")
        raise typer.Exit(1)


@sources_app.command("list")
def sources_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Outlets with their grades."""
    with _store(ctx) as repo:
        found = repo.sources()
    if as_json:
        common.print_json([s.__dict__ for s in found.values()])
        return
    table = Table(title="Sources")
    for col in ("Outlet", "Grade", "Affiliation", "Notes"):
        table.add_column(col)
    for src in sorted(found.values(), key=lambda s: s.outlet.casefold()):
        table.add_row(src.outlet, src.grade or "—", src.affiliation or "", src.notes or "")
    common.console.print(table)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""
    app.command("who")(who)
    app.command("circle")(circle)
    app.command("changes")(changes)
    app.command("timeline")(timeline)
    app.command("capacity")(capacity)
    app.command("succession")(succession)
    app.command("centrality")(centrality)
    app.command("report")(report)
    app.command("export")(export_command)
    app.command("summary")(summary)
    app.add_typer(sources_app, name="sources")
