"""API tokens: shown once, stored hashed, scoped, revocable, their use recorded sparingly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from aiwiki.domain.accounts import Role, Scope
from aiwiki.errors import InvalidFields, NotFound
from aiwiki.services import accounts, api_tokens, audit, logins
from aiwiki.services.audit import Origin
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import ApiToken, utcnow

HERE = Origin(address="192.0.2.44")


@pytest.fixture
def ada(wiki: Wiki) -> accounts.Account:
    accounts.create_user(wiki, "root", "correct horse battery", audit.CLI, role=Role.ADMIN)
    return accounts.create_user(wiki, "ada", "correct horse battery", audit.CLI)


def test_a_token_is_stored_only_as_its_hash(wiki: Wiki, ada: accounts.Account) -> None:
    made = api_tokens.create(wiki, ada, "laptop script", Scope.READ, HERE)
    assert made.secret.startswith(api_tokens.PREFIX)
    with wiki.read() as session:
        stored = session.scalars(select(ApiToken.token_hash)).one()
    assert stored == logins.digest(made.secret) and made.secret not in stored
    assert [t.name for t in api_tokens.tokens_of(wiki, ada)] == ["laptop script"]


def test_a_token_speaks_for_its_owner_with_its_scope(wiki: Wiki, ada: accounts.Account) -> None:
    read = api_tokens.create(wiki, ada, "reader", Scope.READ, HERE).secret
    write = api_tokens.create(wiki, ada, "writer", Scope.WRITE, HERE).secret
    as_reader = api_tokens.authenticate(wiki, read, HERE)
    as_writer = api_tokens.authenticate(wiki, write, HERE)
    assert as_reader is not None and not as_reader.can_write
    assert as_writer is not None and as_writer.can_write
    assert as_reader.account.username == "ada"
    assert api_tokens.authenticate(wiki, read + "x", HERE) is None


def test_a_revoked_token_stops_working(wiki: Wiki, ada: accounts.Account) -> None:
    made = api_tokens.create(wiki, ada, "old", Scope.WRITE, HERE)
    api_tokens.revoke(wiki, ada, made.token.id, HERE)
    assert api_tokens.authenticate(wiki, made.secret, HERE) is None
    assert api_tokens.tokens_of(wiki, ada)[0].revoked_at is not None
    assert [e.action for e in audit.entries(wiki)][:2] == [audit.TOKEN_REVOKE,
                                                          audit.TOKEN_CREATE]


def test_nobody_revokes_someone_elses_token(wiki: Wiki, ada: accounts.Account) -> None:
    made = api_tokens.create(wiki, ada, "mine", Scope.WRITE, HERE)
    root = accounts.get_account(wiki, "root")
    with pytest.raises(NotFound):
        api_tokens.revoke(wiki, root, made.token.id, HERE)
    assert api_tokens.authenticate(wiki, made.secret, HERE) is not None


def test_a_disabled_owners_tokens_stop_working(wiki: Wiki, ada: accounts.Account) -> None:
    made = api_tokens.create(wiki, ada, "bot", Scope.WRITE, HERE)
    accounts.disable(wiki, "ada", audit.CLI)
    assert api_tokens.authenticate(wiki, made.secret, HERE) is None


def test_use_is_recorded_at_most_once_a_minute(wiki: Wiki, ada: accounts.Account) -> None:
    made = api_tokens.create(wiki, ada, "loop", Scope.READ, HERE)
    assert api_tokens.tokens_of(wiki, ada)[0].last_used_at is None
    for _ in range(3):
        api_tokens.authenticate(wiki, made.secret, HERE)
    first_use = api_tokens.tokens_of(wiki, ada)[0].last_used_at
    assert first_use is not None
    assert len(audit.entries(wiki, action=audit.TOKEN_USE)) == 1
    with wiki.write() as session:
        session.execute(update(ApiToken).values(last_used_at=utcnow() - timedelta(minutes=2)))
    api_tokens.authenticate(wiki, made.secret, HERE)
    assert len(audit.entries(wiki, action=audit.TOKEN_USE)) == 2


def test_a_token_needs_a_name(wiki: Wiki, ada: accounts.Account) -> None:
    with pytest.raises(InvalidFields):
        api_tokens.create(wiki, ada, "   ", Scope.READ, HERE)
    assert api_tokens.tokens_of(wiki, ada) == []
