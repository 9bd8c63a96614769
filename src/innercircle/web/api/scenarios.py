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


class CircleScenarioRequest(BaseModel):
    leader: str = Field(min_length=1, max_length=300, description="entity id or unique name")
    at: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    positions: dict[str, Any] = Field(
        description="the analyst's positions: issue, scale, leader, actors: {name: {position, "
        "salience, range, trust}} — capabilities come from the power map"
    )
    include_lost: bool = Field(
        default=True,
        description="members lost in the year before `at` take part, and the scenario removes "
        "them unless `without` is given",
    )
    model: str = Field(default="all", max_length=200)
    without: list[str] = Field(default_factory=list, max_length=200)
    draws: int = Field(default=1000, ge=0, le=20000)
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


@router.post(
    "/scenarios/from-circle",
    summary="Build the issue from the circle around a leader and the analyst's positions, run it",
)
def run_from_circle(
    request: Request, body: CircleScenarioRequest, principal: Analyst
) -> dict[str, Any]:
    spec = body.model_dump(include={"model", "without", "draws", "seed"})
    result = services(request).scenario_from_power_map(
        body.leader, body.at, body.positions, spec, include_lost=body.include_lost
    )
    record_write(
        request,
        principal,
        "scenario.run",
        f"circle of {body.leader}",
        {"model": body.model, "without": result["removed"], "draws": body.draws, "at": body.at},
    )
    return result
