"""The radial graph layout (rendering/graph_layout.py): same input, same picture; no two
labels overlap, nor a label and a node, at 30 nodes and with Chinese labels."""

from __future__ import annotations

import itertools

import pytest

from aiwiki.rendering.graph_layout import (
    NodeIn,
    label_box,
    layout,
    overlaps,
    short_label,
    text_width,
)


def _nodes(first: int, second: int, label: str = "Neighbouring topic {i}") -> list[NodeIn]:
    nodes = [NodeIn("c", "Centre topic", 0)]
    nodes += [NodeIn(f"a{i}", label.format(i=i), 1, "c") for i in range(first)]
    nodes += [NodeIn(f"b{i}", label.format(i=100 + i), 2, f"a{i % max(first, 1)}")
              for i in range(second)]
    return nodes


@pytest.mark.parametrize(("first", "second", "label"), [
    (12, 17, "Neighbouring topic {i}"), (3, 0, "X{i}"), (1, 1, "A rather long topic title {i}"),
    (12, 17, "注意力机制的第{i}个变体"), (29, 0, "Topic {i}"),
])
def test_no_label_overlaps_another_label_or_node(first: int, second: int, label: str) -> None:
    placed = layout(_nodes(first, second, label), []).nodes
    assert len(placed) == 1 + first + second
    for a, b in itertools.combinations(placed, 2):
        assert not overlaps(label_box(a), label_box(b)), (a.label, b.label)
    for a in placed:
        for b in placed:
            circle = (b.x - b.r, b.y - b.r, b.x + b.r, b.y + b.r)
            assert a is b or not overlaps(label_box(a), circle), (a.label, b.label)


def test_the_layout_is_deterministic_and_inside_its_frame() -> None:
    first = layout(_nodes(12, 17), [("c", "a1"), ("a1", "b1"), ("c", "missing")])
    again = layout(_nodes(12, 17), [("c", "a1"), ("a1", "b1"), ("c", "missing")])
    assert first == again
    assert first.edges == [("c", "a1"), ("a1", "b1")]
    for node in first.nodes:
        left, top, right, bottom = label_box(node)
        assert left >= 0 and right <= first.width and top >= 0 and bottom <= first.height


def test_labels_are_cut_and_wide_characters_count_double() -> None:
    assert short_label("x" * 40).endswith("…") and len(short_label("x" * 40)) == 22
    assert text_width("注意") == pytest.approx(text_width("ab") / 0.6)
