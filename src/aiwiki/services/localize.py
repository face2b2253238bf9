"""Field-by-field language fallback: show what exists, and say where it came from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aiwiki.domain.enums import DEFAULT_LANGUAGE, LANGUAGES
from aiwiki.storage.revisions import TEXT_FIELDS
from aiwiki.storage.tables import TopicText


@dataclass(frozen=True)
class Localized:
    lang: str
    fields: dict[str, str]
    sources: dict[str, str]  # field -> language actually used

    @property
    def fallbacks(self) -> dict[str, str]:
        return {f: lang for f, lang in self.sources.items() if lang != self.lang}


def fallback_order(lang: str, available: Iterable[str]) -> list[str]:
    """The asked language, then the default, then the site's languages, then anything else."""
    order = [lang, DEFAULT_LANGUAGE, *LANGUAGES, *sorted(available)]
    return list(dict.fromkeys(order))


def localize(texts: Iterable[TopicText], lang: str) -> Localized:
    by_lang = {text.lang: text for text in texts}
    order = fallback_order(lang, by_lang)
    fields: dict[str, str] = {}
    sources: dict[str, str] = {}
    for field in TEXT_FIELDS:
        for candidate in order:
            text = by_lang.get(candidate)
            value = getattr(text, field) if text else ""
            if value:
                fields[field], sources[field] = value, candidate
                break
        else:
            fields[field] = ""
    return Localized(lang, fields, sources)
