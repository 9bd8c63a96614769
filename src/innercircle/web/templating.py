"""The Jinja2 environment of the UI: autoescaping on for every template, and small view helpers.

Article text is untrusted input. Templates never mark it safe; helpers here split text into
pieces (before / highlighted / after) that the template escapes one by one, so highlighting never
needs raw HTML. This module renders nothing on its own.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATE_DIR = Path(__file__).with_name("templates")

DOMAIN_COLOURS: dict[str, str] = {
    "military": "#c0392b",
    "security": "#8e44ad",
    "security/intelligence": "#8e44ad",
    "intelligence": "#8e44ad",
    "political": "#2471a3",
    "diplomatic": "#17a589",
    "economic": "#d4ac0d",
    "religious": "#6e2c00",
    "media/cultural": "#e67e22",
    "media": "#e67e22",
    "judicial": "#566573",
    "family": "#ec7063",
}
"""Node colours per domain (shared with static/graph.js through the page's JSON data)."""


def snippet(
    body: str | None, start: int | None, end: int | None, width: int = 180
) -> tuple[str, str, str]:
    """(before, sentence, after): the evidence span and up to `width` characters around it.

    The three parts are plain text; the template escapes each and wraps the middle in <mark>.
    """
    if body is None or start is None or end is None or not 0 <= start <= end <= len(body):
        return "", "", ""
    left = max(0, start - width)
    right = min(len(body), end + width)
    before = ("…" if left > 0 else "") + body[left:start]
    after = body[end:right] + ("…" if right < len(body) else "")
    return before, body[start:end], after


def fmt_datetime(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return "" if value is None else str(value)


def urlpart(value: Any) -> str:
    """Quote one path segment (entity ids may hold any character)."""
    return quote(str(value), safe="")


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,  # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dt"] = fmt_datetime
    env.filters["urlpart"] = urlpart
    env.globals["snippet"] = snippet
    env.globals["domain_colours"] = DOMAIN_COLOURS
    return Jinja2Templates(env=env)
