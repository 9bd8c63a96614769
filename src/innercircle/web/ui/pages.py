"""Server-rendered pages of the web UI (Jinja2): login, graph, entities, documents, circle,
changes, review queue, judgements, scenarios, upload and admin.

Pages read through the same `web.services` calls as the API and post their forms back here with a
CSRF token; the graph page's JavaScript reads the JSON API. This module holds no query logic.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile

from innercircle.records import EntityType
from innercircle.web.api.ingest import audit_detail
from innercircle.web.auth_store import AuthStore, Role
from innercircle.web.errors import ApiError
from innercircle.web.evidence import add_context
from innercircle.web.pagination import PageParams, page_params, slice_page
from innercircle.web.security import (
    CSRF_FIELD,
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    Principal,
    client_address,
    csrf_for,
    new_prelogin_secret,
    optional_principal,
    record_write,
    require,
)
from innercircle.web.services import Services, plain
from innercircle.web.settings import WebSettings
from innercircle.web.templating import DOMAIN_COLOURS
from innercircle.web.uploads import read_upload

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(require(Role.VIEWER))]
Analyst = Annotated[Principal, Depends(require(Role.ANALYST))]
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]
DATE_RE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
OptDate = Annotated[str | None, Query(pattern=DATE_RE)]

MESSAGES = {
    "judged": "Judgement recorded.",
    "undone": "Judgement undone.",
    "uploaded": "Upload processed.",
    "token": "Token created.",
    "revoked": "Token revoked.",
    "loggedout": "You are logged out.",
}
"""Fixed confirmation texts, picked by the `ok` query parameter after a redirect."""


def _services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def _settings(request: Request) -> WebSettings:
    found: WebSettings = request.app.state.settings
    return found


def _auth(request: Request) -> AuthStore:
    found: AuthStore = request.app.state.auth
    return found


def render(
    request: Request,
    template: str,
    principal: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page with the common context: principal, CSRF token, navigation, confirmation."""
    flashes = list(context.pop("flashes", []))
    ok = request.query_params.get("ok")
    if ok in MESSAGES:
        flashes.append({"kind": "ok", "text": MESSAGES[ok]})
    context.setdefault("nav", "")
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request,
        template,
        {
            "principal": principal,
            "csrf_token": principal.csrf_token if principal else None,
            "flashes": flashes,
            **context,
        },
        status_code=status_code,
        headers={"Cache-Control": "no-store"},
    )
    return response


def error_page(request: Request, error: ApiError) -> HTMLResponse:
    """The HTML form of an API error (used by the app's exception handlers)."""
    principal = getattr(request.state, "principal", None)
    return render(
        request,
        "error.html",
        principal if isinstance(principal, Principal) else None,
        status_code=error.status,
        status=error.status,
        code=error.code,
        message=error.message,
        details=error.details,
    )


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(target: str | None) -> str:
    """Only local paths may be redirect targets (no `//evil.example`, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _try(call: Any, *args: Any, **kwargs: Any) -> tuple[Any, ApiError | None]:
    """Run a service call; a stage error becomes a message on the page instead of a crash."""
    try:
        return call(*args, **kwargs), None
    except ApiError as exc:
        if exc.status in (400, 401, 403):
            raise
        return None, exc


# --------------------------------------------------------------------------- login / logout


@router.get("/login")
def login_form(request: Request, principal: MaybePrincipal, next: str | None = None) -> Response:
    secret = request.cookies.get(PRELOGIN_COOKIE) or new_prelogin_secret()
    response = render(
        request,
        "login.html",
        principal if principal and principal.via == "session" else None,
        login_csrf=csrf_for(secret),
        next=_safe_next(next),
        error=None,
    )
    _set_cookie(request, response, PRELOGIN_COOKIE, secret, max_age=3600)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    secret = request.cookies.get(PRELOGIN_COOKIE, "")
    sent = form.get(CSRF_FIELD)
    token = form.get("token")
    target = _safe_next(str(form.get("next") or "/"))
    if not secret or not isinstance(sent, str) or sent != csrf_for(secret):
        raise ApiError(403, "the login form expired: reload it and try again", "csrf")
    info = (
        await run_in_threadpool(_auth(request).verify_token, token.strip())
        if isinstance(token, str)
        else None
    )
    if info is None:
        return render(
            request,
            "login.html",
            None,
            status_code=401,
            login_csrf=csrf_for(secret),
            next=target,
            error="That token is not valid (unknown or revoked).",
        )
    settings = _settings(request)
    session = await run_in_threadpool(_auth(request).create_session, info.id, settings.session_ttl)
    await run_in_threadpool(
        _auth(request).record,
        info.name,
        "session.login",
        None,
        {},
        token_id=info.id,
        role=info.role.value,
        remote=client_address(request),
    )
    redirect = _redirect(target)
    _set_cookie(
        request, redirect, SESSION_COOKIE, session, int(settings.session_ttl.total_seconds())
    )
    redirect.delete_cookie(PRELOGIN_COOKIE, path="/")
    return redirect


@router.post("/logout")
def logout(request: Request, principal: Viewer) -> Response:
    if principal.session_secret:
        _auth(request).end_session(principal.session_secret)
    response = _redirect("/login?ok=loggedout")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=_settings(request).cookie_secure,
    )


# --------------------------------------------------------------------------- graph & circle


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


@router.get("/")
def home(principal: Viewer) -> Response:
    return _redirect("/graph")


@router.get("/graph")
def graph_page(
    request: Request,
    principal: Viewer,
    at: OptDate = None,
    around: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    svc = _services(request)
    centre = None
    at = at or svc.opening_date()
    if around:
        centre, error = _try(svc.entity, around)
        if error is not None:
            return render(
                request,
                "graph.html",
                principal,
                nav="graph",
                status_code=error.status,
                error=error.message,
                **_graph_context(None, at),
            )
    else:
        centre = svc.default_leader()
    return render(
        request, "graph.html", principal, nav="graph", error=None, **_graph_context(centre, at)
    )


def _graph_context(centre: Any, at: str | None) -> dict[str, Any]:
    today = date.today()
    chosen = at or today.isoformat()
    try:
        chosen_day = date.fromisoformat(chosen if len(chosen) == 10 else (chosen + "-01-01")[:10])
    except ValueError:
        chosen_day = today
    start = min(chosen_day, today) - timedelta(days=3 * 365)
    end = max(chosen_day, today)
    return {
        "centre": centre,
        "at": chosen,
        "slider_min": start.isoformat(),
        "slider_max": end.isoformat(),
        "colours": DOMAIN_COLOURS,
    }


@router.get("/circle")
def circle_page(
    request: Request,
    principal: Viewer,
    leader: Annotated[str | None, Query(max_length=300)] = None,
    at: OptDate = None,
    since: OptDate = None,
) -> Response:
    svc = _services(request)
    entity = None
    result = None
    capacity = None
    successors = None
    error = None
    at = at or svc.opening_date()
    if leader:
        entity, error = _try(svc.entity, leader)
    else:
        entity = svc.default_leader()
    suggestions: list[dict[str, Any]] = []
    if entity is None and error is None:
        central, _ = _try(svc.centrality, at, None, 30)
        rows = central["centrality"] if central else []
        suggestions = [r for r in rows if r.get("type") == EntityType.PERSON.value][:8]
    if entity is not None:
        view = svc.view()
        result, error = _try(svc.circle, entity.id, at, since, view)
        if result is not None:
            result = add_context(svc.repo, result)
            capacity, _ = _try(
                svc.capacity_lost, entity.id, result["lost_since"], result["at"], view
            )
            successors, _ = _try(svc.succession, entity.id, result["at"], 5, view)
    return render(
        request,
        "circle.html",
        principal,
        nav="circle",
        leader=entity,
        leader_ref=leader or (entity.id if entity else ""),
        at=at or "",
        since=since or "",
        result=result,
        capacity=capacity,
        successors=successors,
        suggestions=suggestions,
        error=error.message if error else None,
    )


@router.get("/changes")
def changes_page(
    request: Request,
    principal: Viewer,
    start: Annotated[str | None, Query(alias="from", pattern=DATE_RE)] = None,
    end: Annotated[str | None, Query(alias="to", pattern=DATE_RE)] = None,
    around: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    svc = _services(request)
    result = None
    error = None
    if start and end:
        if end < start:
            error = "'to' is before 'from'."
        else:
            result, failed = _try(svc.changes, start, end, around or None)
            error = failed.message if failed else None
            if result is not None:
                result = add_context(svc.repo, result)
    return render(
        request,
        "changes.html",
        principal,
        nav="changes",
        start=start or "",
        end=end or "",
        around=around or "",
        result=result,
        error=error,
    )


# --------------------------------------------------------------------------- entities & documents


@router.get("/entities")
def entities_page(
    request: Request,
    principal: Viewer,
    params: Annotated[PageParams, Depends(page_params)],
    q: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[EntityType | None, Query()] = None,
) -> Response:
    repo = _services(request).repo
    if q:
        found = repo.find_entities(q, limit=min(params.offset + params.limit + 1, 2000))
        if type is not None:
            found = [e for e in found if e.type == type]
    else:
        found = repo.entities(type=type)
    items, total = slice_page(found, params)
    return render(
        request,
        "entities.html",
        principal,
        nav="entities",
        q=q or "",
        type=type.value if type else "",
        types=[t.value for t in EntityType],
        items=items,
        total=total,
        pager=_pager(request, params, total),
    )


def _pager(request: Request, params: PageParams, total: int) -> dict[str, Any]:
    def link(offset: int) -> str:
        query = dict(request.query_params)
        query["offset"] = str(offset)
        return f"{request.url.path}?{urlencode(query)}"

    nxt = params.offset + params.limit
    return {
        "first": params.offset + 1 if total else 0,
        "last": min(total, nxt),
        "total": total,
        "next": link(nxt) if nxt < total else None,
        "prev": link(max(0, params.offset - params.limit)) if params.offset > 0 else None,
    }


@router.get("/entities/{entity_id}")
def entity_page(
    request: Request,
    entity_id: str,
    principal: Viewer,
    params: Annotated[PageParams, Depends(page_params)],
    at: OptDate = None,
) -> Response:
    svc = _services(request)
    entity = svc.entity(entity_id)
    if entity.id != entity_id:
        return _redirect(f"/entities/{quote(entity.id, safe='')}")
    at = at or svc.opening_date()
    view = svc.view()  # one question: who and timeline share the store reads
    who, who_error = _try(svc.who, entity.id, at, view)
    timeline, timeline_error = _try(svc.timeline, entity.id, view)
    shown = add_context(svc.repo, {"who": who, "timeline": timeline})
    who, timeline = shown["who"], shown["timeline"]
    statements = svc.repo.statements(entity.id)
    page_items, total = slice_page(statements, params)
    docs = svc.documents(sorted({s.doc_id for s in page_items if s.doc_id}))
    grades = svc.repo.sources()
    names = _names(svc, {x for s in page_items for x in (s.subject_id, s.object_id)})
    evidence = [
        {
            "statement": s,
            "names": {x: names[x] for x in (s.subject_id, s.object_id) if x},
            "doc": docs.get(s.doc_id or ""),
            "grade": (grades.get(s.outlet or "") or None) and grades[s.outlet or ""].grade,
        }
        for s in page_items
    ]
    return render(
        request,
        "entity.html",
        principal,
        nav="entities",
        entity=entity,
        at=at or "",
        who=who,
        who_error=who_error.message if who_error else None,
        timeline=timeline,
        timeline_error=timeline_error.message if timeline_error else None,
        evidence=evidence,
        pager=_pager(request, params, total),
    )


def _names(svc: Services, ids: set[str | None]) -> dict[str, str]:
    """id → name of these entities (one batched read; merged ids follow their redirect)."""
    wanted = {i for i in ids if i}
    names = {i: name for i, (name, _kind) in svc.repo.entity_names(wanted).items()}
    for entity_id in wanted - names.keys():
        found = svc.repo.get_entity(entity_id)
        names[entity_id] = found.name if found else entity_id
    return names


@router.get("/documents/{doc_id}")
def document_page(
    request: Request,
    doc_id: str,
    principal: Viewer,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    doc = _services(request).repo.get_document(doc_id)
    if doc is None:
        raise ApiError(404, f"no document {doc_id!r}")
    parts = None
    if start is not None and end is not None and start <= end <= len(doc.body):
        parts = (doc.body[:start], doc.body[start:end], doc.body[end:])
    grade = _services(request).repo.sources().get(doc.outlet or "")
    return render(
        request,
        "document.html",
        principal,
        doc=doc,
        parts=parts,
        grade=grade.grade if grade else None,
    )


# --------------------------------------------------------------------------- review & judgements


@router.get("/review")
def review_page(request: Request, principal: Viewer) -> Response:
    svc = _services(request)
    items, error = _try(svc.review_queue, 50)
    pairs = [pair for pair in (_review_pair(svc, item) for item in items or []) if pair]
    return render(
        request,
        "review.html",
        principal,
        nav="review",
        pairs=pairs,
        raw=[] if pairs else items or [],
        error=error.message if error else None,
    )


PAIR_KEYS = (("a", "b"), ("left", "right"), ("subject", "object"), ("first", "second"))
EXPLANATION_KEYS = ("explanation", "explanations", "reasons", "why", "features", "evidence")


def _review_pair(svc: Services, item: dict[str, Any]) -> dict[str, Any] | None:
    """One review-queue item as two entity cards, a score and the matcher's explanation
    (whatever the resolution stage calls its fields)."""
    for left_key, right_key in PAIR_KEYS:
        if left_key in item and right_key in item:
            break
    else:
        return None
    cards = []
    for key in (left_key, right_key):
        value = item[key]
        entity_id = value.get("id") if isinstance(value, dict) else value
        stored = svc.repo.get_entity(str(entity_id)) if entity_id else None
        if stored is None:
            return None
        cards.append({"entity": stored, "mentions": len(svc.repo.mentions_of(stored.id))})
    explanation = next((item[k] for k in EXPLANATION_KEYS if item.get(k)), None)
    if isinstance(explanation, (list, tuple)):
        explanation = [str(e) for e in explanation]
    elif explanation is not None:
        explanation = [str(explanation)]
    return {
        "left": cards[0],
        "right": cards[1],
        "probability": item.get("probability"),
        "score": item.get("score"),
        "relation": item.get("relation"),
        "explanation": explanation or [],
    }


@router.post("/review")
async def review_submit(request: Request, principal: Analyst) -> Response:
    form = await request.form()
    kind = str(form.get("kind") or "")
    subject = str(form.get("subject") or "")
    obj = str(form.get("object") or "")
    reason = str(form.get("reason") or "") or None
    if kind not in ("same", "different", "unsure") or not subject or not obj:
        raise ApiError(422, "a judgement needs kind (same/different/unsure) and two entities")
    result = await run_in_threadpool(
        _services(request).judge, kind, subject, obj, principal.name, reason
    )
    await run_in_threadpool(
        record_write,
        request,
        principal,
        f"judgement.{kind}",
        f"{subject} ~ {obj}",
        {"reason": reason, "result": result},
    )
    return _redirect("/review?ok=judged")


@router.get("/judgements")
def judgements_page(
    request: Request, principal: Viewer, params: Annotated[PageParams, Depends(page_params)]
) -> Response:
    all_items = list(reversed(_services(request).judgements(active_only=False)))
    items, total = slice_page(all_items, params)
    return render(
        request,
        "judgements.html",
        principal,
        nav="review",
        items=items,
        pager=_pager(request, params, total),
    )


@router.post("/judgements/{judgement_id}/undo")
async def undo_submit(request: Request, judgement_id: int, principal: Analyst) -> Response:
    result = await run_in_threadpool(_services(request).undo, judgement_id, principal.name)
    await run_in_threadpool(
        record_write, request, principal, "judgement.undo", str(judgement_id), {"result": result}
    )
    return _redirect("/judgements?ok=undone")


# --------------------------------------------------------------------------- scenarios


@router.get("/scenarios")
def scenarios_page(request: Request, principal: Viewer) -> Response:
    models, error = _try(_services(request).models)
    return render(
        request,
        "scenarios.html",
        principal,
        nav="scenarios",
        default_leader=_settings(request).default_leader or "",
        default_at=_settings(request).default_at or "",
        models=models or [],
        error=error.message if error else None,
        result=None,
        form={},
    )


@router.post("/scenarios")
async def scenarios_submit(request: Request, principal: Analyst) -> Response:
    form = await request.form()
    fields = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    svc = _services(request)
    from_circle = fields.get("mode") == "circle"
    spec, error = _scenario_spec(fields)
    result = None
    if spec is not None:
        if from_circle:
            result, failed = await run_in_threadpool(
                _try,
                svc.scenario_from_power_map,
                fields.get("leader", ""),
                fields.get("at") or None,
                spec["issue"],
                spec,
                fields.get("include_lost") == "on",
            )
        else:
            result, failed = await run_in_threadpool(_try, svc.scenario, spec)
        error = failed.message if failed else None
        if result is not None:
            await run_in_threadpool(
                record_write,
                request,
                principal,
                "scenario.run",
                str(result.get("issue", "issue")),
                {"model": spec["model"], "without": result["removed"], "draws": spec["draws"]},
            )
    models, _ = _try(svc.models)
    return render(
        request,
        "scenarios.html",
        principal,
        nav="scenarios",
        default_leader=_settings(request).default_leader or "",
        default_at=_settings(request).default_at or "",
        models=models or [],
        error=error,
        result=result,
        form=fields,
        status_code=200 if error is None else 422,
    )


def _scenario_spec(fields: dict[str, str]) -> tuple[dict[str, Any] | None, str | None]:
    """The scenario request from the form: an issue in YAML/JSON text plus options."""
    import yaml

    circle = fields.get("mode") == "circle"
    text = fields.get("positions" if circle else "issue", "")
    if circle and not fields.get("leader", "").strip():
        return None, "Name the leader whose circle the issue is built from."
    if circle and fields.get("at") and not re.fullmatch(DATE_RE, fields["at"]):
        return None, "The date must be YYYY-MM-DD."
    if not text.strip():
        return None, "Paste the positions (YAML) first." if circle else "Paste an issue first."
    try:
        issue = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, f"The issue is not valid YAML: {exc}"
    if not isinstance(issue, dict):
        return None, "The issue must be a mapping with a scale and actors."
    if circle and not isinstance(issue.get("actors"), dict):
        return None, "The positions need `actors:` mapping each name to its position."
    try:
        draws = int(fields.get("draws") or 1000)
    except ValueError:
        return None, "Draws must be a whole number."
    if not 0 <= draws <= 20000:
        return None, "Draws must be between 0 and 20000."
    without = [w.strip() for w in fields.get("without", "").split(",") if w.strip()]
    return {
        "issue": issue,
        "model": fields.get("model") or "all",
        "without": without,
        "draws": draws,
        "seed": None,
    }, None


# --------------------------------------------------------------------------- upload


@router.get("/upload")
def upload_page(request: Request, principal: Viewer) -> Response:
    return render(request, "upload.html", principal, nav="upload", results=None)


@router.post("/upload")
async def upload_submit(request: Request, principal: Analyst) -> Response:
    settings = _settings(request)
    form = await request.form()
    files = [f for f in form.getlist("files") if isinstance(f, StarletteUploadFile) and f.filename]
    if not files:
        raise ApiError(422, "choose at least one file to upload")
    if len(files) > settings.max_files:
        raise ApiError(413, f"too many files: at most {settings.max_files} per upload")
    received = []
    refused = []
    for upload in files:
        try:
            received.append(await read_upload(upload, settings.max_file_bytes))  # type: ignore[arg-type]
        except ApiError as exc:
            refused.append({"source": upload.filename or "?", "line": None, "message": exc.message})
    summary: dict[str, Any] = {"documents": [], "errors": [], "stored": 0, "failed": 0}
    if received:
        summary = await run_in_threadpool(
            _services(request).ingest, received, settings.extract_uploads
        )
        await run_in_threadpool(
            record_write,
            request,
            principal,
            "document.ingest",
            ", ".join(name for name, _ in received)[:500],
            audit_detail(summary),
        )
    summary["errors"] = refused + list(summary.get("errors", []))
    return render(request, "upload.html", principal, nav="upload", results=summary)


# --------------------------------------------------------------------------- admin


@router.get("/admin")
def admin_page(
    request: Request, principal: Admin, params: Annotated[PageParams, Depends(page_params)]
) -> Response:
    auth = _auth(request)
    entries, total = auth.audit(limit=params.limit, offset=params.offset)
    return render(
        request,
        "admin.html",
        principal,
        nav="admin",
        tokens=auth.tokens(),
        audit=entries,
        pager=_pager(request, params, total),
        new_token=None,
        roles=[r.value for r in Role],
    )


@router.post("/admin/tokens")
async def admin_create_token(request: Request, principal: Admin) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    role_value = str(form.get("role") or "")
    if not name or role_value not in {r.value for r in Role}:
        raise ApiError(422, "a token needs a name and a role (viewer, analyst, admin)")
    auth = _auth(request)
    info, secret = await run_in_threadpool(
        auth.create_token, name, Role(role_value), principal.name
    )
    await run_in_threadpool(
        record_write,
        request,
        principal,
        "token.create",
        str(info.id),
        {"name": info.name, "role": info.role.value},
    )
    entries, total = await run_in_threadpool(auth.audit, limit=50)
    params = PageParams(limit=50, offset=0)
    return render(
        request,
        "admin.html",
        principal,
        nav="admin",
        tokens=auth.tokens(),
        audit=entries,
        pager=_pager(request, params, total),
        new_token={"info": info, "secret": secret},
        roles=[r.value for r in Role],
    )


@router.post("/admin/tokens/{token_id}/revoke")
async def admin_revoke_token(request: Request, token_id: int, principal: Admin) -> Response:
    try:
        info = await run_in_threadpool(_auth(request).revoke_token, token_id)
    except KeyError as exc:
        raise ApiError(404, f"no token {token_id}") from exc
    await run_in_threadpool(
        record_write, request, principal, "token.revoke", str(token_id), {"name": info.name}
    )
    return _redirect("/admin?ok=revoked")


__all__ = ["error_page", "plain", "router"]
