"""Learning paths in teaching order (services/learning_paths.py) over a real database."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwiki.domain.path_order import MAX_STAGE, MIN_STAGE
from aiwiki.errors import BadInput
from aiwiki.services import importing, learning_paths
from aiwiki.services.wiki import Wiki
from tests.conftest import seed_files
from tests.factories import topic, write_jsonl


def _path(slug: str, steps: list[str]) -> dict[str, object]:
    return {"type": "path", "slug": slug, "title": "T", "level": "beginner",
            "description": "", "steps": steps}


def test_a_step_comes_after_the_steps_its_text_mentions(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "p.jsonl",
        topic("optimizer", "Optimizer", summary="Uses the gradient and the learning rate.",
              level="intermediate"),
        topic("gradient", "Gradient", summary="The slope of the loss.", level="intermediate"),
        topic("loss", "Loss", summary="How wrong the model is.", level="beginner"),
        topic("lr", "Learning rate", summary="A step size.", level="advanced"),
        _path("train-beginner", ["optimizer", "lr", "gradient", "loss"]),
    )])
    view = learning_paths.path_page(wiki, "train-beginner", "en")
    # by level (loss, then the intermediate optimizer), each after what it mentions
    assert [s.topic.slug for s in view.steps] == ["loss", "gradient", "lr", "optimizer"]
    assert view.steps[3].prerequisites == ["gradient", "lr"]
    assert view.steps[1].prerequisites == ["loss"]
    assert view.goals[0] == "Optimizer"
    imported = learning_paths.path_page(wiki, "train-beginner", "en", "imported")
    assert [s.topic.slug for s in imported.steps] == ["optimizer", "lr", "gradient", "loss"]
    assert [s.imported_position for s in view.steps] == [4, 3, 2, 1]
    with pytest.raises(BadInput):
        learning_paths.path_page(wiki, "train-beginner", "en", "random")


def test_the_seed_scaling_path_is_ordered_and_staged(wiki: Wiki) -> None:
    importing.import_files(wiki, seed_files())
    view = learning_paths.path_page(wiki, "scaling-advanced", "en")
    assert len(view.steps) == 223
    at = {s.topic.slug: s.position for s in view.steps}
    for step in view.steps:
        assert all(at[p] < step.position for p in step.prerequisites)
    assert all(MIN_STAGE <= len(s.steps) <= MAX_STAGE for s in view.stages)
    assert [slug for s in view.stages for slug in s.steps] == [s.topic.slug for s in view.steps]
    assert all(s.name for s in view.stages)
