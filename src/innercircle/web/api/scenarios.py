"""API: decision models and what-if scenarios (run by `innercircle.model`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from innercircle.web.api.entities import services
from innercircle.web.auth_store import Role
from innercircle.web.security import Principal, record_write, require

router = APIRouter(tags=["scenarios"])

Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Analyst = Annotated[Principal, Depends(require(Role.ANALYST))]


class ScenarioRequest(BaseModel):
    issue: dict[str, Any] = Field(
        description="the issue: scale, actors (position, salience, "
        "capability, optional ranges), leader"
    )
    model: str = Field(
        default="all", max_length=200, description="'all' or comma-separated model names"
    )
    without: list[str] = Field(
        default_factory=list, max_length=200, description="actors removed in the scenario"
    )
    draws: int = Field(default=1000, ge=0, le=20000, description="Monte Carlo draws")
    seed: int | None = None


@router.get("/scenarios/models", summary="The decision models available")
def models(request: Request, _: Viewer) -> dict[str, Any]:
    return {"items": services(request).models()}


@router.post("/scenarios", summary="Run a decision model on an issue, with and without actors")
def run(request: Request, body: ScenarioRequest, principal: Analyst) -> dict[str, Any]:
    result = services(request).scenario(body.model_dump())
    record_write(
        request,
        principal,
        "scenario.run",
        str(body.issue.get("name", "issue")),
        {"model": body.model, "without": body.without, "draws": body.draws},
    )
    return result
