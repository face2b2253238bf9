"""Connected knowledge on the topic page and in its API twin, over the starter content."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_the_topic_page_shows_mentions_with_their_sentence(client: TestClient) -> None:
    api = client.get("/api/v1/topics/attention?lang=en").json()
    assert api["backlinks"], "some starter topic mentions attention"
    first = api["backlinks"][0]
    assert "<mark>" in first["sentence_html"]
    page = client.get("/t/attention?lang=en").text
    assert 'id="mentions-h"' in page
    assert f'href="/t/{first["topic"]["slug"]}?lang=en"' in page
    assert first["sentence_html"] in page


def test_the_topic_page_shows_related_topics_with_a_reason(client: TestClient) -> None:
    api = client.get("/api/v1/topics/attention?lang=en").json()
    assert len(api["related"]) >= 5
    assert all(r["reasons"] for r in api["related"])
    page = client.get("/t/attention?lang=en").text
    assert 'id="related-h"' in page and 'class="reason"' in page
    zh = client.get("/t/attention?lang=zh").text
    assert "相关主题" in zh


def test_the_topic_page_draws_its_neighbourhood_with_a_list_twin(client: TestClient) -> None:
    api = client.get("/api/v1/topics/attention?lang=en").json()
    nodes = api["graph"]["nodes"]
    assert nodes[0]["slug"] == "attention" and len(nodes) > 2
    page = client.get("/t/attention?lang=en").text
    svg = page[page.index('<svg class="graph-svg"'):page.index("</svg>", page.index("graph-svg"))]
    listed = page[page.index('class="graph-list"'):]
    for node in nodes:
        assert f'href="/t/{node["slug"]}?lang=en"' in svg
        assert f'href="/t/{node["slug"]}?lang=en"' in listed


@pytest.mark.parametrize("url", ["/tags/transformer/graph", "/categories/foundations/graph",
                                 "/paths/foundations-beginner/graph"])
def test_groups_have_graph_pages(client: TestClient, url: str) -> None:
    page = client.get(url + "?lang=en")
    assert page.status_code == 200 and 'class="graph-svg"' in page.text
    api = client.get("/api/v1" + url).json()
    assert api["total"] >= len(api["nodes"]) > 1
    assert client.get(url.replace("/graph", "-none/graph")).status_code == 404
