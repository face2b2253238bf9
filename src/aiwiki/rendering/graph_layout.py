"""A deterministic radial layout for a small graph (up to ~40 nodes): the centre in the
middle, each ring of nodes one step further out, labels that never overlap.

Pure: the same nodes and edges always give the same picture, so pages cache and tests can
pin it. Nodes on a ring are spread round it in the order of their parents' angles (so
neighbours of one node sit together), then each label goes on the outward side of its
node; while any two labels (or a label and a node) overlap, the rings grow. Label widths
are estimated from the characters (CJK about twice a Latin letter), which is all a
browser-independent layout can do; the estimate errs wide.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

FONT_PX = 13.0
LABEL_H = 17.0
RING = 120.0  # first ring's radius
NODE_R = 7.0
CENTRE_R = 11.0
MAX_LABEL = 26  # characters; longer titles are cut with an ellipsis (the full one is a tooltip)
GROW = 1.15
TRIES = 14
MARGIN = 8.0


@dataclass(frozen=True, slots=True)
class NodeIn:
    key: str
    label: str
    ring: int  # 0 for the centre
    parent: str | None = None  # the node of the ring inside this one it hangs from


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
    rings = max((n.ring for n in nodes), default=0)
    radii = [RING * ring for ring in range(rings + 1)]
    placed: list[PlacedNode] = []
    for _ in range(TRIES):
        placed = _place(nodes, radii)
        crowded = _crowded_rings(placed)
        if not crowded:
            break
        radii = [r * GROW if ring in crowded or ring > min(crowded) else r
                 for ring, r in enumerate(radii)]
    keys = {n.key for n in placed}
    kept = [(a, b) for a, b in edges if a in keys and b in keys and a != b]
    return _framed(placed, kept)


def _place(nodes: Sequence[NodeIn], radii: list[float]) -> list[PlacedNode]:
    angles: dict[str, float] = {}
    placed: list[PlacedNode] = []
    for ring, radius in enumerate(radii):
        members = [n for n in nodes if n.ring == ring]
        for node, angle in zip(members, _ring_angles(members, angles), strict=True):
            angles[node.key] = angle
            placed.append(_node_at(node, radius, angle))
    return placed


def _ring_angles(members: list[NodeIn], parents: dict[str, float]) -> list[float]:
    """Evenly spread angles, given in the members' order of (parent angle, label)."""
    if not members:
        return []
    if len(members) == 1 and members[0].ring == 0:
        return [0.0]
    order = sorted(range(len(members)), key=lambda i: (
        parents.get(members[i].parent or "", 0.0), members[i].label.casefold(), members[i].key))
    step = 2 * math.pi / len(members)
    start = -math.pi / 2 + (step / 2 if members[0].ring > 1 else 0.0)
    angles = [0.0] * len(members)
    for slot, index in enumerate(order):
        angles[index] = start + slot * step
    return angles


def _node_at(node: NodeIn, radius: float, angle: float) -> PlacedNode:
    x, y = radius * math.cos(angle), radius * math.sin(angle)
    r = CENTRE_R if node.ring == 0 else NODE_R
    label = short_label(node.label)
    cos = math.cos(angle)
    if node.ring == 0 or abs(cos) < 0.35:
        below = node.ring == 0 or math.sin(angle) > 0
        return PlacedNode(node.key, label, node.ring, x, y, r, x,
                          y + (r + FONT_PX + 2 if below else -(r + 5)), "middle")
    gap = r + 5
    return PlacedNode(node.key, label, node.ring, x, y, r, x + (gap if cos > 0 else -gap),
                      y + FONT_PX * 0.35, "start" if cos > 0 else "end")


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


def _crowded_rings(placed: list[PlacedNode]) -> set[int]:
    """The rings of nodes whose label overlaps another label or node."""
    crowded: set[int] = set()
    boxes = [(n, label_box(n)) for n in placed]
    for i, (node, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1 :]:
            if overlaps(box, other_box):
                crowded |= {node.ring, other.ring} - {0} or {1}
        for other in placed:
            if other is not node and overlaps(box, _node_box(other)):
                crowded |= {max(node.ring, other.ring)} - {0} or {1}
    return crowded


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
