"""The HTTP surface a hostile client meets, on a real uvicorn server on 127.0.0.1:

* security headers on every answer (every route, static files, the API docs, and every error
  status: 400, 404, 405, 413, 422, 431, 500), with a CSP that forbids inline script;
* no inline script, event handler or <style> element in any page the CSP would block;
* request limits as settings: a head over `max_header_bytes` is 431 before it is read in
  full (a 50 MB header), a body over `max_body_bytes` 413;
* HEAD answered wherever GET is, 405 with `Allow`;
* trailing-slash redirects with a relative Location, and only the allowed Host names answered.
"""

from __future__ import annotations

import re
import select
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from starlette.routing import BaseRoute

from aiwiki.config import Settings
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app
from aiwiki.web.hosts import allowed, host_name
from aiwiki.web.templating import TEMPLATES
from tests.web.live import serve

# One concrete URL per route of the app; test_the_table_covers_every_route keeps it whole.
ROUTES = {
    "/": "/",
    "/t/{slug}": "/t/attention",
    "/glossary": "/glossary",
    "/tags/{slug}": "/tags/transformer",
    "/categories/{slug}": "/categories/foundations",
    "/paths/{slug}": "/paths/foundations-beginner",
    "/tags/{slug}/graph": "/tags/transformer/graph",
    "/categories/{slug}/graph": "/categories/foundations/graph",
    "/paths/{slug}/graph": "/paths/foundations-beginner/graph",
    "/learn": "/learn?path=foundations-beginner",
    "/levels/{level}": "/levels/beginner",
    "/t/{slug}/history": "/t/attention/history",
    "/t/{slug}/diff": "/t/attention/diff?from=0&to=1",
    "/changes": "/changes?kind=human",
    "/changes.atom": "/changes.atom",
    "/search": "/search?q=attention",
    "/api/docs": "/api/docs",
    "/api/v1/openapi.json": "/api/v1/openapi.json",
    "/api/v1/home": "/api/v1/home",
    "/api/v1/topics/{slug}": "/api/v1/topics/attention",
    "/api/v1/topics/{slug}/preview": "/api/v1/topics/attention/preview",
    "/api/v1/glossary": "/api/v1/glossary",
    "/api/v1/tags": "/api/v1/tags",
    "/api/v1/tags/{slug}": "/api/v1/tags/transformer",
    "/api/v1/categories": "/api/v1/categories",
    "/api/v1/categories/{slug}": "/api/v1/categories/foundations",
    "/api/v1/paths": "/api/v1/paths",
    "/api/v1/paths/{slug}": "/api/v1/paths/foundations-beginner",
    "/api/v1/tags/{slug}/graph": "/api/v1/tags/transformer/graph",
    "/api/v1/categories/{slug}/graph": "/api/v1/categories/foundations/graph",
    "/api/v1/paths/{slug}/graph": "/api/v1/paths/foundations-beginner/graph",
    "/api/v1/learn": "/api/v1/learn?tag=transformer",
    "/api/v1/levels/{level}": "/api/v1/levels/beginner",
    "/api/v1/stats": "/api/v1/stats",
    "/api/v1/topics/{slug}/history": "/api/v1/topics/attention/history",
    "/api/v1/topics/{slug}/revisions/{number}": "/api/v1/topics/attention/revisions/1",
    "/api/v1/topics/{slug}/diff": "/api/v1/topics/attention/diff?from=0&to=1",
    "/api/v1/changes": "/api/v1/changes",
    "/api/v1/search": "/api/v1/search?q=attention",
    "/api/v1/suggest": "/api/v1/suggest?q=att",
    "/static": "/static/site.css",
    "/static/swagger-ui": "/static/swagger-ui/swagger-ui-bundle.js",
}
# Form pages: GET answers 200, a POST without its CSRF token 403.
FORMS = {
    "/login": "/login?next=/glossary",
    "/setup": "/setup",  # the live server is on loopback and the starter wiki has no account
}
# Routes that refuse an anonymous request, with what they answer it.
GUARDED = {
    "/account": ("GET", "/account", 303),
    "/admin/audit": ("GET", "/admin/audit", 303),
    "/api/v1/admin/audit": ("GET", "/api/v1/admin/audit", 401),
    "/account/password": ("POST", "/account/password", 303),
    "/account/tokens": ("POST", "/account/tokens", 303),
    "/account/tokens/{token_id}/revoke": ("POST", "/account/tokens/1/revoke", 303),
    "/logout": ("POST", "/logout", 303),
    "/api/v1/me": ("GET", "/api/v1/me", 401),
    "/api/v1/me/tokens": ("GET", "/api/v1/me/tokens", 401),
    "/api/v1/me/tokens/{token_id}": ("DELETE", "/api/v1/me/tokens/1", 401),
    "/api/v1/users": ("GET", "/api/v1/users", 401),
    "/review": ("GET", "/review", 303),
    "/review/{item_id}/merge": ("POST", "/review/1/merge", 303),
    "/review/{item_id}/rename": ("POST", "/review/1/rename", 303),
    "/review/{item_id}/attach": ("POST", "/review/1/attach", 303),
    "/review/{item_id}/dismiss": ("POST", "/review/1/dismiss", 303),
    "/merges/{merge_id}/undo": ("POST", "/merges/1/undo", 303),
    "/api/v1/review": ("GET", "/api/v1/review", 401),
    "/api/v1/review/{item_id}/merge": ("POST", "/api/v1/review/1/merge", 401),
    "/api/v1/review/{item_id}/rename": ("POST", "/api/v1/review/1/rename", 401),
    "/api/v1/review/{item_id}/attach": ("POST", "/api/v1/review/1/attach", 401),
    "/api/v1/review/{item_id}/dismiss": ("POST", "/api/v1/review/1/dismiss", 401),
    "/api/v1/merges/{merge_id}/undo": ("POST", "/api/v1/merges/1/undo", 401),
    "/new": ("GET", "/new", 303),
    "/t/{slug}/edit": ("GET", "/t/attention/edit", 303),
    "/t/{slug}/rename": ("POST", "/t/attention/rename", 303),
    "/t/{slug}/delete": ("POST", "/t/attention/delete", 303),
    "/t/{slug}/restore": ("POST", "/t/attention/restore", 303),
    "/t/{slug}/rollback": ("POST", "/t/attention/rollback", 303),
    "/api/v1/topics": ("POST", "/api/v1/topics", 401),
    "/api/v1/topics/{slug}/rename": ("POST", "/api/v1/topics/attention/rename", 401),
    "/api/v1/topics/{slug}/restore": ("POST", "/api/v1/topics/attention/restore", 401),
    "/api/v1/topics/{slug}/rollback": ("POST", "/api/v1/topics/attention/rollback", 401),
    "/api/v1/preview": ("POST", "/api/v1/preview", 401),
}
# Guarded as well, but their path is in a table above with another method.
WRITES = [("POST", "/new", 303), ("POST", "/t/attention/edit", 303),
          ("PATCH", "/api/v1/topics/attention", 401), ("DELETE", "/api/v1/topics/attention", 401)]
PAGES = [*ROUTES.values(), "/static/site.js", "/static/theme.js", "/static/api-docs.js",
         "/static/path.js", "/static/hovercard.js", "/static/learn.js", "/learn",
         "/static/swagger-ui/swagger-ui.css", "/search?q=attention&fragment=1",
         "/t/attention?lang=zh"]
# Answers that are not 200, each with the status it must have.
ERRORS = [
    ("GET", "/no/such/page", 404), ("GET", "/api/v1/topics/nothing-here", 404),
    ("GET", "/static/nothing.js", 404), ("GET", "/api/v1/levels/expert", 422),
    ("GET", "/glossary?level=expert", 422), ("POST", "/t/attention", 405),
    ("PUT", "/api/v1/topics/attention", 405), ("PUT", "/static/site.css", 405),
    *(("POST", url, 403) for url in FORMS.values()), *GUARDED.values(), *WRITES,
]
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def policy(response: httpx.Response) -> dict[str, list[str]]:
    """The Content-Security-Policy as {directive: [sources]}; fails if it is missing."""
    header = response.headers.get("content-security-policy")
    assert header, f"{response.request.url}: no Content-Security-Policy"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def assert_secure(response: httpx.Response) -> None:
    """Every security header, and a policy under which only the site's own files run."""
    where = f"{response.request.method} {response.request.url} → {response.status_code}"
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    directives = policy(response)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts == ["'self'"], f"{where}: script-src {scripts}"
    assert directives["default-src"] == ["'self'"], where
    assert directives["frame-ancestors"] == ["'none'"], where
    assert directives["object-src"] == ["'none'"], where
    assert directives["base-uri"] == ["'self'"], where
    assert "'unsafe-inline'" not in directives.get("style-src", []), where


def inline_code(html: str) -> list[str]:
    """What the policy would block in a page: inline <script>, on…= handlers, <style>."""
    found = re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html, flags=re.IGNORECASE)
    found += re.findall(r"<[a-z][^>]*\son[a-z]+\s*=[^>]*>", html, flags=re.IGNORECASE)
    found += re.findall(r"<style[\s>]", html, flags=re.IGNORECASE)
    found += re.findall(r"javascript:", html, flags=re.IGNORECASE)
    return found


@pytest.fixture(scope="module")
def base(starter_wiki: Wiki) -> Iterator[str]:
    with serve(starter_wiki) as url:
        yield url


@pytest.fixture(scope="module")
def http(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base) as client:
        yield client


def _route_paths(routes: list[BaseRoute]) -> Iterator[str]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's included routers
        if inner is not None:
            yield from _route_paths(inner.routes)
        else:
            yield str(route.path)  # type: ignore[attr-defined]  # every route here has one


def test_the_table_covers_every_route(starter_wiki: Wiki) -> None:
    covered = set(ROUTES) | set(FORMS) | set(GUARDED)
    assert set(_route_paths(create_app(starter_wiki).routes)) == covered


@pytest.mark.parametrize("url", [*PAGES, *FORMS.values()])
def test_every_route_sends_the_security_headers(http: httpx.Client, url: str) -> None:
    response = http.get(url)
    assert response.status_code == 200, url
    assert_secure(response)
    if response.headers["content-type"].startswith("text/html"):
        assert inline_code(response.text) == [], url


@pytest.mark.parametrize(("method", "url", "status"), ERRORS)
def test_error_answers_send_them_too(http: httpx.Client, method: str, url: str,
                                     status: int) -> None:
    response = http.request(method, url)
    assert response.status_code == status, response.text[:300]
    assert_secure(response)
    if response.headers.get("content-type", "").startswith("text/html"):
        assert inline_code(response.text) == [], url


def test_redirects_and_not_modified_send_them(http: httpx.Client) -> None:
    assert_secure(http.get("/t/attention/"))
    first = http.get("/api/v1/topics/attention")
    again = http.get("/api/v1/topics/attention", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert_secure(again)


def test_a_server_error_sends_them(wiki: Wiki) -> None:
    """A real failure, not a stub: the topics table is gone from under the running site."""
    with wiki.engine.begin() as connection:
        connection.execute(text("ALTER TABLE topics RENAME TO topics_gone"))
    with serve(wiki) as url, httpx.Client(base_url=url) as client:
        for page in ("/", "/api/v1/home"):
            response = client.get(page)
            assert response.status_code == 500, response.text[:300]
            assert_secure(response)
            assert "Traceback" not in response.text and "topics" not in response.text


def test_every_template_is_free_of_inline_code() -> None:
    """The files themselves, for the templates no test above happens to render."""
    templates = sorted(TEMPLATES.glob("*.html"))
    assert len(templates) > 5
    for template in templates:
        assert inline_code(template.read_text("utf-8")) == [], template.name


def test_api_docs_need_nothing_from_another_site(http: httpx.Client) -> None:
    """Swagger UI comes from the installed package: the page names no other host, and
    every file it names is served here."""
    page = http.get("/api/docs")
    assert page.status_code == 200
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text), page.text
    assets = re.findall(r"(?:src|href)=\"(/[^\"]+)\"", page.text)
    assert "/static/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/api-docs.js" in assets
    for asset in assets:
        response = http.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset


# --- limits -------------------------------------------------------------------------------

def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0


def send_huge_header(base: str, size: int) -> tuple[bytes, int]:
    """Send a request whose one header is `size` bytes, in 64 KB pieces, stopping as soon
    as the server answers; returns the answer and how many header bytes were sent."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ")
        sent, piece = 0, b"a" * 65536
        while sent < size and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
        return _read_reply(sock), sent


def _read_reply(sock: socket.socket) -> bytes:
    sock.settimeout(30)  # a guard against hanging the suite, not a measured time
    reply = b""
    try:
        while chunk := sock.recv(65536):
            reply += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return reply


def test_a_50_mb_header_is_431_before_it_is_all_read(base: str) -> None:
    reply, sent = send_huge_header(base, 50 * 1024 * 1024)
    assert _status(reply) == 431, reply[:200]
    assert sent < 5 * 1024 * 1024, f"the server read {sent} bytes of the header first"
    head = reply.split(b"\r\n\r\n", 1)[0].lower()
    assert b"content-security-policy: default-src 'self'" in head
    assert b"x-content-type-options: nosniff" in head
    assert httpx.get(base + "/api/v1/stats").status_code == 200  # and the server still serves


def test_a_header_under_the_limit_is_served(base: str) -> None:
    response = httpx.get(base + "/api/v1/stats", headers={"X-Filler": "a" * 30_000})
    assert response.status_code == 200


def test_the_header_limit_is_a_setting(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path, max_header_bytes=4096)
    try:
        with serve(wiki) as url:
            assert httpx.get(url + "/api/v1/stats", headers={"X-F": "a" * 3000}).status_code == 200
            reply, _ = send_huge_header(url, 8192)
            assert _status(reply) == 431
    finally:
        wiki.close()


def test_the_app_checks_the_head_under_any_server(tmp_path: Path) -> None:
    """web/guard.py: the same limit, for a server started some other way than `aiwiki serve`
    (here Starlette's test client, which has no limit of its own)."""
    wiki = _wiki(tmp_path, max_header_bytes=4096)
    try:
        with TestClient(create_app(wiki)) as client:
            api = client.get("/api/v1/stats", headers={"X-Filler": "a" * 5000})
            page = client.get("/", headers={"X-Filler": "a" * 5000})
    finally:
        wiki.close()
    assert api.status_code == 431 and api.json()["error"]["code"] == "headers_too_large"
    assert page.status_code == 431 and "text/html" in page.headers["content-type"]
    assert_secure(api)


@pytest.mark.parametrize("url", ["/api/v1/search?q=x", "/search?q=x", "/t/attention"])
def test_a_body_over_the_limit_is_413(http: httpx.Client, url: str) -> None:
    body = b"x" * (Settings().max_body_bytes + 1)
    response = http.request("POST", url, content=body)
    assert response.status_code == 413, response.text[:200]
    assert response.headers["connection"] == "close"
    assert_secure(response)
    if url.startswith("/api/"):
        assert response.json()["error"]["code"] == "body_too_large"


def test_the_body_limit_is_a_setting(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path, max_body_bytes=10)
    try:
        with serve(wiki) as url, httpx.Client(base_url=url) as client:
            assert client.request("GET", "/api/v1/stats", content=b"x" * 10).status_code == 200
            assert client.request("GET", "/api/v1/stats", content=b"x" * 11).status_code == 413
    finally:
        wiki.close()


def _wiki(folder: Path, **settings: object) -> Wiki:
    """An empty SQLite wiki with some settings changed (no search: nothing here needs it)."""
    url = f"sqlite:///{folder / 'wiki.db'}"
    chosen = Settings.model_validate({"database_url": url, "index_dir": folder / "index",
                                      "load_starter": False, **settings})
    return Wiki.open(chosen, with_search=False)


# --- HEAD and 405 -------------------------------------------------------------------------

@pytest.mark.parametrize("url", PAGES)
def test_head_is_get_without_the_body(http: httpx.Client, url: str) -> None:
    get, head = http.get(url), http.head(url)
    assert head.status_code == 200, url
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]
    assert_secure(head)


@pytest.mark.parametrize("url", PAGES)
def test_405_says_what_is_allowed(http: httpx.Client, url: str) -> None:
    response = http.post(url)
    assert response.status_code == 405, url
    writable = {"PATCH", "DELETE"} if url == "/api/v1/topics/attention" else set()
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert allowed == {"GET", "HEAD"} | writable, url  # every route at the path, not one
    if url.startswith("/api/v1/"):
        assert response.json()["error"]["status"] == 405


# --- redirects and hosts ------------------------------------------------------------------

@pytest.mark.parametrize(("url", "location"), [
    ("/t/attention/", "/t/attention"),
    ("/glossary/?level=advanced", "/glossary?level=advanced"),
    ("/api/v1/topics/attention/", "/api/v1/topics/attention"),
])
def test_a_trailing_slash_redirects_to_a_relative_location(
        http: httpx.Client, url: str, location: str) -> None:
    response = http.get(url)
    assert response.status_code in (301, 307, 308)
    assert response.headers["location"] == location


@pytest.mark.parametrize("path", [b"//evil.example/", b"/\\evil.example/", b"///evil.example//",
                                  b"/%2F%2Fevil.example/", b"/no/such/page/"])
def test_a_slash_never_redirects_elsewhere(base: str, path: bytes) -> None:
    """Sent as raw bytes: an HTTP client would read `//evil.example/` as another host."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port)) as sock:
        sock.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Connection: close\r\n\r\n")
        head = _read_reply(sock).split(b"\r\n\r\n", 1)[0]
    assert _status(head) == 404, head
    assert b"\r\nlocation:" not in head.lower()


def test_a_forged_host_is_refused(http: httpx.Client) -> None:
    api = http.get("/t/attention/", headers={"Host": "evil.example"})
    page = http.get("/", headers={"Host": "evil.example"})
    json = http.get("/api/v1/stats", headers={"Host": "evil.example:8000"})
    assert api.status_code == page.status_code == json.status_code == 400
    assert "location" not in api.headers
    assert "text/html" in page.headers["content-type"] and "evil.example" in page.text
    assert json.json()["error"]["code"] == "unknown_host"
    assert_secure(json)


def test_allowed_hosts_is_a_setting(tmp_path: Path) -> None:
    wiki = _wiki(tmp_path, allowed_hosts="wiki.example.org,*.docs.example.org")
    try:
        with serve(wiki) as url, httpx.Client(base_url=url) as client:
            def status(host: str) -> int:
                return client.get("/api/v1/stats", headers={"Host": host}).status_code

            assert status("wiki.example.org") == 200
            assert status("WIKI.example.org:443") == 200
            assert status("en.docs.example.org") == 200
            assert status("127.0.0.1") == 400
            assert status("docs.example.org.evil.example") == 400
            assert status("evildocs.example.org") == 400
    finally:
        wiki.close()


def test_any_host_still_gets_a_relative_redirect(tmp_path: Path) -> None:
    """With `*` the Host is not checked, and the redirect still cannot point elsewhere."""
    wiki = _wiki(tmp_path, allowed_hosts="*")
    try:
        with serve(wiki) as url, httpx.Client(base_url=url) as client:
            response = client.get("/glossary/", headers={"Host": "evil.example"})
    finally:
        wiki.close()
    assert response.status_code == 307
    assert response.headers["location"] == "/glossary"


@pytest.mark.parametrize(("header", "name"), [
    ("localhost", "localhost"), ("localhost:8000", "localhost"), ("[::1]:8000", "[::1]"),
    ("[::1]", "[::1]"), ("Wiki.Example.ORG", "wiki.example.org"), ("", ""),
    ("a:b:c", "a:b:c"), ("[::1", ""),
])
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


@pytest.mark.parametrize(("name", "patterns", "expected"), [
    ("localhost", ["localhost"], True), ("x.example.org", ["*.example.org"], True),
    ("example.org", ["*.example.org"], False), ("badexample.org", ["*.example.org"], False),
    ("anything", ["*"], True), ("", ["*"], False), ("evil", ["localhost"], False),
])
def test_allowed(name: str, patterns: list[str], expected: bool) -> None:
    assert allowed(name, patterns) is expected
