"""Loads the hand-written relevance judgements and a wiki holding the seed pages."""

from __future__ import annotations

from pathlib import Path

import yaml

from aiwiki.search.evaluation import Judged

QUERIES = Path(__file__).with_name("queries.yaml")


def load_judgements() -> list[Judged]:
    data = yaml.safe_load(QUERIES.read_text("utf-8"))
    return [Judged(q["kind"], str(q["q"]), tuple(q["want"])) for q in data["queries"]]
