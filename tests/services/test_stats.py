"""Stats are counted once per site generation and follow every write."""

from __future__ import annotations

from pathlib import Path

from aiwiki.services import importing, stats
from aiwiki.services.wiki import Wiki
from tests.factories import topic, write_jsonl


def test_stats_follow_writes(wiki: Wiki, tmp_path: Path) -> None:
    before = stats.stats(wiki)
    assert stats.stats(wiki) == before  # the second call is the cached one
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl",
                                              topic("okapi-norm", "Okapi norm"))])
    after = stats.stats(wiki)
    assert after.topics == before.topics + 1 and after.revisions == before.revisions + 1
