"""The pure rules of changing a snapshot, on tables of cases."""

from __future__ import annotations

from typing import Any

import pytest

from aiwiki.domain.snapshots import edited, normalized, problems, renamed, rolled_back, title_of


def snap(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "slug": "gizmo", "kind": "concept", "level": None, "status": "published",
        "texts": {"en": {"title": "Gizmo", "summary": "S.", "why_it_matters": "", "body": ""}},
        "aliases": [], "tags": [], "categories": []}
    return {**base, **fields}


@pytest.mark.parametrize(("changes", "key", "expected"), [
    ({"texts": {"en": {"body": "B"}}}, "texts",
     {"en": {"title": "Gizmo", "summary": "S.", "why_it_matters": "", "body": "B"}}),
    ({"texts": {"zh": {"title": "小"}}}, "texts",
     {"en": {"title": "Gizmo", "summary": "S.", "why_it_matters": "", "body": ""},
      "zh": {"title": "小", "summary": "", "why_it_matters": "", "body": ""}}),
    ({"texts": {"en": {"title": "", "summary": ""}}}, "texts", {}),  # an empty language goes
    ({"tags": ["b", "a", "a"]}, "tags", ["a", "b"]),
    ({"aliases": {"en": ["KV cache", "kv-cache", " "]}}, "aliases", [["en", "KV cache"]]),
    ({"level": None}, "level", None),
])
def test_edited(changes: dict[str, Any], key: str, expected: Any) -> None:
    assert edited(snap(), changes)[key] == expected


def test_aliases_of_a_language_left_out_stay() -> None:
    start = snap(aliases=[["en", "G"], ["zh", "小"]])
    assert edited(start, {"aliases": {"en": []}})["aliases"] == [["zh", "小"]]


def test_edited_leaves_its_input_alone() -> None:
    start = snap()
    edited(start, {"texts": {"en": {"body": "B"}}})
    assert start == snap()


def test_normalized_is_the_identity_on_a_normal_snapshot() -> None:
    start = snap(aliases=[["en", "G"]], tags=["a", "b"])
    assert normalized(start) == start


@pytest.mark.parametrize(("title", "keep", "aliases"), [
    ("Widget", True, [["en", "Gizmo"]]),
    ("Widget", False, []),
    ("GIZMO", True, []),  # the same name in other letters is no old name
    (None, True, []),
])
def test_renamed(title: str | None, keep: bool, aliases: list[list[str]]) -> None:
    result = renamed(snap(), "widget", "en", title, keep)
    assert (result["slug"], result["aliases"]) == ("widget", aliases)
    assert result["texts"]["en"]["title"] == (title or "Gizmo")


def test_rolled_back_keeps_the_current_status() -> None:
    assert rolled_back(snap(status="needs_review"), snap(slug="old")) == snap(
        slug="old", status="needs_review")


@pytest.mark.parametrize(("texts", "found"), [
    ({"en": {"title": "", "summary": "S.", "why_it_matters": "", "body": ""}}, {"texts"}),
    ({"zh": {"title": "小", "summary": "", "why_it_matters": "", "body": ""}}, set()),
])
def test_problems(texts: dict[str, Any], found: set[str]) -> None:
    assert set(problems(snap(texts=texts))) == found


@pytest.mark.parametrize(("lang", "title"), [("en", "Gizmo"), ("zh", "小"), ("fr", "Gizmo")])
def test_title_of_falls_back(lang: str, title: str) -> None:
    both = snap(texts={"en": {"title": "Gizmo"}, "zh": {"title": "小"}})
    assert title_of(both, lang) == title
