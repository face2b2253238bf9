"""The schema of aiwiki's lossless formats: what a topic, category, tag, path and site file
may hold, with a bound on every size.

JSON Lines objects, Markdown front matter and `site.yaml` are all checked against these
models before they become drafts, so a wrong value is refused with its field instead of
being coerced (a string of tags read letter by letter) or crashing a write later.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationError,
    field_validator,
)

from aiwiki.domain.enums import LANGUAGES, Kind, Level, Status
from aiwiki.domain.names import clean_slug, normalize_name
from aiwiki.errors import ImportFormatError
from aiwiki.importers._problems import describe

TITLE_MAX = 300
NAME_MAX = 200  # tag, category and path names: their columns hold 200
ALIAS_MAX = 300  # an alias, and its normalised form (which may be longer)
SUMMARY_MAX = 10_000  # summary, why it matters, descriptions
BODY_MAX = 200_000
REASON_MAX = 2_000
LIST_MAX = 1_000  # tags, categories, review reasons, aliases of one language
STEPS_MAX = 10_000
MAPPING_MAX = 50  # entries of a per-language mapping (every key must be a known language)
DECLARED_COUNT_MAX = 1_000_000_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Text the database and a terminal can hold: no lone surrogate, no control character."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode (it holds a lone surrogate)") from None
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _slug(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return clean_slug(clean_text(value))


def _language(value: str) -> str:
    if value not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {clean_text(value)!r} (known: {known})")
    return value


def _alias(value: str) -> str:
    if len(normalize_name(value)) > ALIAS_MAX:
        raise ValueError(f"is longer than {ALIAS_MAX} characters once normalised")
    return value


def _list_of_strings(value: object) -> object:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("must be a list of strings")
    return value


def _mapping(value: object) -> object:
    if value is None:
        return {}
    if isinstance(value, dict) and len(value) > MAPPING_MAX:
        raise ValueError(f"has more than {MAPPING_MAX} entries")
    return value


def _none_is_empty(value: object) -> object:
    return [] if value is None else value


Slug = Annotated[str, BeforeValidator(_slug)]
Language = Annotated[StrictStr, AfterValidator(_language)]
Title = Annotated[StrictStr, StringConstraints(max_length=TITLE_MAX), AfterValidator(clean_text)]
Summary = Annotated[
    StrictStr, StringConstraints(max_length=SUMMARY_MAX), AfterValidator(clean_text)
]
Body = Annotated[StrictStr, StringConstraints(max_length=BODY_MAX), AfterValidator(clean_text)]
Name = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
    AfterValidator(clean_text),
]
Alias = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=ALIAS_MAX),
    AfterValidator(clean_text), AfterValidator(_alias),
]
Reason = Annotated[
    StrictStr, StringConstraints(max_length=REASON_MAX), AfterValidator(clean_text)
]
Count = Annotated[StrictInt, Field(ge=0, le=DECLARED_COUNT_MAX)]

Names = Annotated[list[Name], BeforeValidator(_list_of_strings), Field(max_length=LIST_MAX)]
Aliases = Annotated[list[Alias], BeforeValidator(_list_of_strings), Field(max_length=LIST_MAX)]
Reasons = Annotated[list[Reason], BeforeValidator(_list_of_strings), Field(max_length=LIST_MAX)]
Slugs = Annotated[list[Slug], BeforeValidator(_list_of_strings), Field(max_length=LIST_MAX)]
Steps = Annotated[list[Slug], BeforeValidator(_list_of_strings), Field(max_length=STEPS_MAX)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class TextRecord(_Record):
    """One language of a topic; a missing or null field means 'not given'."""

    title: Title | None = None
    summary: Summary | None = None
    why_it_matters: Summary | None = None
    body: Body | None = None


class TopicRecord(_Record):
    slug: Slug
    kind: Kind | None = None
    level: Level | None = None
    status: Status | None = None
    tags: Names = []
    categories: Slugs = []
    aliases: Annotated[dict[Language, Aliases], BeforeValidator(_mapping)] = {}
    review: Reasons = []
    texts: Annotated[dict[Language, TextRecord], BeforeValidator(_mapping)]

    @field_validator("texts")
    @classmethod
    def _has_a_title(cls, texts: dict[str, TextRecord]) -> dict[str, TextRecord]:
        if not any(text.title and text.title.strip() for text in texts.values()):
            raise ValueError("a topic needs a title in at least one language")
        return texts


class CategoryRecord(_Record):
    slug: Slug
    name: Name
    descriptions: Annotated[dict[Language, Summary], BeforeValidator(_mapping)] = {}


class TagRecord(_Record):
    name: Name
    declared_count: Count | None = None


class PathRecord(_Record):
    slug: Slug
    name: Name | None = None
    title: Annotated[Title, StringConstraints(min_length=1)]
    level: Level | None = None
    description: Summary | None = None
    steps: Steps = []


class SiteRecord(_Record):
    """`site.yaml` of a Markdown folder: everything but the topics."""

    format: Literal["aiwiki-markdown"]
    version: Literal[1] | None = None
    categories: Annotated[list[CategoryRecord], BeforeValidator(_none_is_empty)] = []
    tags: Annotated[list[TagRecord], BeforeValidator(_none_is_empty)] = []
    paths: Annotated[list[PathRecord], BeforeValidator(_none_is_empty)] = []


R = TypeVar("R", bound=BaseModel)
Locate = Callable[[tuple[str | int, ...]], int]


def parse(model: type[R], data: Any, file: str, line: int, locate: Locate | None = None) -> R:
    """`data` checked against `model`; the first problem becomes one ImportFormatError naming
    the file, the line (`locate` finds it from the field path) and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        loc, message = describe(exc)
        raise ImportFormatError(file, locate(loc) if locate else line, message) from None
    except RecursionError:
        raise ImportFormatError(file, line, "the data is nested too deeply") from None
