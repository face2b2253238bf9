"""Settings: documented, validated at start-up with the option named."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwiki.config import Settings, load_settings, settings_markdown
from aiwiki.errors import ConfigError

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    assert DOCS.read_text("utf-8") == settings_markdown(), "run: python -m aiwiki.config"
    for name in Settings.model_fields:
        assert f"AIWIKI_{name.upper()}" in settings_markdown()


def test_bad_value_names_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIWIKI_DEFAULT_LANGUAGE", "fr")
    with pytest.raises(ConfigError, match="AIWIKI_DEFAULT_LANGUAGE"):
        load_settings()


def test_index_dir_sits_beside_sqlite_database() -> None:
    settings = Settings(database_url="sqlite:////srv/wiki/aiwiki.db")
    assert settings.resolved_index_dir == Path("/srv/wiki/aiwiki.db.index")
    assert Settings(database_url="postgresql://x/y").resolved_index_dir == Path("aiwiki-index")
