"""API: upload articles for ingestion (analyst role), with size and content-type checks."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from innercircle.web.api.entities import services
from innercircle.web.auth_store import Role
from innercircle.web.errors import ApiError
from innercircle.web.security import Principal, record_write, require
from innercircle.web.uploads import read_upload

router = APIRouter(tags=["ingestion"])

Analyst = Annotated[Principal, Depends(require(Role.ANALYST))]


@router.post(
    "/documents",
    status_code=201,
    summary="Upload articles (txt, md, html, jsonl) to clean, date, extract and store",
)
async def upload(
    request: Request,
    files: list[UploadFile],
    principal: Analyst,
    extract: Annotated[bool, Query(description="run extraction and resolution")] = True,
) -> dict[str, Any]:
    settings = request.app.state.settings
    if len(files) > settings.max_files:
        raise ApiError(413, f"too many files: at most {settings.max_files} per upload")
    received = [await read_upload(upload, settings.max_file_bytes) for upload in files]
    summary: dict[str, Any] = await run_in_threadpool(
        services(request).ingest, received, extract and settings.extract_uploads
    )
    await run_in_threadpool(
        record_write,
        request,
        principal,
        "document.ingest",
        ", ".join(name for name, _ in received)[:500],
        audit_detail(summary),
    )
    return summary


def audit_detail(summary: dict[str, Any]) -> dict[str, object]:
    """What the audit log keeps of an ingest: counts and the stored document ids."""
    return {
        "stored": summary.get("stored"),
        "unchanged": summary.get("unchanged"),
        "failed": summary.get("failed"),
        "documents": [d.get("id") for d in summary.get("documents", [])],
        "extraction": summary.get("extraction"),
    }
