"""CLI commands of the ingest stage: `innercircle ingest PATH...`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from innercircle.cli import common
from innercircle.corpus.collect import BatchItem
from innercircle.corpus.errors import ItemError, ReadError
from innercircle.corpus.ingest import DocumentAnalyser, DocumentOutcome, IngestReport, ingest_paths
from innercircle.corpus.manifest import Manifest
from innercircle.corpus.readers import DEFAULT_MAX_BYTES
from innercircle.store.repository import Repository

log = logging.getLogger(__name__)

_TABLE_LIMIT = 60  # above this many documents only the totals are shown


def _analyser(repo: Repository) -> DocumentAnalyser | None:
    """The extraction + resolution pipeline, or None (with a warning) if it cannot load."""
    try:
        from innercircle.pipeline import Analyser

        return Analyser.create(repo, extract=True)
    except ImportError as exc:
        common.err_console.print(
            f"[yellow]warning:[/] extraction is not available ({exc}); "
            "documents are stored without extraction"
        )
        return None


def _print_report(report: IngestReport) -> None:
    console = common.console
    relinked = {link.duplicate: link for link in report.relinked}
    if report.documents and len(report.documents) <= _TABLE_LIMIT:
        table = Table(title="Ingested documents", box=box.SIMPLE_HEAD)
        table.add_column("id", no_wrap=True)
        table.add_column("file", no_wrap=True, overflow="ellipsis", max_width=22)
        table.add_column("published", overflow="fold")
        table.add_column("status", min_width=14, overflow="fold")
        for doc in report.documents:
            notes = [doc.status]
            link = relinked.get(doc.id)
            if doc.duplicate_of:
                notes.append(f"duplicate of {doc.duplicate_of} ({doc.duplicate_score:.2f})")
            elif link is not None:
                notes.append(f"duplicate of {link.original} ({link.score:.2f})")
            if doc.revision_of:
                notes.append(f"revision of {doc.revision_of}")
            table.add_row(
                doc.id,
                Path(doc.source).name if doc.source != "-" else "-",
                f"{doc.published or '—'} ({doc.published_method})",
                ", ".join(notes),
            )
        console.print(table)
    dups = sum(1 for d in report.documents if d.duplicate_of) + len(report.relinked)
    revisions = sum(1 for d in report.documents if d.revision_of)
    console.print(
        f"[bold]{report.stored}[/] stored, {report.unchanged} unchanged, {revisions} revision(s), "
        f"{dups} near-duplicate link(s), "
        + (f"[red]{report.failed} failed[/]" if report.failed else "0 failed")
    )
    for error in report.errors:
        common.err_console.print(f"[red]error:[/] {error}", highlight=False)
    if report.interrupted:
        common.err_console.print(
            "[yellow]interrupted[/]: documents before the interrupt are stored; "
            "the one in progress was rolled back"
        )


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (recursive), glob patterns, or - for stdin."),
    ],
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="A collection sheet (CSV: file,url,outlet,published,title,language) "
            "whose values fill what the articles lack. A folder's manifest.csv is read anyway.",
        ),
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Store documents without running extraction.")
    ] = False,
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes", min=1, help="Reject inputs (files, JSONL lines) above this size."
        ),
    ] = DEFAULT_MAX_BYTES,
    json_output: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Read, clean, date, de-duplicate and store articles (then extract and resolve them)."""
    if not logging.getLogger().isEnabledFor(logging.DEBUG):
        logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its per-page chatter
    if manifest is not None:
        try:
            Manifest.load(manifest)  # fail before anything is loaded or stored
        except ReadError as exc:
            where = f"{manifest}:{exc.line}" if exc.line else str(manifest)
            common.err_console.print(f"[red]error:[/] {where}: {exc.message}")
            raise typer.Exit(2) from exc
    repo = common.open_repository(ctx)
    try:
        analyser = None if no_extract else _analyser(repo)
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeElapsedColumn(),
            console=common.err_console,
            transient=True,
            disable=json_output,
        )
        counts = {"stored": 0, "unchanged": 0, "failed": 0}

        def advance(item: BatchItem, result: DocumentOutcome | ItemError) -> None:
            key = "failed" if isinstance(result, ItemError) else result.status
            counts[key] = counts.get(key, 0) + 1
            progress.update(
                task,
                advance=item.size,
                description=f"{counts['stored']} stored · {counts['unchanged']} unchanged · "
                f"{counts['failed']} failed",
            )

        with progress:
            task = progress.add_task("reading", total=None)
            report = ingest_paths(
                repo,
                paths,
                manifest=manifest,
                max_bytes=max_bytes,
                analyser=analyser,
                stdin=sys.stdin.buffer,
                progress=advance,
                on_start=lambda total: progress.update(task, total=total or None),
            )
    finally:
        repo.close()
    if json_output:
        common.print_json(report.summary())
    else:
        _print_report(report)
    if report.interrupted:
        raise typer.Exit(130)
    if report.failed:
        if not json_output:
            common.err_console.print(f"[red]{report.failed} item(s) failed[/]")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""
    app.command("ingest")(ingest)
