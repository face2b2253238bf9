"""Lost updates, over HTTP against a real uvicorn server on 127.0.0.1: 8 clients × 50 edits
at once, on one topic (they race; the losers get 409 and retry from the current revision)
and on a topic each. Every accepted edit is exactly one revision holding that edit's text,
every refused one got 409 and wrote nothing, the final text is the last accepted one."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from aiwiki.domain.accounts import Scope
from aiwiki.services import accounts, api_tokens, audit, history
from aiwiki.services.wiki import Wiki
from tests.web.editing_support import PASSWORD, new_topic
from tests.web.live import serve

CLIENTS = 8
EDITS = 50


@dataclass
class Outcome:
    accepted: dict[int, str] = field(default_factory=dict)  # revision -> text it saved
    refused: int = 0
    other: list[str] = field(default_factory=list)


@pytest.fixture
def token(wiki: Wiki) -> str:
    editor = accounts.create_user(wiki, "racer", PASSWORD, audit.CLI)
    return api_tokens.create(wiki, editor, "race", Scope.WRITE, audit.CLI).secret


@pytest.fixture
def base(wiki: Wiki) -> Iterator[str]:
    with serve(wiki) as url:
        yield url


def _client(url: str, token: str, slug: str, name: str, outcome: Outcome,
            lock: threading.Lock, start: threading.Barrier) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=60) as client:
        revision = client.get(f"/api/v1/topics/{slug}/history?limit=1").json()[0]["number"]
        start.wait()
        for n in range(EDITS):
            text = f"{name} edit {n}"
            answer = client.patch(f"/api/v1/topics/{slug}", json={
                "base_revision": revision, "texts": {"en": {"body": text}}})
            with lock:
                if answer.status_code == 200:
                    revision = answer.json()["revision"]
                    assert revision not in outcome.accepted, "two edits, one revision"
                    outcome.accepted[revision] = text
                elif answer.status_code == 409:
                    outcome.refused += 1
                    error = answer.json()["error"]
                    revision = error.get("current_revision") or revision
                else:
                    outcome.other.append(f"{answer.status_code} {answer.text[:200]}")


def _race(url: str, token: str, slugs: list[str]) -> dict[str, Outcome]:
    outcomes = {slug: Outcome() for slug in set(slugs)}
    lock, start = threading.Lock(), threading.Barrier(CLIENTS)
    threads = [threading.Thread(target=_client, args=(
        url, token, slug, f"client{i}", outcomes[slug], lock, start))
        for i, slug in enumerate(slugs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _check(wiki: Wiki, slug: str, outcome: Outcome, attempts: int) -> None:
    assert outcome.other == []
    assert len(outcome.accepted) + outcome.refused == attempts
    revisions = history.history(wiki, slug, 200)
    while len(revisions) % 200 == 0 and revisions:  # page back for the rest
        older = history.history(wiki, slug, 200, before=revisions[-1].number)
        if not older:
            break
        revisions += older
    numbers = sorted(r.number for r in revisions)
    assert numbers == list(range(1, len(numbers) + 1))  # no gap, no double
    assert len(numbers) == 1 + len(outcome.accepted)  # the creation + every accepted edit
    for number, text in outcome.accepted.items():
        assert history.revision(wiki, slug, number).snapshot["texts"]["en"]["body"] == text
    last = outcome.accepted[max(outcome.accepted)]
    assert history.revision(wiki, slug, numbers[-1]).snapshot["texts"]["en"]["body"] == last


def test_eight_clients_on_one_topic_lose_nothing(wiki: Wiki, token: str, base: str) -> None:
    new_topic(wiki, "contested")
    outcome = _race(base, token, ["contested"] * CLIENTS)["contested"]
    _check(wiki, "contested", outcome, CLIENTS * EDITS)
    assert outcome.refused > 0  # they did race


def test_eight_clients_on_their_own_topics_all_succeed(wiki: Wiki, token: str,
                                                      base: str) -> None:
    slugs = [f"own-{i}" for i in range(CLIENTS)]
    for slug in slugs:
        new_topic(wiki, slug)
    outcomes = _race(base, token, slugs)
    for slug in slugs:
        _check(wiki, slug, outcomes[slug], EDITS)
        assert outcomes[slug].refused == 0 and len(outcomes[slug].accepted) == EDITS
