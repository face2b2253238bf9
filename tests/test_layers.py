"""The layers of DESIGN.md §2 hold: every import points down (contracts in pyproject.toml).

The import pipeline once reached up into `services.snapshot` to write revisions; this test
is what keeps such an import (or a circle between packages) out of the house.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_imports_point_down() -> None:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=REPO, capture_output=True,
        text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
