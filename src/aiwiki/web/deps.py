"""Small request helpers shared by the HTML and API routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from aiwiki.services.wiki import Wiki
from aiwiki.web.i18n import negotiate


async def get_wiki(request: Request) -> Wiki:
    wiki: Wiki = request.app.state.wiki
    return wiki


async def get_lang(request: Request) -> str:
    wiki: Wiki = request.app.state.wiki
    return negotiate(request, wiki.settings.default_language)


WikiDep = Annotated[Wiki, Depends(get_wiki)]
LangDep = Annotated[str, Depends(get_lang)]
