"""Where the test inputs live: fixtures in the repository, real seed pages beside it.

The seed pages are not part of the repository (they live in ../shared/seeds); tests that
read them are marked `seeds` and skip with a clear reason on a clone without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
FIXTURES = REPO / "tests" / "fixtures" / "seedlike"

GLOSSARY = "000"
TAG_PAGES = ("001", "002", "004")
CATEGORY = "003"


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix`; skips the test when seeds are absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS}; they live outside the repository")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no seed file {prefix}_*.txt in {SEEDS}")
    return matches[0]


def seed_text(prefix: str) -> str:
    return seed_path(prefix).read_text(encoding="utf-8")
