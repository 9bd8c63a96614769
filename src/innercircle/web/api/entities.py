"""API: entities (list, search, detail, timeline, statements with evidence, quotes), documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from innercircle.records import EVENT_PREDICATES, RELATION_PREDICATES, EntityType
from innercircle.web.auth_store import Role
from innercircle.web.errors import ApiError
from innercircle.web.pagination import PageParams, page, page_params, slice_page
from innercircle.web.security import Principal, require
from innercircle.web.services import Services, plain

router = APIRouter(tags=["entities"])

Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Page = Annotated[PageParams, Depends(page_params)]
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DateParam = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="ISO date: YYYY, YYYY-MM or YYYY-MM-DD")
]
EntityId = Annotated[str, Path(max_length=300, description="entity id (or a unique name)")]


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def entity_summary(entity: Any) -> dict[str, Any]:
    return {
        "id": entity.id,
        "type": entity.type.value,
        "name": entity.name,
        "aliases": list(entity.aliases),
        "origin": entity.origin,
    }


@router.get("/entities", summary="List or search entities")
def list_entities(
    request: Request,
    _: Viewer,
    params: Page,
    q: Annotated[str | None, Query(max_length=200, description="name or alias contains")] = None,
    type: Annotated[EntityType | None, Query(description="Person, Organization, ...")] = None,
) -> dict[str, Any]:
    repo = services(request).repo
    if q:
        found = repo.find_entities(q, limit=min(params.offset + params.limit + 1, 2000))
        if type is not None:
            found = [e for e in found if e.type == type]
    else:
        found = repo.entities(type=type)
    items, total = slice_page(found, params)
    return page(request, [entity_summary(e) for e in items], total, params)


@router.get("/entities/{entity_id}", summary="Entity detail: posts, ties, events, quotes, aliases")
def entity_detail(request: Request, entity_id: EntityId, _: Viewer, at: DateParam = None) -> Any:
    svc = services(request)
    entity = svc.entity(entity_id)
    return {"entity": entity_summary(entity), **svc.who(entity.id, at)}


@router.get("/entities/{entity_id}/timeline", summary="Everything dated about an entity")
def entity_timeline(request: Request, entity_id: EntityId, _: Viewer) -> dict[str, Any]:
    return services(request).timeline(entity_id)


@router.get(
    "/entities/{entity_id}/statements",
    summary="The stored statements about an entity, each with its evidence sentence",
)
def entity_statements(
    request: Request,
    entity_id: EntityId,
    _: Viewer,
    params: Page,
    predicate: Annotated[list[str] | None, Query(description="repeat to allow several")] = None,
    kind: Annotated[str | None, Query(pattern="^(tie|event)$")] = None,
    role: Annotated[str, Query(pattern="^(subject|object|any)$")] = "any",
    at: DateParam = None,
    since: DateParam = None,
    until: DateParam = None,
) -> dict[str, Any]:
    svc = services(request)
    entity = svc.entity(entity_id)
    predicates: set[str] | None = set(predicate) if predicate else None
    if kind is not None:
        allowed = RELATION_PREDICATES if kind == "tie" else EVENT_PREDICATES
        predicates = (predicates & allowed) if predicates is not None else set(allowed)
    if predicates is not None:
        unknown = predicates - RELATION_PREDICATES - EVENT_PREDICATES
        if unknown:
            raise ApiError(422, f"unknown predicate(s): {', '.join(sorted(unknown))}")
    found = svc.repo.statements(
        entity.id, role=role, predicates=predicates, at=at, since=since, until=until
    )
    items, total = slice_page(found, params)
    grades = svc.repo.sources()
    out = []
    for stmt in items:
        row = plain(stmt)
        source = grades.get(stmt.outlet or "")
        row["source_grade"] = source.grade if source else None
        out.append(row)
    return page(request, out, total, params)


@router.get("/entities/{entity_id}/quotes", summary="Quotes spoken by an entity")
def entity_quotes(request: Request, entity_id: EntityId, _: Viewer, params: Page) -> dict[str, Any]:
    svc = services(request)
    entity = svc.entity(entity_id)
    items, total = slice_page(svc.repo.quotes(speaker_id=entity.id), params)
    return page(request, [plain(q) for q in items], total, params)


@router.get("/documents/{doc_id}", summary="One stored document (text, metadata, removed blocks)")
def document(
    request: Request,
    doc_id: Annotated[str, Path(max_length=64)],
    _: Viewer,
) -> dict[str, Any]:
    doc = services(request).repo.get_document(doc_id)
    if doc is None:
        raise ApiError(404, f"no document {doc_id!r}")
    return dict(plain(doc))


@router.get("/sources", summary="Outlets with their reliability grade (A–F)")
def sources(request: Request, _: Viewer) -> dict[str, Any]:
    found = services(request).sources()
    return {"items": list(found.values()), "total": len(found)}
