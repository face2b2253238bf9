"""`aiwiki user …` through Typer's runner, against a real SQLite database and real argon2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiwiki.cli.main import app
from aiwiki.config import Settings
from aiwiki.domain.accounts import Role
from aiwiki.services import accounts, audit, logins
from aiwiki.services.wiki import Wiki

runner = CliRunner()
PASSWORD = "correct horse battery"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIWIKI_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("AIWIKI_INDEX_DIR", str(tmp_path / "index"))
    return tmp_path


def open_wiki(env: Path) -> Wiki:
    return Wiki.open(Settings(database_url=f"sqlite:///{env / 'cli.db'}",
                              index_dir=env / "index"), with_search=False)


def user(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["user", *args], input=stdin)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_add_an_admin_with_the_password_from_stdin(env: Path) -> None:
    code, out = user("add", "root", "--admin", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0 and "Created admin root" in out
    wiki = open_wiki(env)
    assert accounts.get_account(wiki, "root").role is Role.ADMIN
    assert logins.login(wiki, "root", PASSWORD, audit.CLI).viewer.account.is_admin


def test_add_prompts_twice_without_echo(env: Path) -> None:
    code, out = user("add", "ada", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert code == 0 and "Created editor ada" in out
    assert PASSWORD not in out
    assert out.count("Password") == 1 and "Repeat for confirmation" in out
    assert accounts.get_account(open_wiki(env), "ada").role is Role.EDITOR


def test_passwd_role_list_disable(env: Path) -> None:
    user("add", "root", "--admin", "--password-stdin", stdin=PASSWORD + "\n")
    user("add", "ada", "--display-name", "Ada L.", "--password-stdin", stdin=PASSWORD + "\n")
    wiki = open_wiki(env)
    token = logins.login(wiki, "ada", PASSWORD, audit.CLI).token

    code, out = user("passwd", "ada", "--password-stdin", stdin="another good one\n")
    assert code == 0 and "sessions have ended" in out
    assert logins.resolve(wiki, token) is None
    assert logins.login(wiki, "ada", "another good one", audit.CLI)

    assert user("role", "ada", "admin") == (0, "ada is now admin.\n")
    code, out = user("list")
    assert code == 0 and "Ada L." in out and out.count("admin") >= 2
    code, out = user("disable", "ada")
    assert code == 0 and "ada is disabled" in out
    assert "disabled" in user("list")[1]
    assert [e.action for e in audit.entries(wiki)][:3] == [
        audit.DISABLE, audit.ROLE_CHANGE, audit.LOGIN]


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("add", "Bad Name", "--password-stdin"), PASSWORD + "\n", "username: a username"),
    (("add", "ada", "--password-stdin"), "short\n", "password: a password has at least"),
    (("add", "ada", "--password-stdin"), "", "no password on standard input"),
    (("add", "ada", "--role", "owner", "--password-stdin"), PASSWORD + "\n", "owner"),
    (("passwd", "nobody", "--password-stdin"), PASSWORD + "\n", "no user named 'nobody'"),
    (("role", "nobody", "admin"), None, "no user named 'nobody'"),
    (("disable", "nobody"), None, "no user named 'nobody'"),
])
def test_mistakes_are_one_line_and_exit_1(env: Path, args: tuple[str, ...], stdin: str | None,
                                          message: str) -> None:
    code, out = user(*args, stdin=stdin)
    assert code != 0 and message in out
    assert accounts.list_accounts(open_wiki(env)) == []


def test_a_taken_name_and_the_last_admin(env: Path) -> None:
    user("add", "root", "--admin", "--password-stdin", stdin=PASSWORD + "\n")
    code, out = user("add", "ROOT", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 1 and "error: the username 'root' is taken" in out
    code, out = user("disable", "root")
    assert code == 1 and "only active admin" in out
    assert len(out.strip().splitlines()) == 1
