"""Jinja2 set-up: autoescaping on, helpers the templates share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.requests import Request

from aiwiki.web.i18n import LANGUAGE_NAMES, human_date, translator
from aiwiki.web.session import template_globals

TEMPLATES = Path(__file__).parent / "templates"


def make_templates(site_name: str) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES))
    env = templates.env
    env.globals.update(site_name=site_name, language_names=LANGUAGE_NAMES)
    env.globals.update(template_globals())  # viewer(), csrf_field(), csrf_token()
    env.filters["trusted"] = _trusted
    env.filters["human_date"] = human_date
    return templates


def _trusted(html: str) -> Markup:
    """Only HTML that came out of aiwiki.rendering's sanitizer may pass through this."""
    return Markup(html)  # noqa: S704 - sanitized by nh3 in aiwiki.rendering


def context(request: Request, lang: str, **values: Any) -> dict[str, Any]:
    return {"request": request, "lang": lang, "t": translator(lang), **values}
