"""The record of changes as pages: a topic's history (compare any two, roll back, restore),
the side-by-side diff, recent changes with filters, and their Atom feed. Anyone may read
them; the buttons that write show for editors (and restore for admins) only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.requests import Request

from aiwiki.domain.enums import ChangeKind, Status
from aiwiki.services import history
from aiwiki.web.deps import MAX_DB_INT, LangDep, WikiDep
from aiwiki.web.pages import render

router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
Filter = Annotated[str, Query(max_length=200)]


@router.get("/t/{slug}/history")
def history_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep,
                 before: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None) -> Response:
    revisions = history.history(wiki, slug, 50, before)
    latest = history.history(wiki, slug, 1)[0]
    detail = history.revision(wiki, slug, latest.number)
    return render(request, lang, "history.html", slug=detail.slug, revisions=revisions,
                  latest=latest.number, title=_title(detail.snapshot, lang) or detail.slug,
                  deleted=detail.snapshot.get("status") == Status.DELETED)


def _title(snapshot: dict[str, object], lang: str) -> str:
    texts = snapshot.get("texts")
    if not isinstance(texts, dict):
        return ""
    for code in (lang, *sorted(texts)):
        title = texts.get(code, {}).get("title", "")
        if title:
            return str(title)
    return ""


@router.get("/t/{slug}/diff")
def diff_page(request: Request, slug: str, wiki: WikiDep, lang: LangDep,
              old: Annotated[int, Query(alias="from", ge=0, le=MAX_DB_INT)],
              new: Annotated[int, Query(alias="to", ge=1, le=MAX_DB_INT)]) -> Response:
    if old > new:
        old, new = new, old
    view = history.diff(wiki, slug, old, new)
    detail = history.revision(wiki, slug, new)
    return render(request, lang, "diff.html", diff=view, slug=view.slug,
                  title=_title(detail.snapshot, lang) or view.slug)


def _recent(wiki: WikiDep, lang: str, user: str, topic: str, kind: str,
            before: int | None) -> history.RecentPage:
    kinds = None
    if kind == "human":
        kinds = [str(k) for k in ChangeKind if k != ChangeKind.IMPORT]
    elif kind:
        kinds = [kind]
    return history.recent_changes(wiki, author=user or None, topic=topic or None,
                                  changes=kinds, before=before, lang=lang)


@router.get("/changes")
def changes_page(request: Request, wiki: WikiDep, lang: LangDep, user: Filter = "",
                 topic: Filter = "", kind: Filter = "",
                 before: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None) -> Response:
    found = _recent(wiki, lang, user, topic, kind, before)
    return render(request, lang, "changes.html", page=found, user=user, topic=topic,
                  kind=kind, kinds=[str(k) for k in ChangeKind])


@router.get("/changes.atom")
def changes_feed(request: Request, wiki: WikiDep, lang: LangDep, user: Filter = "",
                 topic: Filter = "", kind: Filter = "") -> Response:
    found = _recent(wiki, lang, user, topic, kind, None)
    response = request.app.state.templates.TemplateResponse(
        request, "changes.atom.xml", {"request": request, "lang": lang, "page": found},
        media_type="application/atom+xml")
    return response  # type: ignore[no-any-return]
