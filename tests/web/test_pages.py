"""Every HTML page: status, key content, language handling, caching, errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ["Foundations", "Transformers &amp; LLMs", 'type="search"', "Recently changed"]),
        ("/t/attention", ["Attention", "Why it matters", "<math", "Foundations: from tokens"]),
        ("/t/kv-cache", ["KV cache", "key-value cache", "level-advanced"]),
        ("/glossary", ['id="letter-A"', "letter-bar", "Attention"]),
        ("/glossary?level=advanced", ["KV cache", "level-advanced"]),
        ("/tags/transformer", ["#transformer", "topic(s)"]),
        ("/categories/foundations", ["Foundations", "How machines learn", "Beginner"]),
        ("/paths/foundations-beginner", ['class="steps"', "Token", "step-n"]),
        ("/levels/beginner", ["Beginner", "Token"]),
    ],
)
def test_page_renders(client: TestClient, url: str, expected: list[str]) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    for fragment in expected:
        assert fragment in response.text, fragment


def test_glossary_filter_excludes_other_levels(client: TestClient) -> None:
    advanced = client.get("/glossary?level=advanced").text
    assert "/t/kv-cache" in advanced
    assert "/t/token?" not in advanced


def test_topic_in_chinese_and_fallback_marked(client: TestClient) -> None:
    zh = client.get("/t/attention?lang=zh")
    assert "为什么重要" in zh.text and 'lang="zh-Hans"' in zh.text
    assert zh.cookies.get("lang") == "zh"
    partial = client.get("/t/bert?lang=zh")
    assert "尚未翻译" in partial.text  # the body falls back to English, and says so


def test_language_from_accept_language(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/t/attention", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "为什么重要" in page.text
    client.cookies.set("lang", "en")
    assert "为什么重要" not in client.get("/t/attention",
                                       headers={"Accept-Language": "zh-CN"}).text
    client.cookies.clear()


def test_topic_page_etag_gives_304(client: TestClient) -> None:
    first = client.get("/t/softmax?lang=en")
    etag = first.headers["etag"]
    again = client.get("/t/softmax?lang=en", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_unknown_pages_are_friendly_404s(client: TestClient) -> None:
    for url in ("/t/no-such-topic", "/tags/nope", "/categories/nope", "/paths/nope",
                "/levels/expert", "/no/such/route"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Traceback" not in response.text
        assert "Page not found" in response.text


def test_text_is_escaped(client: TestClient) -> None:
    response = client.get("/t/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text


def test_math_in_list_summaries_is_rendered(client: TestClient) -> None:
    html = client.get("/categories/foundations").text
    summaries = re.findall(r'<p class="card-summary">(.*?)</p>', html, re.S)
    assert any("<math" in s for s in summaries)
    assert not any("\\(" in s for s in summaries)


def test_topic_shows_its_own_revision_number(client: TestClient) -> None:
    data = client.get("/api/v1/topics/transformer").json()
    assert data["revision_number"] == 1
    assert re.search(r"revision 1\b", client.get("/t/transformer?lang=en").text)


def test_search_snippets_show_math_rendered(client: TestClient) -> None:
    data = client.get("/api/v1/search", params={"q": "softmax"}).json()
    snippets = [hit["snippet_html"] for hit in data["hits"]]
    assert any("<math" in s for s in snippets)
    assert not any("\\(" in s for s in snippets)


def test_search_api_counts_facets_unless_told_not_to(client: TestClient) -> None:
    full = client.get("/api/v1/search", params={"q": "attention"}).json()
    lean = client.get("/api/v1/search", params={"q": "attention", "facets": "false"}).json()
    assert full["facets"]["level"] and lean["facets"] == {}
    assert [h["slug"] for h in lean["hits"]] == [h["slug"] for h in full["hits"]]
    assert lean["total"] == full["total"] > 0


def test_suggest_api_gives_titles_with_their_slugs(client: TestClient) -> None:
    found = client.get("/api/v1/suggest", params={"q": "transf"}).json()
    assert {"slug": "transformer", "title": "Transformer"} in found
    assert client.get("/api/v1/suggest", params={"q": " "}).json() == []


def test_openapi_still_describes_search_and_suggest_answers(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    search = paths["/api/v1/search"]["get"]["responses"]["200"]["content"]["application/json"]
    assert search["schema"]["$ref"].endswith("/SearchView")
    suggest = paths["/api/v1/suggest"]["get"]["responses"]["200"]["content"]["application/json"]
    assert suggest["schema"]["items"]["$ref"].endswith("/Suggestion")


def test_openapi_lists_the_search_parameters(client: TestClient) -> None:
    parameters = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/search"]["get"][
        "parameters"]
    described = {p["name"]: p for p in parameters}
    assert {"q", "tag", "category", "level", "kind", "language", "page", "per_page",
            "facets"} <= set(described)
    assert all(p["in"] == "query" for p in parameters)
    assert described["per_page"]["schema"]["maximum"] == 50


def test_search_api_reads_every_parameter(client: TestClient) -> None:
    chinese = client.get("/api/v1/search",
                         params={"q": "attention", "language": "zh", "per_page": 2}).json()
    assert 0 < len(chinese["hits"]) <= 2 and chinese["per_page"] == 2
    assert chinese["filters"] == {"lang": "zh"}
    assert chinese["total"] < client.get("/api/v1/search", params={"q": "attention"}).json()[
        "total"]
    second = client.get("/api/v1/search", params={"q": "attention", "per_page": 1, "page": 2})
    assert second.json()["page"] == 2
    en = client.get("/api/v1/search", params={"q": "attention", "lang": "en"}).json()
    zh = client.get("/api/v1/search", params={"q": "attention", "lang": "zh"}).json()
    assert en["hits"][0]["slug"] == zh["hits"][0]["slug"] == "attention"
    assert zh["hits"][0]["title"] != en["hits"][0]["title"]  # the reader's language
    too_long = client.get("/api/v1/search", params={"q": "x" * 10_001})
    assert too_long.status_code == 422 and "q" in too_long.json()["error"]["message"]
