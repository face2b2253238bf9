"""Signing in and out through the real app: cookies, CSRF, redirects, the first-run page,
the account page, and bearer tokens with their scopes. Real database, real argon2."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from aiwiki.domain.accounts import Role, Scope
from aiwiki.services import accounts, api_tokens, audit, importing, logins
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app
from aiwiki.web.auth import local_path
from tests.factories import topic, write_jsonl

PASSWORD = "correct horse battery"
LOOPBACK = ("127.0.0.1", 50123)
FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(wiki: Wiki) -> Iterator[TestClient]:
    with TestClient(create_app(wiki), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def ada(wiki: Wiki) -> accounts.Account:
    return accounts.create_user(wiki, "ada", PASSWORD, audit.CLI, display_name="Ada Lovelace")


def csrf_from(page: Response) -> str:
    found = FIELD.search(page.text)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: TestClient, username: str = "ada", password: str = PASSWORD,
           next: str = "/") -> Response:
    token = csrf_from(client.get("/login"))
    return client.post("/login", data={"username": username, "password": password,
                                       "next": next, "csrf_token": token})


def set_cookie(response: Response, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[0]


def test_logging_in_sets_a_strict_session_cookie(client: TestClient, wiki: Wiki,
                                                 ada: accounts.Account) -> None:
    response = log_in(client, next="/glossary")
    assert response.status_code == 303 and response.headers["location"] == "/glossary"
    cookie = set_cookie(response, "aiwiki_session").lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie  # plain http here: a Secure cookie would never come back
    home = client.get("/")
    assert "Ada Lovelace" in home.text and 'action="/logout"' in home.text
    assert home.headers["cache-control"] == "private, no-cache"
    assert audit.entries(wiki)[0].action == audit.LOGIN


def test_over_https_the_cookie_is_secure(wiki: Wiki, ada: accounts.Account) -> None:
    with TestClient(create_app(wiki), base_url="https://testserver",
                    follow_redirects=False) as secure:
        assert "secure" in set_cookie(log_in(secure), "aiwiki_session").lower()


def test_logging_out_ends_the_session(client: TestClient, wiki: Wiki,
                                      ada: accounts.Account) -> None:
    log_in(client)
    session_token = client.cookies["aiwiki_session"]
    home = client.get("/")
    response = client.post("/logout", data={"csrf_token": csrf_from(home)})
    assert response.status_code == 303
    assert 'aiwiki_session=""' in set_cookie(response, "aiwiki_session")
    assert logins.resolve(wiki, session_token) is None
    after = client.get("/")
    assert "Ada Lovelace" not in after.text and "/login?next=/" in after.text
    assert audit.entries(wiki)[0].action == audit.LOGOUT


def test_a_stale_session_cookie_is_cleared(client: TestClient, wiki: Wiki,
                                           ada: accounts.Account) -> None:
    log_in(client)
    accounts.change_password(wiki, "ada", "another fine passphrase", audit.CLI)
    page = client.get("/")
    assert "Ada Lovelace" not in page.text
    assert 'aiwiki_session=""' in set_cookie(page, "aiwiki_session")


def test_a_wrong_password_shows_the_form_again(client: TestClient, wiki: Wiki,
                                               ada: accounts.Account) -> None:
    response = log_in(client, password="not it at all")
    assert response.status_code == 401
    assert "Wrong username or password." in response.text
    assert "aiwiki_session" not in response.headers.get("set-cookie", "")
    assert audit.entries(wiki)[0].action == audit.LOGIN_FAILED


def test_repeated_failures_get_429_with_retry_after(client: TestClient,
                                                    ada: accounts.Account) -> None:
    for _ in range(5):
        assert log_in(client, password="not it at all").status_code == 401
    response = log_in(client)  # the right password, too soon
    assert response.status_code == 429 and int(response.headers["retry-after"]) >= 1
    assert "Too many failed attempts" in response.text


def test_login_without_the_csrf_token_is_refused(client: TestClient, wiki: Wiki,
                                                 ada: accounts.Account) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert response.status_code == 403
    assert "aiwiki_session" not in response.headers.get("set-cookie", "")
    assert [e.action for e in audit.entries(wiki)] == [audit.USER_ADD]  # nothing tried


def test_a_token_from_another_browser_is_refused(client: TestClient, wiki: Wiki,
                                                 ada: accounts.Account) -> None:
    with TestClient(create_app(wiki)) as other:
        foreign = csrf_from(other.get("/login"))
    client.get("/login")
    response = client.post("/login", data={"username": "ada", "password": PASSWORD,
                                           "csrf_token": foreign})
    assert response.status_code == 403


def test_signed_in_forms_need_the_token_too(client: TestClient, wiki: Wiki,
                                            ada: accounts.Account) -> None:
    log_in(client)
    response = client.post("/account/tokens", data={"name": "sneaky", "scope": "write"})
    assert response.status_code == 403
    assert "another site" in response.text
    assert api_tokens.tokens_of(wiki, ada) == []


@pytest.mark.parametrize("target", [
    "//evil.example", "//evil.example/path", "https://evil.example/", "/\\evil.example",
    "\\\\evil.example", "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1", "", "evil.example",
])
def test_next_must_be_a_local_path(target: str) -> None:
    assert local_path(target) == "/"


@pytest.mark.parametrize("target", ["/", "/t/attention?lang=zh", "/search?q=a%2Fb#top"])
def test_local_paths_pass(target: str) -> None:
    assert local_path(target) == target


def test_login_never_redirects_off_site(client: TestClient, ada: accounts.Account) -> None:
    assert log_in(client, next="//evil.example").headers["location"] == "/"
    page = client.get("/login?next=//evil.example")  # signed in now: straight on
    assert page.status_code == 303 and page.headers["location"] == "/"


def test_a_page_for_editors_sends_anonymous_readers_to_login(client: TestClient) -> None:
    response = client.get("/account?done=password")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account%3Fdone%3Dpassword"
    form = client.get(response.headers["location"])
    assert 'name="next" value="/account?done=password"' in form.text


def test_the_api_answers_401_in_its_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.headers["www-authenticate"].startswith("Bearer")
    bad = client.get("/api/v1/me", headers={"Authorization": "Bearer aiw_nonsense"})
    assert bad.status_code == 401 and "unknown" in bad.json()["error"]["message"]


def test_bearer_tokens_read_and_write_by_scope(client: TestClient, wiki: Wiki,
                                               ada: accounts.Account) -> None:
    reader = api_tokens.create(wiki, ada, "reader", Scope.READ, audit.CLI)
    writer = api_tokens.create(wiki, ada, "writer", Scope.WRITE, audit.CLI)
    victim = api_tokens.create(wiki, ada, "spare", Scope.READ, audit.CLI)

    def auth(made: api_tokens.NewToken) -> dict[str, str]:
        return {"Authorization": f"Bearer {made.secret}"}

    me = client.get("/api/v1/me", headers=auth(reader))
    assert me.status_code == 200 and me.json()["username"] == "ada"
    assert me.json()["scope"] == "read"
    assert len(client.get("/api/v1/me/tokens", headers=auth(reader)).json()) == 3

    refused = client.delete(f"/api/v1/me/tokens/{victim.token.id}", headers=auth(reader))
    assert refused.status_code == 403 and "write scope" in refused.json()["error"]["message"]
    assert api_tokens.authenticate(wiki, victim.secret, audit.CLI) is not None

    done = client.delete(f"/api/v1/me/tokens/{victim.token.id}", headers=auth(writer))
    assert done.status_code == 204
    assert api_tokens.authenticate(wiki, victim.secret, audit.CLI) is None
    assert client.get("/api/v1/me", headers=auth(victim)).status_code == 401
    assert audit.TOKEN_USE in [e.action for e in audit.entries(wiki)]


def test_a_cookie_signed_api_write_needs_the_csrf_header(client: TestClient, wiki: Wiki,
                                                         ada: accounts.Account) -> None:
    spare = api_tokens.create(wiki, ada, "spare", Scope.READ, audit.CLI)
    log_in(client)
    assert client.get("/api/v1/me").json()["scope"] == "write"
    url = f"/api/v1/me/tokens/{spare.token.id}"
    assert client.delete(url).status_code == 403
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)">', client.get("/").text)
    assert meta is not None
    assert client.delete(url, headers={"X-CSRF-Token": meta.group(1)}).status_code == 204


def test_setup_only_from_loopback(wiki: Wiki) -> None:
    with TestClient(create_app(wiki), client=("192.0.2.10", 4000)) as remote:
        assert remote.get("/setup").status_code == 403
    with TestClient(create_app(wiki), client=LOOPBACK) as local:
        relayed = local.get("/setup", headers={"X-Forwarded-For": "192.0.2.10"})
        assert relayed.status_code == 403  # a proxy on the server relays others' requests
    assert not accounts.has_users(wiki)


def test_setup_creates_the_first_admin_once(wiki: Wiki) -> None:
    with TestClient(create_app(wiki), client=LOOPBACK, follow_redirects=False) as local:
        assert "/setup" in local.get("/login").text  # the login page points there
        form = local.get("/setup")
        assert form.status_code == 200
        data = {"username": "root", "display_name": "The Admin", "password": PASSWORD,
                "password_again": PASSWORD, "csrf_token": csrf_from(form)}
        assert local.post("/setup", data=data | {"csrf_token": "forged"}).status_code == 403
        assert not accounts.has_users(wiki)
        mismatch = local.post("/setup", data=data | {"password_again": "something else"})
        assert mismatch.status_code == 422 and "the two passwords differ" in mismatch.text
        done = local.post("/setup", data=data)
        assert done.status_code == 303 and done.headers["location"] == "/account"
        assert "The Admin" in local.get("/account").text
        assert local.get("/setup").status_code == 404
        again = local.post("/setup", data=data | {"username": "eve"})
        assert again.status_code in (403, 404)
    assert [(a.username, a.role) for a in accounts.list_accounts(wiki)] == [("root",
                                                                             Role.ADMIN)]


def test_a_new_token_is_shown_once(client: TestClient, wiki: Wiki,
                                   ada: accounts.Account) -> None:
    log_in(client)
    page = client.get("/account")
    made = client.post("/account/tokens", data={"name": "backup job", "scope": "write",
                                                "csrf_token": csrf_from(page)})
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    secret = re.search(r'<code class="secret">(aiw_[^<]+)</code>', made.text)
    assert secret is not None
    viewer = api_tokens.authenticate(wiki, secret.group(1), audit.CLI)
    assert viewer is not None and viewer.can_write
    later = client.get("/account")
    assert secret.group(1) not in later.text and "backup job" in later.text


def test_revoking_a_token_from_the_account_page(client: TestClient, wiki: Wiki,
                                                ada: accounts.Account) -> None:
    made = api_tokens.create(wiki, ada, "old laptop", Scope.READ, audit.CLI)
    log_in(client)
    page = client.get("/account")
    url = f"/account/tokens/{made.token.id}/revoke"
    assert client.post(url).status_code == 403
    response = client.post(url, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert api_tokens.authenticate(wiki, made.secret, audit.CLI) is None
    assert "The token was revoked" in client.get(response.headers["location"]).text


def test_changing_the_password_on_the_account_page(client: TestClient, wiki: Wiki,
                                                   ada: accounts.Account) -> None:
    elsewhere = logins.login(wiki, "ada", PASSWORD, audit.CLI).token
    log_in(client)
    token = csrf_from(client.get("/account"))
    new = "an entirely new passphrase"
    wrong = client.post("/account/password", data={
        "current_password": "not my password", "new_password": new,
        "new_password_again": new, "csrf_token": token})
    assert wrong.status_code == 422 and "not your current password" in wrong.text
    differ = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": new,
        "new_password_again": new + "!", "csrf_token": token})
    assert differ.status_code == 422 and "differ" in differ.text
    done = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": new,
        "new_password_again": new, "csrf_token": token})
    assert done.status_code == 303
    assert logins.resolve(wiki, elsewhere) is None  # the other browser is signed out
    assert client.get("/account").status_code == 200  # this one stays in
    assert logins.login(wiki, "ada", new, audit.CLI)


def test_the_topic_page_cache_never_shows_a_viewers_name(client: TestClient, wiki: Wiki,
                                                         ada: accounts.Account,
                                                         tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "t.jsonl",
                                              topic("okapi-norm", "Okapi norm"))])
    log_in(client)
    assert "Ada Lovelace" in client.get("/t/okapi-norm").text
    with TestClient(create_app(wiki)) as anonymous:
        page = anonymous.get("/t/okapi-norm")
        assert "Okapi norm" in page.text and "Ada Lovelace" not in page.text
        assert "csrf" not in page.text
    assert "Ada Lovelace" in client.get("/t/okapi-norm").text  # after the cache filled


def test_only_admins_list_the_accounts(client: TestClient, wiki: Wiki,
                                       ada: accounts.Account) -> None:
    root = accounts.create_user(wiki, "root", PASSWORD, audit.CLI, role=Role.ADMIN)
    editor = api_tokens.create(wiki, ada, "mine", Scope.WRITE, audit.CLI).secret
    admin = api_tokens.create(wiki, root, "ops", Scope.READ, audit.CLI).secret
    assert client.get("/api/v1/users").status_code == 401
    refused = client.get("/api/v1/users", headers={"Authorization": f"Bearer {editor}"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    listed = client.get("/api/v1/users", headers={"Authorization": f"Bearer {admin}"})
    assert listed.status_code == 200
    assert [(u["username"], u["role"]) for u in listed.json()] == [("ada", "editor"),
                                                                   ("root", "admin")]
    assert "password_hash" not in listed.text


def test_a_display_name_is_escaped_in_the_header(client: TestClient, wiki: Wiki) -> None:
    accounts.create_user(wiki, "mallory", PASSWORD, audit.CLI,
                         display_name='<script>alert(1)</script><img src=x onerror="x()">')
    log_in(client, "mallory")
    page = client.get("/account").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
