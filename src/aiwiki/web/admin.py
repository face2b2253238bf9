"""/admin/audit: the audit log for admins, newest first, filtered by action and actor, paged
back by entry id; its JSON twin at /api/v1/admin/audit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator
from starlette.requests import Request

from aiwiki.domain.accounts import USERNAME_MAX
from aiwiki.services import audit
from aiwiki.services.audit import AuditAction, AuditView
from aiwiki.web.deps import MAX_DB_INT, LangDep, WikiDep, blank_is_none
from aiwiki.web.forms import page
from aiwiki.web.responses import errors
from aiwiki.web.session import Admin

PAGE_SIZE = 100

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["accounts"])

ActionFilter = Annotated[AuditAction | None, BeforeValidator(blank_is_none),
                         Query(description="Only entries of this action.")]
ActorFilter = Annotated[str, Query(max_length=USERNAME_MAX,
                                   description="Only entries by this username.")]
Before = Annotated[int | None, Query(ge=1, le=MAX_DB_INT,
                                     description="Only entries older than this id.")]


@router.get("/admin/audit")
def audit_page(request: Request, wiki: WikiDep, lang: LangDep, viewer: Admin,
               action: ActionFilter = None, actor: ActorFilter = "",
               before: Before = None) -> Response:
    rows = audit.entries(wiki, action=action, actor=actor or None, before=before,
                         limit=PAGE_SIZE)
    older = rows[-1].id if len(rows) == PAGE_SIZE else None
    return page(request, lang, "admin_audit.html", rows=rows, actions=list(AuditAction),
                action=action, actor=actor, older=older)


@api.get("/admin/audit", response_model=list[AuditView], summary="The audit log (admins)",
         responses=errors(401, 403, 422))
def audit_api(wiki: WikiDep, viewer: Admin, action: ActionFilter = None,
              actor: ActorFilter = "", before: Before = None) -> list[AuditView]:
    return audit.entries(wiki, action=action, actor=actor or None, before=before,
                         limit=PAGE_SIZE)
