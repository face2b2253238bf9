"""Inferred levels stored beside given ones (services/levels.py), and counted apart."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from aiwiki.services import importing, listings
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic
from tests.factories import topic, write_jsonl


def _levels(wiki: Wiki) -> dict[str, tuple[str | None, str | None]]:
    with wiki.read() as session:
        rows = session.execute(select(Topic.slug, Topic.level, Topic.inferred_level))
        return {slug: (level, inferred) for slug, level, inferred in rows}


def test_inferred_levels_never_override_given_ones(wiki: Wiki, tmp_path: Path) -> None:
    users = [topic(f"user{i}", f"User {i}", summary="Built on the token, as every model is.")
             for i in range(6)]
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "l.jsonl",
        topic("token", "Token", summary="A simple piece of text."),
        topic("given", "Given", level="advanced", summary="A simple piece; see the token."),
        topic("acme", "Acme", kind="company", summary="A company that sells tokens."),
        *users,
    )])
    levels = _levels(wiki)
    assert levels["token"] == (None, "beginner")  # many build on it, it builds on nothing
    assert levels["given"] == ("advanced", None)
    assert levels["acme"] == (None, None)  # a company has no level to learn at
    view = get_topic(wiki, "token", "en")
    assert view.level is None and view.inferred_level == "beginner"
    page = listings.level_page(wiki, "beginner", "en")
    assert page.count == 0 and [c.slug for c in page.inferred] == ["token"]
    home = listings.home(wiki, "en")
    assert home.levels["beginner"] == 0 and home.inferred_levels["beginner"] >= 1
    assert home.levels["advanced"] == 1


def test_an_edit_that_gives_a_level_clears_the_guess(wiki: Wiki, tmp_path: Path) -> None:
    token = topic("token", "Token", summary="A simple piece of text.")
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", token,
                                              topic("other", "Other", summary="On the token."))])
    assert _levels(wiki)["token"][1] is not None
    token["level"] = "intermediate"
    importing.import_files(wiki, [write_jsonl(tmp_path / "b.jsonl", token)])
    assert _levels(wiki)["token"] == ("intermediate", None)
