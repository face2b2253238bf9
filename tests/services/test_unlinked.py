"""Near-miss mentions for editors (services/unlinked.py) and `aiwiki links`."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwiki.services import importing, unlinked
from aiwiki.services.wiki import Wiki
from tests.factories import topic, write_jsonl


@pytest.mark.parametrize(("name", "expected"), [
    ("token", {"tokens", "tokenes"}), ("tokens", {"token"}), ("query", {"querys", "queryes",
                                                                        "queries"}),
    ("kv-cache", {"kv-caches", "kv-cachees", "kv cache"}),
    ("attention head", {"attention heads", "attention heades", "attention-head",
                        "head attention"}),
])
def test_variants(name: str, expected: set[str]) -> None:
    assert unlinked.variants(name) == expected


def test_unlinked_lists_plurals_hyphens_and_swaps_not_already_linked(
    wiki: Wiki, tmp_path: Path
) -> None:
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "u.jsonl",
        topic("token", "Token", summary="A piece of text."),
        topic("kv-cache", "KV cache", summary="Stored keys."),
        topic("reader", "Reader", summary="Reads tokens and uses a KV-cache, not `tokens`."),
        topic("both", "Both", summary="One token here, and tokens there."),
    )])
    found = {(m.topic, m.target, m.words) for m in unlinked.unlinked(wiki)}
    assert ("reader", "token", "tokens") in found  # a plural, outside code
    assert ("reader", "kv-cache", "KV-cache") in found  # a hyphen for a space
    assert not any(t == "both" for t, _, _ in found)  # it links to the token already
