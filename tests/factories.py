"""One-line test data: JSON Lines exports written in our own words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEADER = {"format": "aiwiki-jsonl", "version": 1}


def topic(slug: str, title: str, **fields: Any) -> dict[str, Any]:
    """A topic object as the JSON Lines format holds it; extra fields override defaults."""
    texts = fields.pop("texts", None) or {
        "en": {"title": title, "summary": fields.pop("summary", f"{title} in one sentence."),
               "why_it_matters": fields.pop("why", "")}
    }
    return {"type": "topic", "slug": slug, "kind": "concept", "level": None,
            "status": "published", "tags": [], "categories": [], "aliases": {},
            "review": [], "texts": texts, **fields}


def category(slug: str, name: str | None = None, **fields: Any) -> dict[str, Any]:
    """A category object: a topic may only name categories the import or the wiki defines."""
    return {"type": "category", "slug": slug, "name": name or slug.replace("-", " ").title(),
            "descriptions": {}, **fields}


def path(slug: str, *steps: str, **fields: Any) -> dict[str, Any]:
    """A learning path object through the topics named by `steps` (slugs, in order)."""
    return {"type": "path", "slug": slug, "title": slug.replace("-", " ").title(),
            "steps": list(steps), **fields}


def write_jsonl(path: Path, *objects: dict[str, Any]) -> Path:
    lines = [json.dumps(HEADER)] + [json.dumps(obj, ensure_ascii=False) for obj in objects]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
