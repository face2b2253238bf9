"""The tag/text splitter shared by math restoring and auto-linking (aiwiki.rendering._html)."""

from __future__ import annotations

import pytest

from aiwiki.rendering._html import SkipTracker, chunks, tag_name


@pytest.mark.parametrize(
    "html",
    [
        '<p class="a>b">x &amp; y</p>',
        "<!-- c > d --><br/>text < 3",
        "<math><mi>x</mi><mspace width='1em'></mspace></math>",
        "plain",
        "",
    ],
)
def test_chunks_join_back_to_the_input(html: str) -> None:
    assert "".join(c.text for c in chunks(html)) == html


def test_attribute_with_angle_bracket_stays_one_tag() -> None:
    assert [c.is_tag for c in chunks('<a title="x>y">t</a>')] == [True, False, True]


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("<P>", ("p", False)),
        ("</code>", ("code", True)),
        ("<br/>", ("br", False)),
        ("<!-- x -->", ("", False)),
    ],
)
def test_tag_name(tag: str, name: tuple[str, bool]) -> None:
    assert tag_name(tag) == name


def test_skip_tracker_handles_nesting_and_stray_closers() -> None:
    tracker = SkipTracker(frozenset({"code"}))
    states = []
    for tag in ["</code>", "<code>", "<code>", "</code>", "</code>", "<code/>"]:
        tracker.feed(tag)
        states.append(tracker.inside)
    assert states == [False, True, True, True, False, False]
