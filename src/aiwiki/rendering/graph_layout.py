"""A deterministic layout for a small graph (up to ~40 nodes), by distance from a centre:
the centre in the middle, each further ring one column further out on either side.

Pure: the same nodes and edges always give the same picture, so pages cache and tests can
pin it. A radial layout was tried first: with labels of 20-odd characters its rings had
to grow until 30 nodes made a picture too large to read once scaled to the page. Columns
keep labels apart by construction instead: one label per row in a column, every label on
the outer side of its node, and columns far enough apart for the longest label between
them. Nodes of the first ring alternate right and left; a node further out goes on its
parent's side, rows sorted by the parent's row so that edges cross little. Rings beyond
OUTER share the outermost column. Label widths are estimated from the characters (CJK
about twice a Latin letter); the estimate errs wide.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

FONT_PX = 13.0
LABEL_H = 17.0
ROW = 26.0
NODE_R = 6.5
CENTRE_R = 10.0
MAX_LABEL = 22  # characters; longer titles are cut with an ellipsis (the full one is a tooltip)
GAP = 8.0  # between a node and its label
OUTER = 2  # rings beyond this one share its column
MARGIN = 10.0


@dataclass(frozen=True, slots=True)
class NodeIn:
    key: str
    label: str
    ring: int  # 0 for the centre
    parent: str | None = None  # the node of an inner ring it hangs from


@dataclass(frozen=True, slots=True)
class PlacedNode:
    key: str
    label: str
    ring: int
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    anchor: str  # start, middle or end


@dataclass(frozen=True, slots=True)
class Layout:
    nodes: list[PlacedNode]
    edges: list[tuple[str, str]]
    width: float
    height: float


_Box = tuple[float, float, float, float]  # left, top, right, bottom


def short_label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def text_width(text: str) -> float:
    """Estimated width at FONT_PX: wide (CJK) characters count as one em, others 0.6."""
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in "WF")
    return FONT_PX * (wide + 0.6 * (len(text) - wide))


def layout(nodes: Sequence[NodeIn], edges: Sequence[tuple[str, str]]) -> Layout:
    """Place ``nodes`` (one with ring 0) and keep the ``edges`` between placed nodes."""
    columns = _columns(nodes)
    labels = [short_label(n.label) for n in nodes]
    step = max((text_width(label) for label in labels), default=0.0) + 2 * GAP + 2 * NODE_R
    tallest = max((len(rows) for rows in columns.values()), default=1)
    middle = (tallest - 1) * ROW / 2
    placed = [
        _placed(node, column, middle + (row - (len(rows) - 1) / 2) * ROW, step)
        for column, rows in sorted(columns.items()) for row, node in enumerate(rows)
    ]
    keys = {n.key for n in placed}
    kept = [(a, b) for a, b in edges if a in keys and b in keys and a != b]
    return _framed(placed, kept)


def _columns(nodes: Sequence[NodeIn]) -> dict[int, list[NodeIn]]:
    """Column (negative: left of the centre) -> its nodes, top to bottom."""
    side: dict[str, int] = {}
    row_of: dict[str, float] = {}
    columns: dict[int, list[NodeIn]] = {}
    for ring in sorted({n.ring for n in nodes}):
        members = [n for n in nodes if n.ring == ring]
        members.sort(key=lambda n: (row_of.get(n.parent or "", 0.0), n.label.casefold(), n.key))
        for index, node in enumerate(members):
            column = _column_of(node, index, side, columns)
            side[node.key] = 1 if column >= 0 else -1
            columns.setdefault(column, []).append(node)
        for rows in columns.values():
            for row, node in enumerate(rows):
                row_of[node.key] = row - (len(rows) - 1) / 2
    return columns


def _column_of(node: NodeIn, index: int, side: dict[str, int],
               columns: dict[int, list[NodeIn]]) -> int:
    depth = min(node.ring, OUTER)
    if depth == 0:
        return 0
    if node.ring == 1 or node.parent not in side:
        right, left = len(columns.get(depth, [])), len(columns.get(-depth, []))
        chosen = (1 if index % 2 == 0 else -1) if node.ring == 1 else (1 if right <= left else -1)
        return depth * chosen
    return depth * side[node.parent]


def _placed(node: NodeIn, column: int, y: float, step: float) -> PlacedNode:
    x = column * step
    r = CENTRE_R if node.ring == 0 else NODE_R
    label = short_label(node.label)
    if column == 0:
        return PlacedNode(node.key, label, node.ring, x, y, r, x, y + r + FONT_PX + 1, "middle")
    outward = 1 if column > 0 else -1
    return PlacedNode(node.key, label, node.ring, x, y, r, x + outward * (r + GAP),
                      y + FONT_PX * 0.35, "start" if outward > 0 else "end")


def edge_path(a: PlacedNode, b: PlacedNode, centre_x: float) -> str:
    """SVG path data for an edge: straight, or between two nodes of one column a curve that
    bows towards the centre (their labels are on the outer side), so it passes no node."""
    if a.x != b.x:
        return f"M{a.x} {a.y}L{b.x} {b.y}"
    inward = 1 if a.x < centre_x else -1
    bow = inward * min(ROW * 1.5 + abs(a.y - b.y) / 4, ROW * 4)
    return f"M{a.x} {a.y}Q{round(a.x + bow, 1)} {round((a.y + b.y) / 2, 1)} {b.x} {b.y}"


def label_box(node: PlacedNode) -> _Box:
    width = text_width(node.label)
    left = {"start": node.label_x, "end": node.label_x - width}.get(
        node.anchor, node.label_x - width / 2)
    baseline = node.label_y
    return left, baseline - FONT_PX, left + width, baseline + LABEL_H - FONT_PX


def _node_box(node: PlacedNode) -> _Box:
    return node.x - node.r, node.y - node.r, node.x + node.r, node.y + node.r


def overlaps(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _framed(placed: list[PlacedNode], edges: list[tuple[str, str]]) -> Layout:
    """Shift everything so that the picture starts at (MARGIN, MARGIN)."""
    boxes = [label_box(n) for n in placed] + [_node_box(n) for n in placed]
    if not boxes:
        return Layout([], [], 0.0, 0.0)
    left = min(b[0] for b in boxes) - MARGIN
    top = min(b[1] for b in boxes) - MARGIN
    width = max(b[2] for b in boxes) - left + MARGIN
    height = max(b[3] for b in boxes) - top + MARGIN
    moved = [PlacedNode(n.key, n.label, n.ring, round(n.x - left, 1), round(n.y - top, 1), n.r,
                        round(n.label_x - left, 1), round(n.label_y - top, 1), n.anchor)
             for n in placed]
    return Layout(moved, edges, round(width, 1), round(height, 1))
