"""The review workflow on the web: /review with one-click forms per item (editors only;
an anonymous visitor is sent to the login form), and its JSON twin under /api/v1.

Routes parse, call services/review.py or services/merges.py, present. A form that fails
(a blank reason, an unknown slug, an item resolved meanwhile) shows the review page again
with the message and its status; the API answers its standard error body.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.requests import Request

from aiwiki.errors import AiwikiError
from aiwiki.services import merges, review
from aiwiki.services.edit_requests import parse
from aiwiki.services.review import ReviewPage
from aiwiki.services.review_requests import (
    AttachRequest,
    DismissRequest,
    MergeRequest,
    RenameItemRequest,
)
from aiwiki.web.account_api import REFUSALS
from aiwiki.web.deps import MAX_DB_INT, ApiLangDep, LangDep, WikiDep
from aiwiki.web.edit_errors import FieldErrorBody
from aiwiki.web.forms import CsrfChecked, page
from aiwiki.web.responses import ErrorBody
from aiwiki.web.session import Editor, origin_of

pages = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
api = APIRouter(prefix="/api/v1", tags=["review"], responses=REFUSALS)

ItemId = Annotated[int, Path(ge=1, le=MAX_DB_INT,
                             description="The id of an open review item (GET /api/v1/review).")]
MergeId = Annotated[int, Path(ge=1, le=MAX_DB_INT,
                              description="The id a merge or attach answered with.")]
Text = Annotated[str, Form(max_length=1000)]
_ACTION_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body is not JSON at all."},
    404: {"model": ErrorBody, "description": "No review item (or topic) by that id or slug."},
    409: {"model": ErrorBody, "description": "Already resolved, or the topic changed "
          "meanwhile; nothing was written."},
    422: {"model": FieldErrorBody, "description": "A field is missing, malformed or unfit "
          "(e.g. a blank reason, a merge into itself); the message names it."},
}


class ResolvedView(BaseModel):
    item_id: int
    slug: str | None
    revision: int | None


class MergedView(BaseModel):
    merge_id: int
    survivor: str
    loser: str
    items: list[int]


class UnmergedView(BaseModel):
    merge_id: int
    survivor: str
    loser: str


# ---------------------------------------------------------------------------- the API

@api.get("/review", response_model=ReviewPage, summary="Open review items (editors)",
         responses={422: _ACTION_ERRORS[422]})  # no body: no 400
def api_review(wiki: WikiDep, lang: ApiLangDep, _: Editor) -> ReviewPage:
    return review.open_items(wiki, lang)


@api.post("/review/{item_id}/merge", response_model=MergedView, responses=_ACTION_ERRORS,
          summary="Merge the item's topic into another (undo: /merges/{id}/undo)")
def api_merge(request: Request, wiki: WikiDep, viewer: Editor, item_id: ItemId,
              body: MergeRequest) -> MergedView:
    done = merges.merge(wiki, item_id, body.into, viewer.account.username, origin_of(request))
    return MergedView(**vars(done))


@api.post("/review/{item_id}/attach", response_model=MergedView, responses=_ACTION_ERRORS,
          summary="Attach the item's Chinese-only topic to an English topic")
def api_attach(request: Request, wiki: WikiDep, viewer: Editor, item_id: ItemId,
               body: AttachRequest) -> MergedView:
    done = merges.attach(wiki, item_id, body.to, viewer.account.username, origin_of(request))
    return MergedView(**vars(done))


@api.post("/review/{item_id}/rename", response_model=ResolvedView, responses=_ACTION_ERRORS,
          summary="Give the item's topic a better title")
def api_rename(request: Request, wiki: WikiDep, viewer: Editor, item_id: ItemId,
               body: RenameItemRequest) -> ResolvedView:
    done = review.rename(wiki, item_id, body.title, body.lang, body.keep_old_title,
                         viewer.account.username, origin_of(request), body.slug)
    return ResolvedView(**vars(done))


@api.post("/review/{item_id}/dismiss", response_model=ResolvedView, responses=_ACTION_ERRORS,
          summary="Close the item without a change, saying why")
def api_dismiss(request: Request, wiki: WikiDep, viewer: Editor, item_id: ItemId,
                body: DismissRequest) -> ResolvedView:
    done = review.dismiss(wiki, item_id, body.reason, viewer.account.username,
                          origin_of(request))
    return ResolvedView(**vars(done))


@api.post("/merges/{merge_id}/undo", response_model=UnmergedView, responses=_ACTION_ERRORS,
          summary="Undo a merge: both topics as before, its items open again")
def api_undo(request: Request, wiki: WikiDep, viewer: Editor, merge_id: MergeId
             ) -> UnmergedView:
    done = merges.undo(wiki, merge_id, viewer.account.username, origin_of(request))
    return UnmergedView(**vars(done))


# -------------------------------------------------------------------------- the page

@pages.get("/review")
def review_page(request: Request, wiki: WikiDep, lang: LangDep, _: Editor,
                merged: int | None = None, done: str | None = None) -> Response:
    return _page(request, wiki, lang, merged=merged, done=done)


def _page(request: Request, wiki: WikiDep, lang: str, status: int = 200,
          **values: Any) -> Response:
    return page(request, lang, "review.html", status, page=review.open_items(wiki, lang),
                **values)


def _after(request: Request, wiki: WikiDep, lang: str, act: Any) -> Response:
    """Run a form's action; back to /review on success, the page with the error if not."""
    try:
        result = act()
    except AiwikiError as exc:
        if exc.status_code >= 500:
            raise
        return _page(request, wiki, lang, exc.status_code, error=exc.message)
    merge_id = getattr(result, "merge_id", None)
    target = f"/review?merged={merge_id}" if isinstance(result, merges.Merged) else \
        "/review?done=1"
    return RedirectResponse(target, status_code=303)


@pages.post("/review/{item_id}/merge")
def form_merge(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
               _c: CsrfChecked, item_id: ItemId, into: Text = "") -> Response:
    def act() -> object:
        body = parse(MergeRequest, {"into": into or None})
        return merges.merge(wiki, item_id, body.into, viewer.account.username,
                            origin_of(request))
    return _after(request, wiki, lang, act)


@pages.post("/review/{item_id}/attach")
def form_attach(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                _c: CsrfChecked, item_id: ItemId, to: Text = "") -> Response:
    def act() -> object:
        body = parse(AttachRequest, {"to": to})
        return merges.attach(wiki, item_id, body.to, viewer.account.username,
                             origin_of(request))
    return _after(request, wiki, lang, act)


@pages.post("/review/{item_id}/rename")
def form_rename(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                _c: CsrfChecked, item_id: ItemId, title: Text = "", title_lang: Text = "en",
                keep_old_title: Text = "") -> Response:
    def act() -> object:
        body = parse(RenameItemRequest, {"title": title, "lang": title_lang,
                                         "keep_old_title": bool(keep_old_title)})
        return review.rename(wiki, item_id, body.title, body.lang, body.keep_old_title,
                             viewer.account.username, origin_of(request))
    return _after(request, wiki, lang, act)


@pages.post("/review/{item_id}/dismiss")
def form_dismiss(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                 _c: CsrfChecked, item_id: ItemId, reason: Text = "") -> Response:
    def act() -> object:
        body = parse(DismissRequest, {"reason": reason})
        return review.dismiss(wiki, item_id, body.reason, viewer.account.username,
                              origin_of(request))
    return _after(request, wiki, lang, act)


@pages.post("/merges/{merge_id}/undo")
def form_undo(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
              _c: CsrfChecked, merge_id: MergeId) -> Response:
    def act() -> object:
        return merges.undo(wiki, merge_id, viewer.account.username, origin_of(request))
    return _after(request, wiki, lang, act)
