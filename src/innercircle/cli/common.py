"""Helpers shared by the CLI modules: global state, database opening, output."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from typing import Any

import typer
from rich.console import Console
from rich.logging import RichHandler

from innercircle.store.repository import Repository
from innercircle.store.url import database_url

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    """What the root callback passes to every command via `ctx.obj`."""

    db: str | None = None


def configure_logging(verbose: bool) -> None:
    """Send library logging to stderr through rich."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err_console, show_path=False)],
        force=True,
    )


def db_url(ctx: typer.Context) -> str:
    """The database URL chosen by `--db` / INNERCIRCLE_DB / the default."""
    state = ctx.obj if isinstance(ctx.obj, CliState) else CliState()
    return database_url(state.db)


def open_repository(ctx: typer.Context) -> Repository:
    """Open (and migrate, if needed) the store for this command."""
    return Repository.open(db_url(ctx))


def print_json(data: Any) -> None:
    """Write `data` as JSON to stdout (dates and other objects via str)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
