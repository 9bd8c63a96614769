"""CLI commands of the resolve stage: analyst judgements (`same`, `different`, `undo`,
`judgements`), the review queue (`review`) and watchlists (`watchlist import FILE`).

Entity arguments are ids (merge redirects followed) or a unique name; an ambiguous name is an
error that lists the candidates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from innercircle.cli import common
from innercircle.records import Judgement

watchlist_app = typer.Typer(help="Known identities (CSV or FollowTheMoney entities).")

Reason = Annotated[str | None, typer.Option("--reason", help="Why (kept with the judgement).")]
Author = Annotated[str | None, typer.Option("--author", help="Who judges (default: $USER).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]


def _judgement_dict(j: Judgement) -> dict[str, object]:
    return {
        "id": j.id,
        "kind": j.kind,
        "subject": j.subject,
        "object": j.object,
        "author": j.author,
        "reason": j.reason,
        "created_at": j.created_at,
        "undone_at": j.undone_at,
    }


def _pair_command(
    ctx: typer.Context,
    kind: str,
    first: str,
    second: str,
    reason: str | None,
    author: str | None,
    as_json: bool,
) -> None:
    from innercircle.resolve.judgements import JudgementError, judge_different, judge_same

    repo = common.open_repository(ctx)
    try:
        apply = judge_same if kind == "same" else judge_different
        applied = apply(repo, first, second, author=author, reason=reason)
    except JudgementError as exc:
        common.err_console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    finally:
        repo.close()
    if as_json:
        common.print_json({**_judgement_dict(applied.judgement), "effect": applied.effect})
    else:
        common.console.print(f"judgement [bold]{applied.judgement.id}[/]: {applied.effect}")


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""

    @app.command("same")
    def same_command(
        ctx: typer.Context,
        first: Annotated[str, typer.Argument(help="Entity id or unique name (kept).")],
        second: Annotated[str, typer.Argument(help="Entity id or unique name (merged).")],
        reason: Reason = None,
        author: Author = None,
        as_json: AsJson = False,
    ) -> None:
        """Judge two entities the same: merge SECOND into FIRST (its id stays as a redirect)."""
        _pair_command(ctx, "same", first, second, reason, author, as_json)

    @app.command("different")
    def different_command(
        ctx: typer.Context,
        first: Annotated[str, typer.Argument(help="Entity id or unique name.")],
        second: Annotated[str, typer.Argument(help="Entity id or unique name.")],
        reason: Reason = None,
        author: Author = None,
        as_json: AsJson = False,
    ) -> None:
        """Judge two entities different: they can never be merged (until this is undone)."""
        _pair_command(ctx, "different", first, second, reason, author, as_json)

    @app.command("undo")
    def undo_command(
        ctx: typer.Context,
        judgement_id: Annotated[int, typer.Argument(help="Judgement id (see `judgements`).")],
        as_json: AsJson = False,
    ) -> None:
        """Undo a judgement (kept in the history); undoing a `same` splits the entities again."""
        from innercircle.resolve.judgements import JudgementError, undo

        repo = common.open_repository(ctx)
        try:
            applied = undo(repo, judgement_id)
        except JudgementError as exc:
            common.err_console.print(f"[red]error:[/] {exc}")
            raise typer.Exit(2) from exc
        finally:
            repo.close()
        if as_json:
            common.print_json({**_judgement_dict(applied.judgement), "effect": applied.effect})
        else:
            common.console.print(f"judgement [bold]{judgement_id}[/] undone: {applied.effect}")

    @app.command("judgements")
    def judgements_command(
        ctx: typer.Context,
        show_all: Annotated[bool, typer.Option("--all", help="Include undone judgements.")] = False,
        as_json: AsJson = False,
    ) -> None:
        """List analyst judgements (active ones unless --all)."""
        repo = common.open_repository(ctx)
        try:
            found = repo.judgements(active_only=not show_all)
        finally:
            repo.close()
        if as_json:
            common.print_json([_judgement_dict(j) for j in found])
            return
        table = Table(title="Judgements")
        for column in ("id", "kind", "subject", "object", "author", "when", "reason", "undone"):
            table.add_column(column)
        for j in found:
            table.add_row(
                str(j.id),
                j.kind,
                j.subject,
                j.object or "—",
                j.author,
                str(j.created_at)[:19] if j.created_at else "—",
                j.reason or "",
                str(j.undone_at)[:19] if j.undone_at else "",
            )
        common.console.print(table)

    @app.command("review")
    def review_command(
        ctx: typer.Context,
        limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many.")] = 20,
        as_json: AsJson = False,
    ) -> None:
        """Uncertain pairs of persons to judge, most informative first, with why."""
        from innercircle.resolve.review import uncertain_pairs

        repo = common.open_repository(ctx)
        try:
            pairs = uncertain_pairs(repo, limit=limit)
        finally:
            repo.close()
        if as_json:
            common.print_json([p.to_dict() for p in pairs])
            return
        table = Table(title="Review queue (judge with `same` / `different`)", show_lines=True)
        for column in ("score", "left", "right", "p(same)", "why"):
            table.add_column(column)
        for p in pairs:
            table.add_row(
                f"{p.score:.2f}",
                f"{p.left.name}\n[dim]{p.left.id}[/]",
                f"{p.right.name}\n[dim]{p.right.id}[/]",
                f"{p.probability:.2f}",
                p.explanation,
            )
        common.console.print(table)
        if not pairs:
            common.console.print("nothing to review")

    @watchlist_app.command("import")
    def watchlist_import(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help="CSV or FollowTheMoney JSON/JSON lines.")],
        as_json: AsJson = False,
    ) -> None:
        """Seed known identities; extraction then links mentions to them."""
        from innercircle.resolve.watchlist import import_watchlist

        if not file.is_file():
            common.err_console.print(f"[red]error:[/] no file {file}")
            raise typer.Exit(2)
        repo = common.open_repository(ctx)
        try:
            result = import_watchlist(repo, file)
        finally:
            repo.close()
        if as_json:
            common.print_json(
                {"created": result.created, "updated": result.updated, "errors": result.errors}
            )
        else:
            for line in result.errors:
                common.err_console.print(f"[red]error:[/] {line}")
            common.console.print(
                f"[bold]{len(result.created)}[/] created, {len(result.updated)} updated, "
                f"{len(result.errors)} error(s)"
            )
        if result.errors:
            raise typer.Exit(1)

    app.add_typer(watchlist_app, name="watchlist")
