"""Language negotiation and the user-interface strings in every site language."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml
from babel.dates import format_date
from starlette.requests import Request

from aiwiki.domain.enums import LANGUAGES

LANG_COOKIE = "lang"
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
BABEL_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}

LOCALES = Path(__file__).parent / "locales"
# UI strings live in one YAML file per language (web/locales/<lang>.yaml).
UI: dict[str, dict[str, str]] = {
    lang: yaml.safe_load((LOCALES / f"{lang}.yaml").read_text("utf-8")) for lang in LANGUAGES
}


def negotiate(request: Request, default: str) -> str:
    """?lang= first, then the cookie the switch sets, then Accept-Language."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return default


def translator(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["en"])


def human_date(value: datetime, lang: str) -> str:
    return format_date(value, format="medium", locale=BABEL_LOCALES.get(lang, "en"))
