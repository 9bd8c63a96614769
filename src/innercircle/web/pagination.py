"""Pagination of list endpoints: `limit`/`offset` query parameters and the page envelope."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import Query, Request

T = TypeVar("T")


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


def page_params(
    request: Request,
    limit: int | None = Query(None, ge=1, description="items per page (default 50, max 500)"),
    offset: int = Query(0, ge=0, le=10_000_000, description="items to skip"),
) -> PageParams:
    """The page asked for, clamped to the app's maximum page size."""
    settings = request.app.state.settings
    size = settings.default_page_size if limit is None else min(limit, settings.max_page_size)
    return PageParams(limit=size, offset=offset)


def page(request: Request, items: Sequence[Any], total: int, params: PageParams) -> dict[str, Any]:
    """The envelope every list endpoint returns: items, total, limit, offset, next/prev URLs."""
    nxt = params.offset + params.limit
    prev = max(0, params.offset - params.limit)
    return {
        "items": list(items),
        "total": total,
        "limit": params.limit,
        "offset": params.offset,
        "next": str(request.url.include_query_params(offset=nxt)) if nxt < total else None,
        "prev": (str(request.url.include_query_params(offset=prev)) if params.offset > 0 else None),
    }


def slice_page(items: Sequence[T], params: PageParams) -> tuple[list[T], int]:
    """One page of an in-memory list, and the list's length."""
    return list(items[params.offset : params.offset + params.limit]), len(items)
