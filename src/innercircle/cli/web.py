"""CLI commands of the web stage: `serve` and `token create|list|revoke`."""

from __future__ import annotations

import getpass
import ipaddress
import re
from typing import Annotated

import typer
from rich.table import Table

from innercircle.cli import common
from innercircle.web.auth_store import AuthStore, Role

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""Host names accepted when serving on loopback (DNS-rebinding protection)."""

token_app = typer.Typer(
    help="Manage API tokens for the web app and REST API.", no_args_is_help=True
)


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            help="Address to bind. Anything but loopback exposes the "
            "store to the network: put TLS in front."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    leader: Annotated[
        str | None,
        typer.Option(
            help="Entity (id or name) the graph and circle pages open on; default: the holder "
            "of the post the country pack's institutions answer to by law."
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            help="Date (YYYY-MM-DD) the pages open on; default: the newest article's date "
            "if before today, else today."
        ),
    ] = None,
    anonymous_read: Annotated[
        bool, typer.Option(help="Let requests without a token read (never write).")
    ] = False,
    secure_cookies: Annotated[
        bool, typer.Option(help="Session cookie over HTTPS only (behind a TLS proxy).")
    ] = False,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Store uploads without running extraction.")
    ] = False,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Server processes.")] = 1,
    threads: Annotated[int, typer.Option(min=1, max=200, help="Request threads per process.")] = 40,
    cache_seconds: Annotated[
        float,
        typer.Option(
            min=0,
            help="Reuse power-map answers this long (0: off); dropped when the store changes.",
        ),
    ] = 30.0,
) -> None:
    """Serve the web UI and REST API (OpenAPI schema at /openapi.json)."""
    import os

    import uvicorn

    from innercircle.web.settings import WebSettings

    if at is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", at):
        common.err_console.print(f"[red]--at must be YYYY, YYYY-MM or YYYY-MM-DD, not {at!r}[/]")
        raise typer.Exit(2)
    url = common.db_url(ctx)
    repo = common.open_repository(ctx)  # migrate once, before workers start
    auth = AuthStore(repo.engine)
    if not auth.tokens(include_revoked=False) and not anonymous_read:
        common.err_console.print(
            "[yellow]No API token exists yet:[/] create one with "
            "`innercircle token create --role admin --name me`, then log in with it."
        )
    repo.close()
    if not _is_loopback(host):
        common.err_console.print(
            f"[bold yellow]Warning:[/] binding to {host} exposes the store beyond this machine; "
            "use TLS in front and --secure-cookies."
        )
    settings = WebSettings(
        anonymous_read=anonymous_read,
        cookie_secure=secure_cookies,
        extract_uploads=not no_extract,
        default_leader=leader,
        default_at=at,
        cache_seconds=cache_seconds,
        threads=threads,
        allowed_hosts=LOOPBACK_HOSTS if _is_loopback(host) else (),
    )
    os.environ["INNERCIRCLE_WEB_DB"] = url
    os.environ["INNERCIRCLE_WEB_SETTINGS"] = settings_to_env(settings)
    common.console.print(f"innercircle on http://{host}:{port}/  (store: {_redact(url)})")
    uvicorn.run(
        "innercircle.web.server:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        server_header=False,
    )


def settings_to_env(settings: object) -> str:
    import dataclasses
    import json

    assert dataclasses.is_dataclass(settings) and not isinstance(settings, type)
    data = dataclasses.asdict(settings)
    data["session_ttl"] = data["session_ttl"].total_seconds()
    return json.dumps(data)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # pragma: no cover - an unparsable URL is shown as typed
        return url


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    role: Annotated[
        Role,
        typer.Option(
            help="viewer: read; analyst: + ingest, judge, scenarios; admin: + manage tokens"
        ),
    ],
    name: Annotated[str | None, typer.Option(help="Who or what will use it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create an API token; the secret is printed once and only its hash is stored."""
    with common.open_repository(ctx) as repo:
        auth = AuthStore(repo.engine)
        actor = _cli_actor()
        info, secret = auth.create_token(name or f"{role.value}-token", role, created_by=actor)
        auth.record(
            actor,
            "token.create",
            str(info.id),
            {"name": info.name, "role": info.role.value},
            role="cli",
        )
    if as_json:
        common.print_json({**info.to_dict(), "token": secret})
        return
    common.console.print(
        f"Created {info.role.value} token #{info.id} ({info.name}). "
        "Copy it now, it is not shown again:"
    )
    common.console.print(secret, markup=False, highlight=False, soft_wrap=True)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    all_tokens: Annotated[bool, typer.Option("--all", help="Include revoked tokens.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List tokens (never their secrets)."""
    with common.open_repository(ctx) as repo:
        tokens = AuthStore(repo.engine).tokens(include_revoked=all_tokens)
    if as_json:
        common.print_json([t.to_dict() for t in tokens])
        return
    table = Table("id", "name", "role", "starts with", "created", "last used", "revoked")
    for t in tokens:
        table.add_row(
            str(t.id),
            t.name,
            t.role.value,
            t.prefix + "…",
            t.created_at.strftime("%Y-%m-%d %H:%M"),
            t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "",
            t.revoked_at.strftime("%Y-%m-%d %H:%M") if t.revoked_at else "",
        )
    common.console.print(table)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="The token's id (see `token list`).")],
) -> None:
    """Revoke a token; its browser sessions end at once."""
    with common.open_repository(ctx) as repo:
        auth = AuthStore(repo.engine)
        try:
            info = auth.revoke_token(token_id)
        except KeyError:
            common.err_console.print(f"[red]No token {token_id}.[/]")
            raise typer.Exit(1) from None
        auth.record(_cli_actor(), "token.revoke", str(token_id), {"name": info.name}, role="cli")
    common.console.print(f"Revoked token #{info.id} ({info.name}).")


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the root app."""
    app.command("serve")(serve)
    app.add_typer(token_app, name="token")
