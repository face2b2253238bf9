"""Settings: every option once, typed, read from AIWIKI_* environment variables or `.env`.

Each field's description is its documentation; `docs/settings.md` is generated from it and a
test fails when the two drift apart.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from aiwiki.domain.enums import LANGUAGES
from aiwiki.errors import ConfigError


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="AIWIKI_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///./aiwiki.db",
        description="SQLAlchemy URL of the database; SQLite file by default, or postgresql://…",
    )
    index_dir: Path | None = Field(
        None,
        description="Folder of the search index; default: '<database file>.index' beside a "
        "SQLite database, './aiwiki-index' otherwise.",
    )
    search_backend: str = Field("tantivy", description="Search engine implementation to use.")
    load_starter: bool = Field(
        True, description="Load the bundled starter content when `serve` finds an empty wiki."
    )
    host: str = Field("127.0.0.1", description="Address `aiwiki serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `aiwiki serve` listens on.")
    default_language: str = Field("en", description="Language shown when nothing else decides.")
    render_cache_size: int = Field(
        2048, ge=0, description="How many rendered topic pages to keep in memory."
    )
    site_name: str = Field("aiwiki", description="Name shown in the page header and titles.")

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @property
    def resolved_index_dir(self) -> Path:
        if self.index_dir is not None:
            return self.index_dir
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and ":memory:" not in self.database_url:
            return Path(self.database_url[len(prefix) :] + ".index")
        return Path("aiwiki-index")


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning a validation failure into one clear ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        option = "AIWIKI_" + str(first["loc"][0]).upper() if first["loc"] else "settings"
        raise ConfigError(f"bad configuration {option}: {first['msg']}") from None
