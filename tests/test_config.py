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


@pytest.mark.parametrize(("name", "value"), [
    ("AIWIKI_ALLOWED_HOSTS", "ev*il.example"),
    ("AIWIKI_ALLOWED_HOSTS", "*example.org"),
    ("AIWIKI_ALLOWED_HOSTS", " , "),
    ("AIWIKI_MAX_HEADER_BYTES", "100"),
    ("AIWIKI_MAX_BODY_BYTES", "-1"),
])
def test_bad_limits_and_hosts_name_the_option(monkeypatch: pytest.MonkeyPatch, name: str,
                                              value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()


def test_allowed_hosts_are_read_as_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIWIKI_ALLOWED_HOSTS", " wiki.example.org, *.example.net ,")
    assert load_settings().allowed_host_names == ["wiki.example.org", "*.example.net"]
