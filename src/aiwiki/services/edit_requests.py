"""What an edit may say, checked where it enters: the bodies of the write API and the
values of the edit forms alike (the API uses these models as its request bodies).

Every field has a size limit and a shape; text loses carriage returns, a one-line field
(title, alias, tag) its surrounding spaces, and no field may hold a control character
(PostgreSQL refuses a NUL outright: better a message naming the field than a 500). A
field left out is left as it is; `level: null` clears the level.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from aiwiki.domain.enums import LANGUAGES, Kind, Level
from aiwiki.domain.names import SLUG_MAX_LENGTH, clean_slug, normalize_name
from aiwiki.errors import InvalidFields

TITLE_MAX = 300
SUMMARY_MAX = 2_000
WHY_MAX = 10_000
BODY_MAX = 200_000
COMMENT_MAX = 500
NAME_MAX = 200  # a tag or alias
LIST_MAX = 100  # tags, categories, aliases of one language
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _line(value: str) -> str:
    value = _text(value).strip()
    if "\n" in value:
        raise ValueError("must be one line")
    return value


def _name(value: str) -> str:
    if not normalize_name(value):
        raise ValueError("needs a letter or a digit")
    return value


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValueError(f"unknown language {value[:20]!r} (known: {', '.join(LANGUAGES)})")
    return value


def _slug(value: str) -> str:
    return clean_slug(value)  # its ValueError names the rule


Language = Annotated[str, AfterValidator(_language)]
Slug = Annotated[str, Field(max_length=SLUG_MAX_LENGTH * 2), AfterValidator(_slug)]
Title = Annotated[str, Field(max_length=TITLE_MAX), AfterValidator(_line)]
Name = Annotated[str, Field(max_length=NAME_MAX), AfterValidator(_line), AfterValidator(_name)]
Comment = Annotated[str, Field(max_length=COMMENT_MAX), AfterValidator(_line)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=BODY_MAX)


class TextFields(_Strict):
    """One language's texts; a field left out keeps its value."""

    title: Title | None = None
    summary: Annotated[str, Field(max_length=SUMMARY_MAX), AfterValidator(_text)] | None = None
    why_it_matters: Annotated[str, Field(max_length=WHY_MAX), AfterValidator(_text)] | None = None
    body: Annotated[str, Field(max_length=BODY_MAX), AfterValidator(_text)] | None = None


class TopicFields(_Strict):
    """The editable fields of a topic; only those given change."""

    texts: dict[Language, TextFields] = Field(default_factory=dict)
    tags: Annotated[list[Name], Field(max_length=LIST_MAX)] | None = None
    categories: Annotated[list[Slug], Field(max_length=LIST_MAX)] | None = None
    level: Level | None = None
    kind: Kind | None = None
    aliases: dict[Language, Annotated[list[Name], Field(max_length=LIST_MAX)]] | None = None

    def changes(self) -> dict[str, Any]:
        """The given fields in the shape of a snapshot (domain.snapshots.edited)."""
        given = self.model_fields_set & {"tags", "categories", "level", "kind", "aliases"}
        changes: dict[str, Any] = {
            name: self._plain(getattr(self, name)) for name in given
            if name == "level" or getattr(self, name) is not None
        }
        changes["texts"] = {
            lang: fields.model_dump(exclude_none=True) for lang, fields in self.texts.items()
        }
        return changes

    @staticmethod
    def _plain(value: Any) -> Any:
        return str(value) if isinstance(value, Level | Kind) else value


class CreateRequest(TopicFields):
    """A new topic: its slug (made from its title when left out) and first fields."""

    slug: Slug | None = None
    comment: Comment = ""


class EditRequest(TopicFields):
    """A change of a topic, with the revision number the editor started from."""

    base_revision: int = Field(ge=0)
    comment: Comment = ""


class RenameRequest(_Strict):
    """A new slug (the old one redirects) and/or a new title in one language; the old
    title stays an alias unless `keep_old_title` is false."""

    base_revision: int = Field(ge=0)
    slug: Slug | None = None
    title: Title | None = None
    lang: Language = "en"
    keep_old_title: bool = True
    comment: Comment = ""


class RevisionRequest(_Strict):
    """Delete, restore or roll back: the revision the editor saw, and why."""

    base_revision: int = Field(ge=0)
    comment: Comment = ""


Model = TypeVar("Model", bound=BaseModel)


def parse(model: type[Model], data: Any) -> Model:
    """`data` (a form's or a command's values) as `model`, or InvalidFields with one
    message per field: the same messages the API gives for its bodies."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidFields(field_problems(exc)) from None


def field_problems(exc: ValidationError) -> dict[str, str]:
    """'texts.en.title' -> 'String should have at most 300 characters', first one each."""
    problems: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        where = ".".join(str(part) for part in error["loc"]) or "body"
        problems.setdefault(where, error["msg"].removeprefix("Value error, "))
    return problems
