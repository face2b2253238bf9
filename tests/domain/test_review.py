"""The pure rules of the review workflow, on tables of cases."""

from __future__ import annotations

import pytest

from aiwiki.domain.review import (
    Action,
    ItemKind,
    kind_of,
    merged,
    only_chinese,
    other_slug,
    tombstone,
)
from aiwiki.domain.snapshots import Snapshot


@pytest.mark.parametrize(("reason", "kind", "other"), [
    ("may be the same concept as “Oven Drift” (/t/oven-drift); kept apart until a human "
     "decides", ItemKind.DUPLICATE, "oven-drift"),
    ("Chinese text names no term; provisional title", ItemKind.CHINESE_ONLY, None),
    ("the text never names the term; provisional title from its definition",
     ItemKind.TITLE, None),
    ("the text does not clearly name the term; 'ladle' is a best guess", ItemKind.TITLE, None),
    ("'Wok' and 'Wok burner' are both plausible names", ItemKind.TITLE, None),
    ("dropped the generic head word of 'Pan rack'", ItemKind.TITLE, None),
    ("'Zest' does not start with a letter of this group (a)", ItemKind.TITLE, None),
    ("named after 'Sieve', described as a product of 'Acme'", ItemKind.TITLE, None),
    ("unmarked Chinese line read as a definition by its shape only", ItemKind.READING, None),
    ("Chinese why-it-matters on line 3 attached by position only (it names no term)",
     ItemKind.READING, None),
    ("something no reader says yet", ItemKind.READING, None),
])
def test_kind_of_reads_each_reason_shape(reason: str, kind: ItemKind, other: str | None
                                         ) -> None:
    assert (kind_of(reason), other_slug(reason)) == (kind, other)


def snap(slug: str, texts: dict[str, dict[str, str]], **fields: object) -> Snapshot:
    full = {lang: {"title": "", "summary": "", "why_it_matters": "", "body": "", **t}
            for lang, t in texts.items()}
    return {"slug": slug, "kind": "concept", "level": None, "status": "published",
            "texts": full, "aliases": [], "tags": [], "categories": [], **fields}


def test_a_merge_fills_only_empty_fields_and_keeps_every_name() -> None:
    survivor = snap("sieve", {"en": {"title": "Sieve", "summary": "A mesh bowl."}},
                    tags=["tools"], aliases=[["en", "strainer"]])
    loser = snap("sieve-2", {"en": {"title": "Fine sieve", "summary": "Other words.",
                                    "body": "Long text."},
                             "zh": {"title": "筛子"}},
                 tags=["baking"], categories=["kitchen"], level="beginner",
                 aliases=[["en", "tamis"]])
    result = merged(survivor, loser)
    assert result["texts"]["en"]["summary"] == "A mesh bowl."  # never overwritten
    assert result["texts"]["en"]["body"] == "Long text."  # empty: filled
    assert result["texts"]["zh"]["title"] == "筛子"
    assert result["aliases"] == [["en", "Fine sieve"], ["en", "strainer"], ["en", "tamis"]]
    assert (result["tags"], result["categories"]) == (["baking", "tools"], ["kitchen"])
    assert result["level"] == "beginner"
    assert result["slug"] == "sieve"


def test_the_same_title_does_not_become_an_alias_of_itself() -> None:
    result = merged(snap("a", {"en": {"title": "Whisk"}}), snap("b", {"en": {"title": "whisk"}}))
    assert result["aliases"] == []


def test_a_tombstone_is_deleted_and_hands_its_names_over() -> None:
    loser = snap("pan-2", {"en": {"title": "Pan"}}, tags=["x"], aliases=[["en", "skillet"]])
    dead = tombstone(loser, "merged-7")
    assert (dead["slug"], dead["status"], dead["aliases"], dead["tags"]) == (
        "merged-7", "deleted", [], [])
    assert dead["texts"] == loser["texts"]


@pytest.mark.parametrize(("langs", "expected"), [({"zh"}, True), ({"en", "zh"}, False),
                                                 ({"en"}, False)])
def test_only_chinese(langs: set[str], expected: bool) -> None:
    assert only_chinese(snap("x", {lang: {"title": "t"} for lang in langs})) is expected


def test_every_kind_offers_dismiss() -> None:
    from aiwiki.domain.review import ACTIONS

    assert all(actions[-1] is Action.DISMISS for actions in ACTIONS.values())
