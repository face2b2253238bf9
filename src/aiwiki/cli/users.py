"""`aiwiki user …`: accounts from the server's shell. Whoever runs these holds the database,
so they act with full power (audited as coming from `cli`). Errors are one line, exit 1."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from aiwiki.cli.commands import Commands
from aiwiki.cli.output import console
from aiwiki.config import load_settings
from aiwiki.domain.accounts import Role
from aiwiki.errors import BadInput
from aiwiki.services import accounts
from aiwiki.services.audit import CLI
from aiwiki.services.wiki import Wiki

app = typer.Typer(help="Manage accounts: add, passwd, role, list, disable.",
                  no_args_is_help=True)

PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from the first line of standard input "
    "instead of prompting (for scripts).")]


command = Commands(app)


def _wiki() -> Wiki:
    return Wiki.open(load_settings(), with_search=False)


def read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin, or typed twice without echo."""
    if not from_stdin:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise BadInput("no password on standard input")
    return password


@command()
def add(
    username: Annotated[str, typer.Argument(help="2-32 characters: a-z, 0-9, . _ -")],
    admin: Annotated[bool, typer.Option("--admin", help="Same as --role admin.")] = False,
    role: Annotated[Role, typer.Option(help="editor or admin.")] = Role.EDITOR,
    display_name: Annotated[str | None, typer.Option(
        help="Name shown on pages; the username by default.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account. The first admin: `aiwiki user add NAME --admin`."""
    chosen = Role.ADMIN if admin else role
    wiki = _wiki()
    made = accounts.create_user(wiki, username, read_password(password_stdin), CLI,
                                role=chosen, display_name=display_name)
    console.print(f"Created {made.role.value} [bold]{made.username}[/].")


@command()
def passwd(
    username: Annotated[str, typer.Argument(help="Whose password to set.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password; the user is signed out everywhere."""
    wiki = _wiki()
    accounts.get_account(wiki, username)  # an unknown name fails before the prompt
    accounts.change_password(wiki, username, read_password(password_stdin), CLI)
    console.print(f"Password changed for [bold]{username}[/]; their sessions have ended.")


@command()
def role(
    username: Annotated[str, typer.Argument(help="Whose role to change.")],
    new_role: Annotated[Role, typer.Argument(metavar="ROLE", help="editor or admin.")],
) -> None:
    """Make a user an editor or an admin."""
    accounts.set_role(_wiki(), username, new_role, CLI)
    console.print(f"[bold]{username}[/] is now {new_role.value}.")


@command("list")
def list_() -> None:
    """Every account with its role and state."""
    table = Table(title="Accounts")
    for column in ("username", "display name", "role", "state", "created"):
        table.add_column(column)
    for user in accounts.list_accounts(_wiki()):
        table.add_row(user.username, user.display_name, user.role.value,
                      "disabled" if user.disabled else "active",
                      user.created_at.strftime("%Y-%m-%d"))
    console.print(table)


@command()
def disable(username: Annotated[str, typer.Argument(help="Whose account to lock.")]) -> None:
    """Lock an account: its sessions end and its API tokens stop working."""
    accounts.disable(_wiki(), username, CLI)
    console.print(f"[bold]{username}[/] is disabled.")
