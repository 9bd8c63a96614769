"""CLI commands of the extract stage: `innercircle extract PATH... [--format annotations --out
FILE]` (in memory, no database) and `innercircle extract --rerun` (re-extract stored documents).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from innercircle.cli import common
from innercircle.records import Document, Extraction

log = logging.getLogger(__name__)

FORMATS = ("annotations", "records")


def _collect(paths: Sequence[str], manifest: Path | None) -> tuple[list[Document], list[str]]:
    """Documents of `paths` through the corpus stage (clean, date, dedupe), and error lines."""
    from innercircle.corpus.collect import collect_documents

    result = collect_documents(list(paths), manifest=manifest)
    errors = [str(e) for e in result.errors]
    return result.documents, errors


def _resolve_ids(pairs: list[tuple[Document, Extraction]]) -> dict[tuple[str, str], str]:
    """Cross-document entity ids, resolved exactly as `ingest` would resolve them."""
    from innercircle.resolve import cluster_extractions

    return cluster_extractions(pairs)


def _records(pairs: list[tuple[Document, Extraction]]) -> dict[str, Any]:
    def plain(obj: Any) -> Any:
        return dataclasses.asdict(obj)

    return {
        "documents": [
            {"document": {**plain(d), "body": None}, "extraction": plain(x)} for d, x in pairs
        ]
    }


def _summary(pairs: list[tuple[Document, Extraction]]) -> Table:
    table = Table(title="Extracted")
    for col in ("document", "published", "entities", "mentions", "relations", "events", "quotes"):
        table.add_column(col)
    for doc, ext in pairs:
        events = sum(1 for s in ext.statements if s.is_event)
        table.add_row(
            Path(doc.source_path).name if doc.source_path else doc.id,
            doc.published.value or "—",
            str(len(ext.entities)),
            str(len(ext.mentions)),
            str(len(ext.statements) - events),
            str(events),
            str(len(ext.quotes)),
        )
    return table


def _rerun(ctx: typer.Context, model: str | None, pack: str | None, as_json: bool) -> None:
    """Re-extract every stored document; analyst statements and judgements are kept."""
    try:
        from innercircle.pipeline import Analyser
    except ImportError as exc:  # pragma: no cover - depends on other stages
        common.err_console.print(f"[red]error:[/] the pipeline is not available: {exc}")
        raise typer.Exit(2) from exc
    repo = common.open_repository(ctx)
    done = failed = 0
    try:
        try:
            analyser = Analyser.create(repo, extract=True, model=model, pack=pack)
        except ImportError as exc:
            common.err_console.print(f"[red]error:[/] resolution is not available: {exc}")
            raise typer.Exit(2) from exc
        for doc in list(repo.documents()):
            try:
                extraction, ids, new = analyser.analyse(doc)
                if extraction is not None:
                    repo.replace_extraction(doc.id, extraction, ids, new)
                    analyser.saved(ids)
                done += 1
            except Exception as exc:  # one bad document must not stop the batch
                failed += 1
                common.err_console.print(f"[red]error:[/] document {doc.id}: {exc}")
    finally:
        repo.close()
    if as_json:
        common.print_json({"reextracted": done, "failed": failed})
    else:
        common.console.print(f"[bold]{done}[/] document(s) re-extracted, {failed} failed")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""

    @app.command("extract")
    def extract_command(
        ctx: typer.Context,
        paths: Annotated[
            list[str] | None, typer.Argument(help="Files or folders of articles.")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="Output format: annotations | records.")
        ] = "annotations",
        out: Annotated[
            Path | None, typer.Option("--out", help="Write the output to this file.")
        ] = None,
        manifest: Annotated[
            Path | None, typer.Option("--manifest", help="CSV manifest (url, outlet, published).")
        ] = None,
        model: Annotated[str | None, typer.Option("--model", help="spaCy model name.")] = None,
        pack: Annotated[str | None, typer.Option("--pack", help="Country pack name.")] = None,
        n_process: Annotated[int, typer.Option("--n-process", min=1)] = 1,
        batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 16,
        rerun: Annotated[
            bool, typer.Option("--rerun", help="Re-extract the documents already stored.")
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")] = False,
    ) -> None:
        """Extract persons, organisations, posts, relations, events and quotes.

        Without --rerun, PATHs are read, cleaned, dated and de-duplicated in memory (no
        database) and the result is written as annotation JSON (data/gold/README.md format).
        """
        if rerun:
            _rerun(ctx, model, pack, as_json)
            return
        if not paths:
            common.err_console.print("[red]error:[/] give at least one PATH (or --rerun)")
            raise typer.Exit(2)
        if fmt not in FORMATS:
            common.err_console.print(f"[red]error:[/] --format must be one of {', '.join(FORMATS)}")
            raise typer.Exit(2)
        from innercircle.extract.nlp import DEFAULT_MODEL
        from innercircle.extract.pipeline import Extractor

        documents, errors = _collect(paths, manifest)
        for line in errors:
            common.err_console.print(f"[red]error:[/] {line}")
        extractor = Extractor(model=model or DEFAULT_MODEL, pack=pack or "iran")
        pairs: list[tuple[Document, Extraction]] = []
        failed: list[str] = []
        with Progress(
            TextColumn("extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=common.err_console,
            transient=True,
            disable=not sys.stderr.isatty(),
        ) as progress:
            task = progress.add_task("extract", total=len(documents))
            results = extractor.extract_many(documents, n_process=n_process, batch_size=batch_size)
            try:
                for doc, extraction in zip(documents, results, strict=True):
                    pairs.append((doc, extraction))
                    progress.advance(task)
            except Exception:  # one bad document must not stop the batch: redo one by one
                log.debug("batch extraction failed; retrying document by document", exc_info=True)
            done = {id(d) for d, _ in pairs}
            for doc in documents:
                if id(doc) in done:
                    continue
                try:
                    pairs.append((doc, extractor.extract(doc)))
                except Exception as exc:
                    failed.append(f"{doc.source_path or doc.id}: {type(exc).__name__}: {exc}")
                progress.advance(task)
        order = {id(d): i for i, d in enumerate(documents)}
        pairs.sort(key=lambda pair: order[id(pair[0])])
        if fmt == "annotations":
            from innercircle.extract.annotations import to_annotations

            data = to_annotations(pairs, _resolve_ids(pairs))
        else:
            data = _records(pairs)
        if out is not None:
            out.write_text(
                json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
            )
        if as_json:
            common.print_json(data)
        else:
            common.console.print(_summary(pairs))
            if out is not None:
                common.console.print(f"written to {out}")
        for line in failed:
            common.err_console.print(f"[red]extraction failed:[/] {line}")
        if errors or failed:
            common.err_console.print(f"[red]{len(errors) + len(failed)} input(s) failed[/]")
            raise typer.Exit(1)
