"""Login throttling and sliding sessions, counted in the database (so across servers)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from aiwiki.errors import NotAuthenticated, TooManyAttempts
from aiwiki.services import accounts, audit, logins
from aiwiki.services.audit import Origin
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import AuditEntry, LoginSession, utcnow

PASSWORD = "correct horse battery"
HERE = Origin(address="198.51.100.4")


@pytest.fixture
def ada(wiki: Wiki) -> Wiki:
    accounts.create_user(wiki, "ada", PASSWORD, audit.CLI)
    return wiki


def fail(wiki: Wiki, name: str, times: int, origin: Origin = HERE) -> None:
    for _ in range(times):
        with pytest.raises(NotAuthenticated):
            logins.login(wiki, name, "guessing wrong", origin)


def age_failures(wiki: Wiki, minutes: int) -> None:
    with wiki.write() as session:
        session.execute(update(AuditEntry).where(AuditEntry.action == audit.LOGIN_FAILED)
                        .values(at=utcnow() - timedelta(minutes=minutes)))


def test_after_five_failures_even_the_right_password_must_wait(ada: Wiki) -> None:
    fail(ada, "ada", 5)
    with pytest.raises(TooManyAttempts) as throttled:
        logins.login(ada, "ada", PASSWORD, HERE)
    assert throttled.value.retry_after >= 1
    assert len(audit.entries(ada, action=audit.LOGIN_FAILED)) == 5  # the refusal checked nothing


def test_the_wait_grows_with_each_failure(ada: Wiki) -> None:
    fail(ada, "ada", 5)
    waits = [wait_at_last_failure(ada)]
    for _ in range(3):
        age_failures(ada, 1)  # the wait is over: one more try, one more failure
        fail(ada, "ada", 1)
        waits.append(wait_at_last_failure(ada))
    assert waits == [1, 2, 4, 8]


def wait_at_last_failure(wiki: Wiki) -> int:
    """The wait as seen at the moment of the newest failure (no clock in the assertion)."""
    newest = audit.entries(wiki, action=audit.LOGIN_FAILED)[0].at.replace(tzinfo=None)
    return logins.retry_after(wiki, "ada", HERE, newest)


def test_failures_older_than_the_window_do_not_count(ada: Wiki) -> None:
    fail(ada, "ada", 5)
    age_failures(ada, 16)
    assert logins.login(ada, "ada", PASSWORD, HERE).viewer.account.username == "ada"


def test_a_success_clears_the_usernames_count(ada: Wiki) -> None:
    fail(ada, "ada", 4)
    logins.login(ada, "ada", PASSWORD, HERE)
    fail(ada, "ada", 4)
    logins.login(ada, "ada", PASSWORD, HERE)  # not throttled: four since the success


def test_an_unknown_username_is_throttled_the_same_way(ada: Wiki) -> None:
    fail(ada, "nobody", 5)
    with pytest.raises(TooManyAttempts):
        logins.login(ada, "nobody", "anything at all", HERE)


def test_one_address_trying_many_names_is_throttled(ada: Wiki) -> None:
    for n in range(20):
        fail(ada, f"name{n}", 1)
    with pytest.raises(TooManyAttempts):
        logins.login(ada, "ada", PASSWORD, HERE)
    elsewhere = Origin(address="203.0.113.9")
    assert logins.login(ada, "ada", PASSWORD, elsewhere).viewer.account.username == "ada"


def test_an_expired_session_is_refused(ada: Wiki) -> None:
    token = logins.login(ada, "ada", PASSWORD, HERE).token
    with ada.write() as session:
        session.execute(update(LoginSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert logins.resolve(ada, token) is None


def test_a_session_slides_at_most_once_a_minute(ada: Wiki) -> None:
    token = logins.login(ada, "ada", PASSWORD, HERE).token
    first = logins.resolve(ada, token)
    assert first is not None and not first.refreshed  # just made: nothing to write
    long_ago = utcnow() - timedelta(days=3)
    with ada.write() as session:
        session.execute(update(LoginSession).values(last_seen=long_ago,
                                                    expires_at=utcnow() + timedelta(days=11)))
    second = logins.resolve(ada, token)
    assert second is not None and second.refreshed
    with ada.read() as session:
        row = session.scalars(select(LoginSession)).one()
    assert row.last_seen > long_ago
    assert row.expires_at > utcnow() + timedelta(days=13)


def test_a_login_does_not_queue_behind_a_content_write(ada: Wiki) -> None:
    if ada.engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer whatever we do")
    with ada.write():  # holds the writers' lock, as a long import does
        done = logins.login(ada, "ada", PASSWORD, HERE)
        assert logins.resolve(ada, done.token) is not None


def test_a_page_view_never_waits_to_slide_its_session(ada: Wiki) -> None:
    token = logins.login(ada, "ada", PASSWORD, HERE).token
    with ada.write() as session:
        session.execute(update(LoginSession).values(last_seen=utcnow() - timedelta(hours=1)))
    with ada.write():  # another writer holds the wiki
        resolved = logins.resolve(ada, token)
    assert resolved is not None  # on SQLite the slide waits for a later request
    assert resolved.refreshed is (ada.engine.dialect.name != "sqlite")
