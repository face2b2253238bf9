"""The pure account rules, on tables of cases."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from aiwiki.domain.accounts import (
    display_name_problem,
    password_problem,
    throttle_delay,
    username_problem,
    wait_until,
)


@pytest.mark.parametrize("name", ["ada", "a1", "grace.hopper", "x_y-z", "0day", "a" * 32])
def test_good_usernames(name: str) -> None:
    assert username_problem(name) is None


@pytest.mark.parametrize("name", ["", "a", "a" * 33, "Ada", "-ada", ".ada", "ada lovelace",
                                  "ada@example.org", "аda", "ada\n", "管理员", "ada/..", "ａｄａ"])
def test_bad_usernames(name: str) -> None:
    assert username_problem(name)


@pytest.mark.parametrize(("password", "ok"), [
    ("short", False), ("ten chars!", True), ("x" * 1024, True), ("x" * 1025, False),
])
def test_password_length(password: str, ok: bool) -> None:
    assert (password_problem(password) is None) is ok


@pytest.mark.parametrize(("name", "ok"), [
    ("Ada Lovelace", True), ("艾达", True), ("  ", False), ("a\x00b", False), ("x" * 101, False),
])
def test_display_names(name: str, ok: bool) -> None:
    assert (display_name_problem(name) is None) is ok


CAP = timedelta(minutes=15)


@pytest.mark.parametrize(("failures", "seconds"), [
    (0, 0), (4, 0), (5, 1), (6, 2), (7, 4), (14, 512), (15, 900), (500, 900),
])
def test_wait_doubles_after_the_allowed_failures_up_to_the_cap(failures: int,
                                                               seconds: int) -> None:
    assert throttle_delay(failures, 5, CAP) == timedelta(seconds=seconds)


def test_wait_counts_from_the_last_failure() -> None:
    last = datetime(2026, 3, 1, 12, 0, 0)
    assert wait_until(last, 6, 5, CAP) == last + timedelta(seconds=2)
    assert wait_until(last, 4, 5, CAP) is None
    assert wait_until(None, 9, 5, CAP) is None
