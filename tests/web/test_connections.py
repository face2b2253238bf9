"""Connected knowledge on the topic page and in its API twin, over the starter content."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_topic_page_shows_mentions_with_their_sentence(client: TestClient) -> None:
    api = client.get("/api/v1/topics/attention").json()
    assert api["backlinks"], "some starter topic mentions attention"
    first = api["backlinks"][0]
    assert "<mark>" in first["sentence_html"]
    page = client.get("/t/attention").text
    assert 'id="mentions-h"' in page
    assert f'href="/t/{first["topic"]["slug"]}?lang=en"' in page
    assert first["sentence_html"] in page


def test_the_topic_page_shows_related_topics_with_a_reason(client: TestClient) -> None:
    api = client.get("/api/v1/topics/attention").json()
    assert len(api["related"]) >= 5
    assert all(r["reasons"] for r in api["related"])
    page = client.get("/t/attention").text
    assert 'id="related-h"' in page and 'class="reason"' in page
    zh = client.get("/t/attention?lang=zh").text
    assert "相关主题" in zh
