"""The write API under /api/v1 and the record of changes it reads: create, edit, rename,
delete, restore and roll back a topic; its history, one revision, a diff, recent changes;
a preview of unsaved text.

Writes need an editor (a session with its X-CSRF-Token header, or a write-scoped Bearer
token; restore needs an admin); reading history needs nobody. The bodies are the request
models of services/edit_requests.py, so the API and the forms check the same rules.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from aiwiki.domain.enums import ChangeKind
from aiwiki.services import edit_preview, editing, history
from aiwiki.services.edit_preview import PreviewRequest, PreviewView
from aiwiki.services.edit_requests import (
    CreateRequest,
    EditRequest,
    RenameRequest,
    RevisionRequest,
)
from aiwiki.services.editing import Saved
from aiwiki.services.history import DiffView, RecentPage, RevisionDetail, RevisionInfo
from aiwiki.web.account_api import REFUSALS
from aiwiki.web.deps import MAX_DB_INT, ApiLangDep, WikiDep
from aiwiki.web.edit_errors import CONFLICT_RESPONSES, FIELD_RESPONSES, NOT_FOUND
from aiwiki.web.responses import ErrorBody
from aiwiki.web.session import Admin, Editor

router = APIRouter(prefix="/api/v1", tags=["editing"])
Slug = Annotated[str, Path(description="The topic's slug (an old slug of it works too).")]


class SavedView(BaseModel):
    """Where the topic is after the write; `changed` false: the save differed in nothing
    and wrote nothing."""

    slug: str
    revision: int = Field(description="Send it as `base_revision` with the next write.")
    changed: bool


class RollbackRequest(RevisionRequest):
    """Roll back to revision `to` (a new revision), from the revision the editor saw."""

    to: int = Field(ge=1, le=MAX_DB_INT, description="The revision whose fields come back.")


def _view(saved: Saved) -> SavedView:
    return SavedView(slug=saved.slug, revision=saved.revision, changed=saved.changed)


UNREADABLE: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body is not readable JSON."}}
WRITE = {**UNREADABLE, **REFUSALS, **NOT_FOUND, **CONFLICT_RESPONSES, **FIELD_RESPONSES,
         413: {"model": ErrorBody, "description": "The body is larger than the server "
               "accepts (`max_body_bytes`)."}}


@router.post("/topics", status_code=201, response_model=SavedView, summary="Create a topic",
             responses={k: v for k, v in WRITE.items() if k != 404})
def api_create(wiki: WikiDep, viewer: Editor, body: CreateRequest) -> JSONResponse:
    saved = _view(editing.create(wiki, body, viewer.account.username))
    return JSONResponse(saved.model_dump(), status_code=201,
                        headers={"location": f"/api/v1/topics/{saved.slug}"})


@router.patch("/topics/{slug}", response_model=SavedView, summary="Edit a topic",
              responses=WRITE)
def api_edit(wiki: WikiDep, viewer: Editor, slug: Slug, body: EditRequest) -> SavedView:
    """Only the fields given change. A `base_revision` that is no longer current is 409
    with the current revision and snapshot: nothing was written; merge and send again."""
    return _view(editing.edit(wiki, slug, body, viewer.account.username))


@router.post("/topics/{slug}/rename", response_model=SavedView, summary="Rename a topic",
             responses=WRITE)
def api_rename(wiki: WikiDep, viewer: Editor, slug: Slug, body: RenameRequest) -> SavedView:
    return _view(editing.rename(wiki, slug, body, viewer.account.username))


@router.delete("/topics/{slug}", response_model=SavedView, summary="Delete a topic (soft)",
               responses=WRITE)
def api_delete(wiki: WikiDep, viewer: Editor, slug: Slug,
               base_revision: Annotated[int, Query(ge=0, le=MAX_DB_INT)],
               comment: Annotated[str, Query(max_length=500)] = "") -> SavedView:
    """The topic leaves pages and search; an admin can restore it with its history."""
    body = RevisionRequest(base_revision=base_revision, comment=comment)
    return _view(editing.delete_topic(wiki, slug, body, viewer.account.username))


@router.post("/topics/{slug}/restore", response_model=SavedView,
             summary="Restore a deleted topic (admins)", responses=WRITE)
def api_restore(wiki: WikiDep, viewer: Admin, slug: Slug, body: RevisionRequest) -> SavedView:
    return _view(editing.restore(wiki, slug, body, viewer.account.username))


@router.post("/topics/{slug}/rollback", response_model=SavedView,
             summary="Roll a topic back to a revision", responses=WRITE)
def api_rollback(wiki: WikiDep, viewer: Editor, slug: Slug,
                 body: RollbackRequest) -> SavedView:
    plain = RevisionRequest(base_revision=body.base_revision, comment=body.comment)
    return _view(editing.rollback(wiki, slug, body.to, plain, viewer.account.username))


READ: dict[int | str, dict[str, Any]] = {**NOT_FOUND, **FIELD_RESPONSES}


@router.get("/topics/{slug}/history", response_model=list[RevisionInfo],
            summary="A topic's revisions, newest first", responses=READ)
def api_history(wiki: WikiDep, slug: Slug,
                limit: Annotated[int, Query(ge=1, le=history.MAX_LIMIT)] = 50,
                before: Annotated[int | None, Query(ge=1,
                                                    le=MAX_DB_INT)] = None) -> list[RevisionInfo]:
    return history.history(wiki, slug, limit, before)


@router.get("/topics/{slug}/revisions/{number}", response_model=RevisionDetail,
            summary="One revision with its snapshot", responses=READ)
def api_revision(wiki: WikiDep, slug: Slug,
                 number: Annotated[int, Path(ge=1, le=MAX_DB_INT)]) -> RevisionDetail:
    return history.revision(wiki, slug, number)


@router.get("/topics/{slug}/diff", response_model=DiffView,
            summary="Word-level differences between two revisions", responses=READ)
def api_diff(wiki: WikiDep, slug: Slug,
             old: Annotated[int, Query(alias="from", ge=0, le=MAX_DB_INT, description=(
                 "The older revision; 0: before the topic existed."))],
             new: Annotated[int, Query(alias="to", ge=1, le=MAX_DB_INT)]) -> DiffView:
    return history.diff(wiki, slug, old, new)


@router.get("/changes", response_model=RecentPage, summary="Recent changes",
            responses=READ)
def api_changes(wiki: WikiDep, lang: ApiLangDep,
                user: Annotated[str | None, Query(max_length=200)] = None,
                topic: Annotated[str | None, Query(max_length=160)] = None,
                kind: Annotated[list[ChangeKind] | None, Query()] = None,
                limit: Annotated[int, Query(ge=1, le=history.MAX_LIMIT)] = 50,
                before: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None) -> RecentPage:
    """`kind` may repeat (edit, rename, …; leave out import for human changes only);
    `before` is the `next_before` of the page before."""
    kinds = [str(k) for k in kind] if kind else None
    return history.recent_changes(wiki, author=user, topic=topic, changes=kinds,
                                  limit=limit, before=before, lang=lang)


@router.post("/preview", response_model=PreviewView, summary="Render unsaved text",
             responses={**UNREADABLE, **REFUSALS, **FIELD_RESPONSES})
def api_preview(wiki: WikiDep, _: Editor, body: PreviewRequest) -> PreviewView:
    """Markdown and math rendered and sanitized by the topic page's own pipeline."""
    return edit_preview.preview(wiki, body)
