"""What the account pages share: the CSRF dependency and a page renderer for forms."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import Response
from starlette.requests import Request

from aiwiki.web.csrf import require_csrf
from aiwiki.web.pages import render

# A parameter of this type on a POST route refuses the request (403) unless the form's
# csrf_token matches; declare it before the route's other parameters.
CsrfChecked = Annotated[None, Depends(require_csrf)]


def page(request: Request, lang: str, template: str, status: int = 200,
         **values: Any) -> Response:
    """A form page: never stored by a cache (it may hold a token shown once, or errors)."""
    response = render(request, lang, template, **values)
    response.status_code = status
    response.headers["cache-control"] = "no-store"
    return response
