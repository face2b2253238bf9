"""Inferred levels (domain/level_inference.py) on a table of cases."""

from __future__ import annotations

import pytest

from aiwiki.domain.enums import Level
from aiwiki.domain.level_inference import Evidence, infer_level

PLAIN = "A simple idea that many other ideas use: the basic unit of text."
DENSE = ("A second-order variant of SGD with Hessian preconditioning: "
         "\\( \\theta \\leftarrow \\theta - H^{-1} g \\), as in K-FAC and ZeRO-3.")


@pytest.mark.parametrize(("evidence", "level"), [
    (Evidence([], links_out=0, links_in=12, text=PLAIN), Level.BEGINNER),
    (Evidence([], links_out=6, links_in=0, text=DENSE), Level.ADVANCED),
    (Evidence([], links_out=2, links_in=2, text="A method for training models."),
     Level.INTERMEDIATE),
    # building on advanced topics makes it at least that advanced
    (Evidence([2, 2], links_out=2, links_in=9, text=PLAIN), Level.ADVANCED),
    (Evidence([], links_out=0, links_in=0, text=""), Level.INTERMEDIATE),
])
def test_infer_level(evidence: Evidence, level: Level) -> None:
    assert infer_level(evidence) == level
