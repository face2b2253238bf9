"""Small request helpers shared by the HTML and API routes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import AfterValidator, BeforeValidator, TypeAdapter, WithJsonSchema
from pydantic_core import PydanticCustomError
from starlette.requests import Request

from aiwiki.domain.enums import LANGUAGES, Kind, Level
from aiwiki.services.wiki import Wiki
from aiwiki.web.i18n import negotiate


def _known_language(code: str) -> str:
    """LANGUAGES is a tuple, not an enum: check it as pydantic checks an enum."""
    if code not in LANGUAGES:
        expected = " or ".join(repr(known) for known in LANGUAGES)
        raise PydanticCustomError("enum", "Input should be {expected}", {"expected": expected})
    return code


# A site language, declared in the OpenAPI document as the enum it is.
Language = Annotated[str, AfterValidator(_known_language),
                     WithJsonSchema({"type": "string", "enum": list(LANGUAGES)})]


def _schema_of(kind: Any) -> WithJsonSchema:
    return WithJsonSchema(TypeAdapter(kind).json_schema())


# Optional parameters: one may leave them out, but never send null, so their schema is the
# type's alone. (`X | SkipJsonSchema[None]` would do that too, but as a union whose branch
# name pydantic puts in the error's location: "query.level.str-enum[Level]".)
OptionalLevel = Annotated[Level | None, _schema_of(Level)]
OptionalKind = Annotated[Kind | None, _schema_of(Kind)]
OptionalLanguage = Annotated[Language | None, _schema_of(Language)]
OptionalSlug = Annotated[str | None, _schema_of(str)]


def blank_is_none(value: object) -> object:
    return value or None


# Filters of the HTML pages: a form sends an empty field for "any", which means no filter;
# any other value must be one of the enum's (else 422, like the API).
FormLevel = Annotated[Level | None, BeforeValidator(blank_is_none)]
FormKind = Annotated[Kind | None, BeforeValidator(blank_is_none)]
FormLanguage = Annotated[Language | None, BeforeValidator(blank_is_none)]


# A learning path's order: what each step mentions first, or as the import gave them.
PathOrder = Annotated[Literal["prerequisites", "imported"], Query(
    description="prerequisites (the default: a step comes after the steps it mentions) "
                "or imported.")]


# The largest id or revision number a column holds (PostgreSQL integer): a bigger one in a
# path or query is 422 before it reaches the database (which would answer with an error).
MAX_DB_INT = 2**31 - 1


async def get_wiki(request: Request) -> Wiki:
    wiki: Wiki = request.app.state.wiki
    return wiki


async def get_lang(request: Request) -> str:
    wiki: Wiki = request.app.state.wiki
    return negotiate(request, wiki.settings.default_language)


async def get_api_lang(
    request: Request,
    lang: Annotated[OptionalLanguage, Query(
        description="Answer in this language; without it, the `lang` cookie, then "
                    "Accept-Language, then the site's default.")] = None,
) -> str:
    """The API's `lang` is declared and checked (422 for an unknown one); pages ignore one."""
    return lang or await get_lang(request)


WikiDep = Annotated[Wiki, Depends(get_wiki)]
LangDep = Annotated[str, Depends(get_lang)]
ApiLangDep = Annotated[str, Depends(get_api_lang)]
