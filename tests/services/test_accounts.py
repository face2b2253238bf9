"""Accounts on a real database with real argon2: users, passwords, roles, disabling, and the
audit entries each of them leaves."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from aiwiki.domain.accounts import Role
from aiwiki.errors import Conflict, InvalidFields, NotAuthenticated, NotFound
from aiwiki.services import accounts, audit, logins
from aiwiki.services.audit import Origin
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import User

HERE = Origin(address="192.0.2.7", user_agent="pytest")
PASSWORD = "correct horse battery"


def add(wiki: Wiki, name: str = "ada", role: Role = Role.EDITOR) -> accounts.Account:
    return accounts.create_user(wiki, name, PASSWORD, audit.CLI, role=role)


def stored_hash(wiki: Wiki, name: str) -> str:
    with wiki.read() as session:
        return session.scalars(select(User.password_hash).where(User.username == name)).one()


def actions(wiki: Wiki) -> list[str]:
    return [entry.action for entry in reversed(audit.entries(wiki))]


def test_password_is_stored_as_an_argon2id_hash(wiki: Wiki) -> None:
    add(wiki)
    hashed = stored_hash(wiki, "ada")
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert PasswordHasher().verify(hashed, PASSWORD)


def test_login_with_the_right_password_opens_a_session(wiki: Wiki) -> None:
    user = add(wiki)
    done = logins.login(wiki, "  ADA ", PASSWORD, HERE)
    assert done.viewer.account.id == user.id and len(done.token) >= 43
    resolved = logins.resolve(wiki, done.token)
    assert resolved is not None and resolved.viewer.account.username == "ada"
    assert actions(wiki) == [audit.USER_ADD, audit.LOGIN]


@pytest.mark.parametrize("name", ["ada", "nobody"])
def test_wrong_password_and_unknown_user_fail_alike(wiki: Wiki, name: str) -> None:
    add(wiki)
    with pytest.raises(NotAuthenticated) as failure:
        logins.login(wiki, name, "not the password", HERE)
    assert failure.value.message == logins.WRONG
    entry = audit.entries(wiki, action=audit.LOGIN_FAILED)[0]
    assert (entry.target, entry.address) == (name, HERE.address)


def test_the_session_token_is_not_what_the_database_keeps(wiki: Wiki) -> None:
    add(wiki)
    token = logins.login(wiki, "ada", PASSWORD, HERE).token
    with wiki.read() as session:
        from aiwiki.storage.tables import LoginSession

        ids = session.scalars(select(LoginSession.id)).all()
    assert ids == [logins.digest(token)] and token not in ids
    assert logins.resolve(wiki, logins.digest(token)) is None  # the stored id is no token


def test_logout_ends_the_session(wiki: Wiki) -> None:
    add(wiki)
    token = logins.login(wiki, "ada", PASSWORD, HERE).token
    logins.logout(wiki, token, HERE)
    assert logins.resolve(wiki, token) is None
    assert actions(wiki)[-1] == audit.LOGOUT


def test_an_old_hash_is_upgraded_at_the_next_login(wiki: Wiki) -> None:
    add(wiki)
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
    with wiki.write() as session:
        session.execute(update(User).values(password_hash=weak))
    assert accounts.HASHER.check_needs_rehash(weak)
    logins.login(wiki, "ada", PASSWORD, HERE)
    upgraded = stored_hash(wiki, "ada")
    assert upgraded != weak and not accounts.HASHER.check_needs_rehash(upgraded)
    assert audit.entries(wiki, action=audit.LOGIN)[0].detail == {"rehashed": True}


def test_changing_the_password_ends_every_session(wiki: Wiki) -> None:
    add(wiki)
    phone = logins.login(wiki, "ada", PASSWORD, HERE).token
    laptop = logins.login(wiki, "ada", PASSWORD, HERE).token
    accounts.change_password(wiki, "ada", "a brand new passphrase", audit.CLI)
    assert logins.resolve(wiki, phone) is None and logins.resolve(wiki, laptop) is None
    with pytest.raises(NotAuthenticated):
        logins.login(wiki, "ada", PASSWORD, HERE)
    logins.login(wiki, "ada", "a brand new passphrase", HERE)
    assert audit.PASSWORD_CHANGE in actions(wiki)


def test_changing_the_password_from_a_session_may_keep_that_one(wiki: Wiki) -> None:
    add(wiki)
    here = logins.login(wiki, "ada", PASSWORD, HERE)
    other = logins.login(wiki, "ada", PASSWORD, HERE).token
    accounts.change_password(wiki, "ada", "a brand new passphrase", HERE,
                             keep_session=here.viewer.session_id)
    assert logins.resolve(wiki, here.token) is not None and logins.resolve(wiki, other) is None


def test_a_disabled_user_cannot_log_in_and_its_sessions_end(wiki: Wiki) -> None:
    add(wiki, "root", Role.ADMIN)
    add(wiki)
    token = logins.login(wiki, "ada", PASSWORD, HERE).token
    accounts.disable(wiki, "ada", audit.CLI)
    assert logins.resolve(wiki, token) is None
    with pytest.raises(NotAuthenticated) as failure:
        logins.login(wiki, "ada", PASSWORD, HERE)
    assert failure.value.message == logins.WRONG  # says no more than a wrong password
    assert audit.entries(wiki, action=audit.LOGIN_FAILED)[0].detail == {"reason": "disabled"}
    assert accounts.get_account(wiki, "ada").disabled


def test_role_changes_are_audited(wiki: Wiki) -> None:
    add(wiki)
    accounts.set_role(wiki, "ada", Role.ADMIN, audit.CLI)
    assert accounts.get_account(wiki, "ada").role is Role.ADMIN
    entry = audit.entries(wiki, action=audit.ROLE_CHANGE)[0]
    assert (entry.target, entry.detail, entry.address) == (
        "ada", {"from": "editor", "to": "admin"}, "cli")


def test_the_last_admin_is_kept(wiki: Wiki) -> None:
    add(wiki, "root", Role.ADMIN)
    with pytest.raises(Conflict, match="only active admin"):
        accounts.set_role(wiki, "root", Role.EDITOR, audit.CLI)
    with pytest.raises(Conflict, match="only active admin"):
        accounts.disable(wiki, "root", audit.CLI)
    assert accounts.get_account(wiki, "root").role is Role.ADMIN


@pytest.mark.parametrize(("name", "password", "field"), [
    ("Ada Lovelace", PASSWORD, "username"), ("a", PASSWORD, "username"),
    ("ada", "short", "password"),
])
def test_bad_usernames_and_passwords_are_refused(wiki: Wiki, name: str, password: str,
                                                 field: str) -> None:
    with pytest.raises(InvalidFields) as refused:
        accounts.create_user(wiki, name, password, audit.CLI)
    assert list(refused.value.fields) == [field]
    assert accounts.list_accounts(wiki) == []


def test_usernames_are_unique_without_case(wiki: Wiki) -> None:
    add(wiki)
    with pytest.raises(Conflict, match="taken"):
        accounts.create_user(wiki, "ADA", PASSWORD, audit.CLI)
    assert [a.username for a in accounts.list_accounts(wiki)] == ["ada"]


def test_the_first_run_path_refuses_once_someone_exists(wiki: Wiki) -> None:
    accounts.create_user(wiki, "root", PASSWORD, HERE, role=Role.ADMIN, only_if_first=True)
    with pytest.raises(Conflict):
        accounts.create_user(wiki, "eve", PASSWORD, HERE, role=Role.ADMIN, only_if_first=True)
    assert [a.username for a in accounts.list_accounts(wiki)] == ["root"]


def test_unknown_user_is_not_found(wiki: Wiki) -> None:
    with pytest.raises(NotFound):
        accounts.set_role(wiki, "nobody", Role.ADMIN, audit.CLI)
