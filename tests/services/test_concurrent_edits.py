"""Eight editors at once through the editing service, each with a real base revision:
nothing lost, nothing doubled (SQLite, and PostgreSQL when configured).

Every editor reads the revision it starts from, then saves. On one shared topic most saves
find that another landed first and are refused; on a topic each, all are accepted.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from aiwiki.errors import EditConflict
from aiwiki.services import history
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Revision, Topic
from tests.services.editing_helpers import create, edit, state

EDITORS = 8
EDITS = 25


@dataclass
class Outcome:
    accepted: dict[int, str] = field(default_factory=dict)  # revision number -> body
    refused: int = 0
    other: list[BaseException] = field(default_factory=list)


def editor(wiki: Wiki, slug: str, name: str, outcome: Outcome, start: threading.Barrier,
           lock: threading.Lock) -> None:
    start.wait()
    for number in range(EDITS):
        body = f"{name} wrote edit {number}."
        base = history.history(wiki, slug, limit=1)[0].number
        try:
            saved = edit(wiki, slug, base, author=name, texts={"en": {"body": body}})
        except EditConflict:
            with lock:
                outcome.refused += 1
            continue
        except BaseException as exc:  # anything else fails the test, named
            outcome.other.append(exc)
            return
        with lock:
            assert saved.revision not in outcome.accepted  # nobody got the same number
            outcome.accepted[saved.revision] = body


def run_editors(wiki: Wiki, slugs: list[str]) -> dict[str, Outcome]:
    outcomes = {slug: Outcome() for slug in slugs}
    start, lock = threading.Barrier(EDITORS), threading.Lock()
    threads = [threading.Thread(target=editor, args=(
        wiki, slugs[n % len(slugs)], f"editor-{n}", outcomes[slugs[n % len(slugs)]], start, lock))
        for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def recorded_bodies(wiki: Wiki, slug: str) -> dict[int, str]:
    with wiki.read() as session:
        rows = session.execute(select(Revision.number, Revision.snapshot).join(
            Topic, Topic.id == Revision.topic_id).where(Topic.slug == slug, Revision.number > 1))
        return {number: snap["texts"]["en"]["body"] for number, snap in rows}


def check(wiki: Wiki, slug: str, outcome: Outcome, editors: int) -> None:
    assert outcome.other == []
    assert len(outcome.accepted) + outcome.refused == editors * EDITS
    assert recorded_bodies(wiki, slug) == outcome.accepted  # each accepted edit, once
    assert sorted(outcome.accepted) == list(range(2, len(outcome.accepted) + 2))
    last = max(outcome.accepted)
    assert state(wiki, slug)["texts"]["en"]["body"] == outcome.accepted[last]
    assert history.history(wiki, slug, limit=1)[0].number == last


@pytest.mark.parametrize("topics", [1, EDITORS], ids=["same-topic", "topic-each"])
def test_concurrent_edits_lose_nothing_and_double_nothing(wiki: Wiki, topics: int) -> None:
    slugs = [create(wiki, f"Shared gizmo {n}").slug for n in range(topics)]
    outcomes = run_editors(wiki, slugs)
    for slug, outcome in outcomes.items():
        check(wiki, slug, outcome, EDITORS // topics)
    if topics == 1:
        assert outcomes[slugs[0]].refused > 0  # they did collide
    else:
        assert all(o.refused == 0 for o in outcomes.values())
