"""Jinja2 set-up: autoescaping on, helpers the templates share."""

from __future__ import annotations

from datetime import UTC, datetime
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
    env.filters["atom_time"] = _atom_time
    return templates


def _atom_time(value: datetime | None) -> str:
    """RFC 3339 in UTC, as Atom wants it; now for an empty feed."""
    moment = value or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trusted(html: str) -> Markup:
    """Only HTML that came out of aiwiki.rendering's sanitizer may pass through this."""
    return Markup(html)  # noqa: S704 - sanitized by nh3 in aiwiki.rendering


def context(request: Request, lang: str, **values: Any) -> dict[str, Any]:
    return {"request": request, "lang": lang, "t": translator(lang), **values}
