"""Where a newcomer starts, and what comes before and after a topic (services/start_here.py)."""

from __future__ import annotations

from pathlib import Path

from aiwiki.services import importing, listings
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from tests.factories import topic, write_jsonl


def _wiki(wiki: Wiki, tmp_path: Path) -> Wiki:
    users = [topic(f"use{i}", f"Use {i}", summary="It needs the vector and the matrix.")
             for i in range(3)]
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "s.jsonl",
        topic("matrix", "Matrix", summary="A grid of numbers; each row is a vector."),
        topic("vector", "Vector", summary="A list of numbers."),
        topic("tensor", "Tensor", summary="A matrix with more axes.", level="advanced"),
        *users,
    )])
    return wiki


def test_start_here_is_the_most_mentioned_in_teaching_order(wiki: Wiki, tmp_path: Path) -> None:
    home = listings.home(_wiki(wiki, tmp_path), "en")
    slugs = [c.slug for c in home.start_here]
    assert slugs[:2] == ["vector", "matrix"]  # the matrix's text mentions the vector
    assert not any(s.startswith("use") for s in slugs)  # mentioned by none


def test_a_topic_says_what_to_know_first_and_learn_next(wiki: Wiki, tmp_path: Path) -> None:
    view = get_topic(_wiki(wiki, tmp_path), "matrix", "en")
    assert [c.slug for c in view.know_first] == ["vector"]
    learn_next = [c.slug for c in view.learn_next]
    assert "tensor" in learn_next and learn_next[-1] == "tensor"  # advanced comes last
