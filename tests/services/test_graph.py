"""Graphs (services/graph.py) over a real database: a topic's two rings of links, capped at
30 nodes; the graph of a tag, a category and a path; unknown names are 404."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwiki.errors import NotFound
from aiwiki.services import graph, importing
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from tests.factories import topic, write_jsonl


@pytest.fixture
def star(wiki: Wiki, tmp_path: Path) -> Wiki:
    """A hub mentioned by 20 spokes, each mentioning two of 20 rims; one loner."""
    spokes = [topic(f"spoke{i}", f"Spoke {i}", tags=["wheel"], categories=[],
                    summary=f"Spoke {i} holds the wheel hub, rim {i} and rim {(i + 1) % 20}.")
              for i in range(20)]
    rims = [topic(f"rim{i}", f"Rim {i}", summary="A part.") for i in range(20)]
    hub = topic("hub", "Wheel hub", summary="The centre.", tags=["wheel"])
    loner = topic("loner", "Loner", summary="Sits apart from the wheel hub fans.", tags=["wheel"])
    importing.import_files(wiki, [write_jsonl(tmp_path / "s.jsonl", hub, loner, *spokes, *rims)])
    return wiki


def test_a_topics_neighbourhood_is_two_rings_capped_at_thirty(star: Wiki) -> None:
    view = get_topic(star, "hub", "en").graph
    assert view is not None
    rings = {n.slug: n.ring for n in view.nodes}
    first = [s for s, r in rings.items() if r == 1]
    assert rings["hub"] == 0 and len(first) == graph.FIRST_RING
    rims = [s for s, r in rings.items() if r == 2]
    assert all(s.startswith("rim") for s in rims) and len(rims) == len(first) + 1  # a fan
    assert len(rings) <= graph.MAX_NODES
    assert view.total == 1 + 20 + 20 + 1  # the loner mentions the hub too
    slugs = set(rings)
    assert all(e.source in slugs and e.target in slugs for e in view.edges)
    assert {("hub", "spoke0")} <= {tuple(sorted((e.source, e.target))) for e in view.edges}


def test_a_topic_without_links_borrows_its_related_topics(star: Wiki) -> None:
    view = get_topic(star, "rim5", "en").graph
    assert view is not None and len(view.nodes) >= 3  # spoke 4 and spoke 5 link here


@pytest.mark.parametrize("kind", ["tag", "path"])
def test_a_groups_graph_starts_from_its_best_connected_member(star: Wiki, kind: str,
                                                              tmp_path: Path) -> None:
    slug = "wheel" if kind == "tag" else "wheel-beginner"
    if kind == "path":
        importing.import_files(star, [write_jsonl(tmp_path / "p.jsonl", {
            "type": "path", "slug": slug, "title": "Wheel", "level": "beginner",
            "description": "", "steps": ["spoke1", "hub", "rim1", "spoke2"]})])
    view = graph.group_graph(star, kind, slug, "en")
    assert [n.slug for n in view.nodes if n.ring == 0] == ["hub"]
    assert view.total == (22 if kind == "tag" else 4)


def test_an_unknown_group_is_not_found(wiki: Wiki) -> None:
    with pytest.raises(NotFound):
        graph.group_graph(wiki, "category", "nothing", "en")
