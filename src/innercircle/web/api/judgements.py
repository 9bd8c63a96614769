"""API: analyst judgements on entity pairs (same / different / unsure), undo, review queue."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from innercircle.web.api.entities import services
from innercircle.web.auth_store import Role
from innercircle.web.pagination import PageParams, page, page_params, slice_page
from innercircle.web.security import Principal, record_write, require

router = APIRouter(tags=["judgements"])

Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Analyst = Annotated[Principal, Depends(require(Role.ANALYST))]


class JudgementCreate(BaseModel):
    kind: Literal["same", "different", "unsure"] = Field(
        description="same: merge the two; different: never merge them; unsure: keep in review"
    )
    subject: str = Field(min_length=1, max_length=300, description="entity id or unique name")
    object: str = Field(min_length=1, max_length=300, description="the other entity")
    reason: str | None = Field(default=None, max_length=2000)


@router.get("/judgements", summary="Recorded judgements (newest last)")
def list_judgements(
    request: Request,
    _: Viewer,
    params: Annotated[PageParams, Depends(page_params)],
    active: Annotated[bool, Query(description="hide undone judgements")] = False,
) -> dict[str, Any]:
    items, total = slice_page(services(request).judgements(active_only=active), params)
    return page(request, items, total, params)


@router.post("/judgements", status_code=201, summary="Record a judgement on an entity pair")
def create_judgement(request: Request, body: JudgementCreate, principal: Analyst) -> dict[str, Any]:
    result = services(request).judge(
        body.kind, body.subject, body.object, author=principal.name, reason=body.reason
    )
    record_write(
        request,
        principal,
        f"judgement.{body.kind}",
        f"{body.subject} ~ {body.object}",
        {"reason": body.reason, "result": result},
    )
    return result


@router.post("/judgements/{judgement_id}/undo", summary="Undo a judgement (kept in history)")
def undo_judgement(request: Request, judgement_id: int, principal: Analyst) -> dict[str, Any]:
    result = services(request).undo(judgement_id, author=principal.name)
    record_write(request, principal, "judgement.undo", str(judgement_id), {"result": result})
    return result


@router.get("/review", summary="Uncertain entity pairs to judge, most informative first")
def review(
    request: Request,
    _: Viewer,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    items = services(request).review_queue(limit)
    return {"items": items, "total": len(items)}
