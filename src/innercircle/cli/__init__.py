"""The `innercircle` command line: a thin layer over the stages.

Each stage's commands live in a module of this package with a `register(app)` function;
this module only builds the root app and its global options.
"""

from __future__ import annotations

from typing import Annotated

import typer

from innercircle.cli import common
from innercircle.cli import extract as extract_commands
from innercircle.cli import ingest as ingest_commands
from innercircle.cli import model as model_commands
from innercircle.cli import powermap as powermap_commands
from innercircle.cli import resolve as resolve_commands
from innercircle.cli import web as web_commands

app = typer.Typer(
    name="innercircle",
    help="Turn news articles into a sourced, time-aware map of a regime's power structure.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="INNERCIRCLE_DB",
            help="SQLite file path or database URL (postgresql+psycopg://...). "
            "Default ./innercircle.db",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug output.")] = False,
) -> None:
    """Global options shared by every command."""
    common.configure_logging(verbose)
    ctx.obj = common.CliState(db=db)


for module in (
    ingest_commands,
    extract_commands,
    resolve_commands,
    powermap_commands,
    model_commands,
    web_commands,
):
    module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
