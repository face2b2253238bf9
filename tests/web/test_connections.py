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
    assert [n["slug"] for n in nodes if n["ring"] == 0] == ["attention"] and len(nodes) > 2
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


def test_a_preview_has_the_card_and_why_it_matters_with_math(client: TestClient) -> None:
    answer = client.get("/api/v1/topics/softmax/preview?lang=en")
    data = answer.json()
    assert answer.status_code == 200 and answer.headers["etag"]
    assert data["title"] == "Softmax" and data["level"] == "beginner"
    assert "<math" in data["summary_html"] and data["why_it_matters_html"]
    assert client.get("/api/v1/topics/no-such-topic/preview").status_code == 404


def test_the_home_page_says_where_to_start(client: TestClient) -> None:
    home = client.get("/api/v1/home?lang=en").json()
    assert len(home["start_here"]) >= 5
    page = client.get("/?lang=en").text
    assert 'id="start-h"' in page
    assert f'href="/t/{home["start_here"][0]["slug"]}?lang=en"' in page


def test_learn_mode_deals_cards_from_the_topics_texts(client: TestClient) -> None:
    deck = client.get("/api/v1/learn?path=foundations-beginner&lang=en").json()
    kinds = {c["kind"] for c in deck["cards"]}
    assert {"summary", "formula"} <= kinds
    why = [c for c in deck["cards"] if c["kind"] == "why"]
    assert why and all(c["topic"]["title"].lower() not in c["front_html"].lower() for c in why)
    page = client.get("/learn?path=foundations-beginner&lang=en").text
    assert page.count('class="flashcard') == len(deck["cards"])
    assert client.get("/api/v1/learn?path=foundations-beginner&stage=9").status_code == 404
    assert client.get("/api/v1/learn?path=nope").status_code == 404
    assert client.get("/api/v1/learn?tag=transformer&path=foundations-beginner").status_code == 404
    assert client.get("/api/v1/learn?stage=1").status_code == 404
