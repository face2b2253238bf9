"""What an edit may say: every bad value refused with a message naming its field."""

from __future__ import annotations

from typing import Any

import pytest

from aiwiki.errors import InvalidFields
from aiwiki.services.edit_requests import (
    BODY_MAX,
    TITLE_MAX,
    CreateRequest,
    EditRequest,
    parse,
)


@pytest.mark.parametrize(("data", "field"), [
    ({"texts": {"fr": {"title": "Bonjour"}}}, "texts.fr.[key]"),
    ({"texts": {"en": {"title": "x" * (TITLE_MAX + 1)}}}, "texts.en.title"),
    ({"texts": {"en": {"title": "two\nlines"}}}, "texts.en.title"),
    ({"texts": {"en": {"body": "nul\x00byte"}}}, "texts.en.body"),
    ({"texts": {"en": {"body": "x" * (BODY_MAX + 1)}}}, "texts.en.body"),
    ({"texts": {"en": {"colour": "red"}}}, "texts.en.colour"),
    ({"tags": ["ok", "!!!"]}, "tags.1"),
    ({"tags": [f"t{i}" for i in range(101)]}, "tags"),
    ({"categories": ["Not A Slug"]}, "categories.0"),
    ({"aliases": {"xx": ["Name"]}}, "aliases.xx.[key]"),
    ({"level": "expert"}, "level"),
    ({"kind": "poem"}, "kind"),
    ({"base_revision": -1}, "base_revision"),
    ({"base_revision": "three"}, "base_revision"),
    ({"comment": "c" * 501}, "comment"),
])
def test_bad_values_name_their_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidFields) as refused:
        parse(EditRequest, {"base_revision": 1, **data})
    assert field in refused.value.fields
    assert refused.value.status_code == 422


def test_a_missing_base_revision_is_named() -> None:
    with pytest.raises(InvalidFields) as refused:
        parse(EditRequest, {"texts": {}})
    assert set(refused.value.fields) == {"base_revision"}


@pytest.mark.parametrize("slug", ["../x", "A B", "a--b", "x" * 81])
def test_a_new_slug_must_be_one_slugify_would_make(slug: str) -> None:
    with pytest.raises(InvalidFields) as refused:
        parse(CreateRequest, {"slug": slug, "texts": {"en": {"title": "X"}}})
    assert "not a valid slug" in refused.value.fields["slug"]


def test_text_is_tidied_as_it_enters() -> None:
    request = parse(EditRequest, {"base_revision": 1, "texts": {"en": {
        "title": "  Gizmo  ", "body": "one\r\ntwo\rthree"}}, "level": None})
    assert request.changes() == {"level": None, "texts": {"en": {
        "title": "Gizmo", "body": "one\ntwo\nthree"}}}
