"""API: who am I, token management and the audit log (admin role)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from innercircle.web.auth_store import AuthStore, Role
from innercircle.web.errors import ApiError
from innercircle.web.pagination import PageParams, page, page_params
from innercircle.web.security import Principal, record_write, require

router = APIRouter(tags=["admin"])

Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="who or what uses the token")
    role: Role = Field(description="viewer (read), analyst (+ write), admin (+ tokens)")


def _auth(request: Request) -> AuthStore:
    store: AuthStore = request.app.state.auth
    return store


@router.get("/me", summary="The caller's identity and role")
def me(principal: Viewer) -> dict[str, Any]:
    return {
        "name": principal.name,
        "role": principal.role.value,
        "token_id": principal.token_id,
        "via": principal.via,
    }


@router.get("/tokens", summary="List API tokens (never their secrets)")
def list_tokens(request: Request, principal: Admin, include_revoked: bool = True) -> dict[str, Any]:
    tokens = _auth(request).tokens(include_revoked=include_revoked)
    return {"items": [t.to_dict() for t in tokens], "total": len(tokens)}


@router.post("/tokens", status_code=201, summary="Create a token; its secret is shown once")
def create_token(request: Request, body: TokenCreate, principal: Admin) -> dict[str, Any]:
    info, secret = _auth(request).create_token(body.name, body.role, created_by=principal.name)
    record_write(
        request,
        principal,
        "token.create",
        str(info.id),
        {"name": info.name, "role": info.role.value},
    )
    return {**info.to_dict(), "token": secret}


@router.delete("/tokens/{token_id}", summary="Revoke a token (its sessions end too)")
def revoke_token(request: Request, token_id: int, principal: Admin) -> dict[str, Any]:
    try:
        info = _auth(request).revoke_token(token_id)
    except KeyError as exc:
        raise ApiError(404, f"no token {token_id}") from exc
    record_write(request, principal, "token.revoke", str(token_id), {"name": info.name})
    return info.to_dict()


@router.get("/audit", summary="The audit log of writes, newest first")
async def audit(
    request: Request,
    principal: Admin,
    params: Annotated[PageParams, Depends(page_params)],
    actor: Annotated[str | None, Query(max_length=200)] = None,
    action: Annotated[
        str | None, Query(max_length=80, description="prefix, e.g. judgement")
    ] = None,
) -> dict[str, Any]:
    entries, total = await run_in_threadpool(
        _auth(request).audit, limit=params.limit, offset=params.offset, actor=actor, action=action
    )
    return page(request, [e.to_dict() for e in entries], total, params)
