"""API: the power map — as-of graph, circle, changes, capacity lost, centrality, succession,
reports. Every answer comes from `innercircle.powermap` (through `web.services`)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from innercircle.web.api.entities import DateParam, EntityId, services
from innercircle.web.auth_store import Role
from innercircle.web.errors import ApiError
from innercircle.web.security import REPORT_POLICY, Principal, require

router = APIRouter(tags=["power map"])

Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
RequiredDate = Annotated[str, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


@router.get(
    "/graph",
    summary="The as-of graph (Cytoscape JSON), losses kept as closed ties",
    response_model=dict[str, Any],
)
def graph(
    request: Request,
    _: Viewer,
    at: DateParam = None,
    around: Annotated[str | None, Query(max_length=300, description="entity to centre on")] = None,
    depth: Annotated[int, Query(ge=1, le=3, description="ties away from `around`")] = 2,
    lost_since: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
            description="keep ties closed since this date (default: a year before `at`)",
        ),
    ] = None,
    include_closed: Annotated[bool, Query(description="show ties a loss closed")] = True,
) -> Response:
    svc = services(request)
    centre = svc.entity(around).id if around else None

    def encoded() -> bytes:
        data = svc.graph(
            at, centre, include_closed=include_closed, lost_since=lost_since, depth=depth
        )
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    # The graph is the largest answer: its encoded form is cached too, not just the data.
    body = svc.cache.get_or_compute(
        ("graph.json", at, centre, include_closed, lost_since, depth), encoded
    )
    return Response(body, media_type="application/json")


@router.get("/circle/{leader}", summary="The inner circle and advisers of a leader at a date")
def circle(request: Request, leader: EntityId, _: Viewer, at: DateParam = None) -> dict[str, Any]:
    return services(request).circle(leader, at)


@router.get("/changes", summary="Who joined, left, was killed, arrested, appointed between dates")
def changes(
    request: Request,
    _: Viewer,
    start: Annotated[str, Query(alias="from", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")],
    end: Annotated[str, Query(alias="to", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")],
    around: Annotated[str | None, Query(max_length=300)] = None,
) -> dict[str, Any]:
    if end < start:
        raise ApiError(422, f"'to' ({end}) is before 'from' ({start})")
    return services(request).changes(start, end, around)


@router.get("/capacity/{leader}", summary="Advisers and commanders lost per domain between dates")
def capacity(
    request: Request,
    leader: EntityId,
    _: Viewer,
    start: Annotated[str, Query(alias="from", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")],
    end: Annotated[str, Query(alias="to", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")],
) -> dict[str, Any]:
    return services(request).capacity_lost(leader, start, end)


@router.get("/centrality", summary="Centrality and brokers of the as-of graph")
def centrality(
    request: Request,
    _: Viewer,
    at: DateParam = None,
    around: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    return services(request).centrality(at, around, limit)


@router.get("/succession/{leader}", summary="Succession candidates with explanations")
def succession(
    request: Request,
    leader: EntityId,
    _: Viewer,
    at: DateParam = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    return services(request).succession(leader, at, limit)


@router.get(
    "/reports/{leader}",
    summary="A self-contained report (Markdown or HTML) on a leader's circle",
    response_class=Response,
)
def report(
    request: Request,
    leader: Annotated[str, Path(max_length=300)],
    _: Viewer,
    at: DateParam = None,
    format: Annotated[str, Query(pattern="^(md|html)$")] = "html",
    start: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
    end: Annotated[str | None, Query(alias="to", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] = None,
) -> Response:
    text = services(request).report(leader, at, format, start, end)
    if format == "md":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    # The report is generated HTML holding article text: shown sandboxed, never scripted.
    return HTMLResponse(text, headers={"Content-Security-Policy": REPORT_POLICY})
