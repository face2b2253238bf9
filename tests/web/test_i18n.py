"""UI strings: every language has every key, and placeholders agree."""

from __future__ import annotations

import re

from aiwiki.domain.enums import LANGUAGES
from aiwiki.web.i18n import UI

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    reference = UI["en"]
    for lang in LANGUAGES:
        assert set(UI[lang]) == set(reference), lang
        for key, text in UI[lang].items():
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(reference[key])), key
