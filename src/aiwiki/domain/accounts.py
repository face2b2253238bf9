"""The rules of accounts, pure: roles, what a username and a password may look like, and how
long a login waits after failures. No database, no clock of its own (callers pass `now`)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    """What a signed-in person may do; an anonymous reader has no account at all."""

    EDITOR = "editor"
    ADMIN = "admin"


class Scope(StrEnum):
    """What an API token may do: read only, or read and write."""

    READ = "read"
    WRITE = "write"


USERNAME_MIN, USERNAME_MAX = 2, 32
PASSWORD_MIN, PASSWORD_MAX = 10, 1024
DISPLAY_NAME_MAX = 100
TOKEN_NAME_MAX = 100
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]*")


def username_problem(name: str) -> str | None:
    """Why `name` cannot be a username, or None. Lower-case ASCII letters, digits and
    `. _ -` only: a name shows in URLs, logs and the audit trail, and must not have
    look-alikes."""
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        return f"a username has {USERNAME_MIN} to {USERNAME_MAX} characters"
    if not _USERNAME.fullmatch(name):
        return ("a username uses lower-case letters a-z, digits and . _ - "
                "and starts with a letter or digit")
    return None


def normalize_username(name: str) -> str:
    """Usernames are compared without case or surrounding spaces."""
    return name.strip().lower()


def password_problem(password: str) -> str | None:
    """Why `password` is refused, or None. Long passphrases welcome; an upper bound keeps
    a request from making the server hash megabytes."""
    if len(password) < PASSWORD_MIN:
        return f"a password has at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"a password has at most {PASSWORD_MAX} characters"
    return None


def display_name_problem(name: str) -> str | None:
    if not name.strip():
        return "a display name cannot be empty"
    if len(name) > DISPLAY_NAME_MAX:
        return f"a display name has at most {DISPLAY_NAME_MAX} characters"
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return "a display name cannot contain control characters"
    return None


def token_name_problem(name: str) -> str | None:
    if not name.strip():
        return "give the token a name, so that you know later what uses it"
    if len(name) > TOKEN_NAME_MAX:
        return f"a token name has at most {TOKEN_NAME_MAX} characters"
    return None


def throttle_delay(failures: int, allowed: int, cap: timedelta) -> timedelta:
    """How long to wait after the last of `failures` recent failed logins: nothing for the
    first `allowed`, then 1 s, 2 s, 4 s … doubling up to `cap`."""
    if failures < allowed:
        return timedelta(0)
    excess = min(failures - allowed, 30)  # 2**30 s is far beyond any cap
    return min(timedelta(seconds=2**excess), cap)


def wait_until(last_failure: datetime | None, failures: int, allowed: int,
               cap: timedelta) -> datetime | None:
    """The moment the next login attempt may be tried, or None when it may be tried now."""
    delay = throttle_delay(failures, allowed, cap)
    if last_failure is None or not delay:
        return None
    return last_failure + delay
