"""The editing pages: edit and create forms (with a server-side preview for browsers
without JavaScript), the merge view of a stale save, rename, delete, restore, rollback.

A stale save is never lost: the form comes back (409) filled with what the editor typed,
beside the current text and the other change's diff, with the current revision as its new
base. Routes that read the form are `async` (the body is read on the loop) and hand the
database work to the thread pool.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from aiwiki.domain.enums import LANGUAGES, Kind, Level, Status
from aiwiki.errors import EditConflict, InvalidFields, NotFound
from aiwiki.services import edit_preview, editing, history
from aiwiki.services.edit_preview import PreviewRequest, PreviewView
from aiwiki.services.edit_requests import (
    CreateRequest,
    EditRequest,
    RenameRequest,
    RevisionRequest,
    parse,
)
from aiwiki.services.wiki import Wiki
from aiwiki.web.deps import MAX_DB_INT, LangDep, WikiDep
from aiwiki.web.edit_forms import Draft, draft_from_form, draft_of, fields_of
from aiwiki.web.forms import CsrfChecked, page
from aiwiki.web.session import Admin, Editor

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
Base = Annotated[int, Form(ge=0, le=MAX_DB_INT)]
Comment = Annotated[str, Form(max_length=500)]


def current(wiki: Wiki, slug: str) -> tuple[int, dict[str, Any], str]:
    """The topic's current revision number, snapshot and slug; 404 once deleted."""
    latest = history.history(wiki, slug, 1)[0]
    detail = history.revision(wiki, slug, latest.number)
    if detail.snapshot.get("status") == Status.DELETED:
        raise NotFound(f"“{slug}” is deleted; an admin can restore it from its history.")
    return latest.number, detail.snapshot, detail.slug


def form_page(request: Request, lang: str, draft: Draft, status: int = 200,
              **values: Any) -> Response:
    """The edit form (`slug` set) or the create form, with whatever else it shows."""
    return page(request, lang, "edit.html", status, draft=draft, languages=LANGUAGES,
                levels=list(Level), kinds=list(Kind), **values)


def _previews(wiki: Wiki, draft: Draft, slug: str | None) -> dict[str, PreviewView]:
    shown = {}
    for lang, texts in draft["texts"].items():
        if any(texts.values()):
            fields = parse(PreviewRequest, {**texts, "slug": slug})
            shown[lang] = edit_preview.preview(wiki, fields)
    return shown


@router.get("/new")
def new_page(request: Request, lang: LangDep, _: Editor) -> Response:
    empty = draft_of({"texts": {}, "aliases": [], "tags": [], "categories": []}, 0)
    return form_page(request, lang, empty, slug=None)


@router.post("/new")
async def new_submit(request: Request, wiki: WikiDep, lang: LangDep, viewer: Editor,
                     _: CsrfChecked) -> Response:
    form = await request.form()
    draft = draft_from_form(form)
    return await run_in_threadpool(_create, request, wiki, lang, viewer.account.username,
                                   draft, form.get("action") == "preview")


def _create(request: Request, wiki: Wiki, lang: str, author: str, draft: Draft,
            preview_only: bool) -> Response:
    try:
        if preview_only:
            return form_page(request, lang, draft, slug=None,
                             previews=_previews(wiki, draft, None))
        body = parse(CreateRequest, {**fields_of(draft), "slug": draft["slug"] or None})
        saved = editing.create(wiki, body, author)
    except InvalidFields as exc:
        return form_page(request, lang, draft, 422, slug=None, error=exc)
    return RedirectResponse(f"/t/{saved.slug}?lang={lang}&created=1", status_code=303)


@router.get("/t/{slug}/edit")
def edit_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep,
              _: Editor) -> Response:
    number, snapshot, now = current(wiki, slug)
    draft = draft_of(snapshot, number)
    return form_page(request, lang, draft, slug=now, previews=_previews(wiki, draft, now))


@router.post("/t/{slug}/edit")
async def edit_submit(request: Request, slug: str, wiki: WikiDep, lang: LangDep,
                      viewer: Editor, _: CsrfChecked) -> Response:
    form = await request.form()
    draft = draft_from_form(form)
    return await run_in_threadpool(_edit, request, wiki, lang, slug, viewer.account.username,
                                   draft, form.get("action") == "preview")


def _edit(request: Request, wiki: Wiki, lang: str, slug: str, author: str, draft: Draft,
          preview_only: bool) -> Response:
    try:
        if preview_only:
            return form_page(request, lang, draft, slug=slug,
                             previews=_previews(wiki, draft, slug))
        body = parse(EditRequest, {**fields_of(draft), "base_revision": draft["base_revision"]})
        saved = editing.edit(wiki, slug, body, author)
    except InvalidFields as exc:
        return form_page(request, lang, draft, 422, slug=slug, error=exc)
    except EditConflict as exc:
        return _merge_view(request, wiki, lang, draft, exc)
    return RedirectResponse(f"/t/{saved.slug}?lang={lang}&saved={saved.revision}",
                            status_code=303)


def _merge_view(request: Request, wiki: Wiki, lang: str, draft: Draft,
                exc: EditConflict) -> Response:
    """The editor's text kept in the form, the current text beside it, the change that
    came between as a diff; the new base is the current revision."""
    theirs = history.diff(wiki, exc.slug, exc.base_revision, exc.current_revision) \
        if 0 < exc.base_revision < exc.current_revision else None
    mine = {**draft, "base_revision": exc.current_revision}
    return form_page(request, lang, mine, 409, slug=exc.slug, conflict=exc,
                     theirs=theirs, current_draft=draft_of(exc.current, exc.current_revision),
                     previews=_previews(wiki, draft, exc.slug))


@router.post("/t/{slug}/rename")
def rename_submit(request: Request, slug: str, wiki: WikiDep, lang: LangDep, viewer: Editor,
                  _: CsrfChecked, base_revision: Base, comment: Comment = "",
                  new_slug: Annotated[str, Form(max_length=200)] = "",
                  new_title: Annotated[str, Form(max_length=400)] = "",
                  title_lang: Annotated[str, Form(max_length=10)] = "en",
                  keep_old_title: Annotated[str, Form(max_length=10)] = "") -> Response:
    body = parse(RenameRequest, {
        "base_revision": base_revision, "comment": comment, "slug": new_slug or None,
        "title": new_title or None, "lang": title_lang, "keep_old_title": bool(keep_old_title)})
    saved = editing.rename(wiki, slug, body, viewer.account.username)
    return RedirectResponse(f"/t/{saved.slug}?lang={lang}&saved={saved.revision}",
                            status_code=303)


@router.post("/t/{slug}/delete")
def delete_submit(request: Request, slug: str, wiki: WikiDep, lang: LangDep, viewer: Editor,
                  _: CsrfChecked, base_revision: Base, comment: Comment = "") -> Response:
    body = parse(RevisionRequest, {"base_revision": base_revision, "comment": comment})
    saved = editing.delete_topic(wiki, slug, body, viewer.account.username)
    return RedirectResponse(f"/t/{saved.slug}/history?lang={lang}", status_code=303)


@router.post("/t/{slug}/restore")
def restore_submit(request: Request, slug: str, wiki: WikiDep, lang: LangDep, viewer: Admin,
                   _: CsrfChecked, base_revision: Base, comment: Comment = "") -> Response:
    body = parse(RevisionRequest, {"base_revision": base_revision, "comment": comment})
    saved = editing.restore(wiki, slug, body, viewer.account.username)
    return RedirectResponse(f"/t/{saved.slug}?lang={lang}&saved={saved.revision}",
                            status_code=303)


@router.post("/t/{slug}/rollback")
def rollback_submit(request: Request, slug: str, wiki: WikiDep, lang: LangDep,
                    viewer: Editor, _: CsrfChecked, base_revision: Base,
                    to: Annotated[int, Form(ge=1,
                                            le=MAX_DB_INT)], comment: Comment = "") -> Response:
    body = parse(RevisionRequest, {"base_revision": base_revision, "comment": comment})
    saved = editing.rollback(wiki, slug, to, body, viewer.account.username)
    return RedirectResponse(f"/t/{saved.slug}/history?lang={lang}", status_code=303)
