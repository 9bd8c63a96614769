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
    summary="Upload articles (txt, md, html, json/jsonl) to clean, date, extract and store",
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
    results = []
    failed = 0
    for upload in files:
        name, data = await read_upload(upload, settings.max_file_bytes)
        try:
            result = await run_in_threadpool(
                services(request).ingest, name, data, extract and settings.extract_uploads
            )
        except ApiError as exc:
            if exc.status == 501:
                raise
            failed += 1
            results.append({"file": name, "error": exc.message})
            continue
        results.append({"file": name, **result})
        record_write(request, principal, "document.ingest", name, result)
    return {"items": results, "stored": len(results) - failed, "failed": failed}
