"""What a review action may say, checked where it enters: the API's request bodies and
the values of the /review forms and `aiwiki review` alike (the same models)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from aiwiki.services.edit_requests import Language, Slug, Title, _line, _Strict

NOTE_MAX = 500


def _required(value: str) -> str:
    if not value:
        raise ValueError("must not be blank")
    return value


Note = Annotated[str, Field(max_length=NOTE_MAX), AfterValidator(_line),
                 AfterValidator(_required)]


class MergeRequest(_Strict):
    """Merge the item's topic into `into` (a slug); left out, the topic the reason names."""

    into: Slug | None = None


class AttachRequest(_Strict):
    """Fold the item's Chinese-only topic into the English topic `to` (a slug)."""

    to: Slug


class RenameItemRequest(_Strict):
    """A better title in `lang` (and a new slug, if given); the old title stays an alias
    only when `keep_old_title` is true."""

    title: Annotated[Title, AfterValidator(_required)]
    lang: Language = "en"
    slug: Slug | None = None
    keep_old_title: bool = False


class DismissRequest(_Strict):
    """Close the item without a change; `reason` says why (required)."""

    reason: Note
