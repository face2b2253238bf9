"""Hostile text through create and edit, then every place it shows: the topic page and its
<title>, the edit form, the preview, history, the diff, recent changes, the Atom feed and
search. Nothing in it may become markup that runs: no script, no handler, no javascript: or
data: URL, no style, no frame; the feed stays well-formed XML with only Atom elements."""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from tests.conftest import open_test_wiki
from tests.web.editing_support import People, api_headers, form_values, people

PAYLOADS = [
    "<script>alert('s1')</script>",
    '<img src=x onerror="alert(\'s2\')">',
    "[click me](javascript:alert('s3'))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![pic](javascript:alert('s4'))",
    "<svg onload=alert('s5')><circle r=9 /></svg>",
    "<math><mtext><img src=x onerror=alert('s6')></mtext></math>",
    "$\\href{javascript:alert('s7')}{x}$ and \\[ <script>alert('s8')</script> \\]",
    "</textarea><script>alert('s9')</script>",
    "\"><b onmouseover=alert('s10')>x</b>",
    "<style>body{display:none}</style>",
    "<iframe src=\"https://evil.example/\"></iframe>",
    '<a href="&#106;avascript:alert(\'s11\')">entity</a>',
    "[zero width](java\u200bscript:alert('s12')) [full width](ｊａｖａｓｃｒｉｐｔ:alert('s13'))",
    "\u202eevil\u202c right-to-left and <!-- an open comment",
    '<a href="  JaVaScRiPt:alert(\'s14\')">case</a> <a href="',
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/\">",
]
TITLE = "</title><script>alert('t1')</script>\"><svg onload=alert('t2')>"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster",
                  "data", "background"}
BAD_TAGS = {"style", "iframe", "object", "embed", "base", "frame", "frameset", "applet"}
FAVICON = "data:image/svg+xml,"


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and not values.get("src", "").startswith("/static/"):
            self.found.append(f"<script {values}>")
        if tag in BAD_TAGS or (tag == "meta" and "http-equiv" in values):
            self.found.append(f"<{tag}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            plain = "".join(ch for ch in value if ch > " ").lower()
            risky = plain.startswith(("javascript:", "vbscript:", "data:"))
            favicon = tag == "link" and value.startswith(FAVICON)
            if name in URL_ATTRIBUTES and risky and not favicon:
                self.found.append(f"<{tag} {name}={value[:40]}>")


def dangers(html: str) -> list[str]:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.found


@pytest.fixture(scope="module")
def hostile(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[Wiki, People]]:
    wiki, cleanup = open_test_wiki(database_kind, tmp_path_factory.mktemp("xss"))
    importing.import_files(wiki, [importing.STARTER])
    who = people(wiki)
    body = "\n\n".join(PAYLOADS)
    created = who.anonymous.post("/api/v1/topics", headers=who.write, json={
        "slug": "hostile", "comment": PAYLOADS[0][:200],
        "texts": {"en": {"title": TITLE, "summary": PAYLOADS[1] + PAYLOADS[2],
                         "why_it_matters": PAYLOADS[5] + PAYLOADS[7], "body": body}},
        "aliases": {"en": ["<img src=x onerror=alert('a1')>"]},
        "tags": ["<svg onload=alert('g1')>"]})
    assert created.status_code == 201, created.text
    values = form_values(who.editor.get("/t/hostile/edit"))
    values.update({"texts.en.body": body + "\n\nan edit " + PAYLOADS[8],
                   "texts.zh.title": PAYLOADS[9], "comment": PAYLOADS[8][:200],
                   "action": "save"})
    assert who.editor.post("/t/hostile/edit", data=values).status_code == 303
    yield wiki, who
    wiki.close()
    cleanup()  # type: ignore[operator]


PAGES = ["/t/hostile", "/t/hostile?lang=zh", "/t/hostile/history", "/t/hostile/diff?from=0&to=1",
         "/t/hostile/diff?from=1&to=2", "/changes", "/changes?topic=hostile",
         "/search?q=alert", "/search?q=hostile", "/t/hostile/edit"]


@pytest.mark.parametrize("url", PAGES)
def test_hostile_text_is_inert_in_every_page(hostile: tuple[Wiki, People], url: str) -> None:
    _, who = hostile
    for client in (who.anonymous, who.editor):
        if url.endswith("/edit") and client is who.anonymous:
            continue
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        assert dangers(page.text) == [], url
        assert "alert('s1')" not in page.text.replace("&#39;", "'").split("<title>")[0]


def test_the_title_element_holds_text_only(hostile: tuple[Wiki, People]) -> None:
    _, who = hostile
    for lang, typed in (("en", TITLE), ("zh", PAYLOADS[9])):
        page = who.anonymous.get(f"/t/hostile?lang={lang}").text
        title = page[page.index("<title>") + 7:page.index("</title>")]
        assert "<" not in title and ">" not in title
        assert html.unescape(title).startswith(typed)


def test_the_edit_form_gives_back_exactly_what_was_typed(hostile: tuple[Wiki, People]) -> None:
    _, who = hostile
    values = form_values(who.editor.get("/t/hostile/edit"))
    assert values["texts.en.title"] == TITLE
    assert values["texts.zh.title"] == PAYLOADS[9]
    assert values["texts.en.body"].endswith("an edit " + PAYLOADS[8])


def test_the_preview_is_sanitized(hostile: tuple[Wiki, People]) -> None:
    _, who = hostile
    shown = who.editor.post("/api/v1/preview", headers=api_headers(who.editor), json={
        "title": TITLE, "summary": PAYLOADS[1], "why_it_matters": PAYLOADS[6],
        "body": "\n\n".join(PAYLOADS)})
    assert shown.status_code == 200
    view = shown.json()
    for name in ("summary_html", "why_it_matters_html", "body_html"):
        assert dangers(view[name]) == [], name
    assert json.dumps(view["title"]) == json.dumps(TITLE)  # plain text, for textContent


def test_the_feed_is_well_formed_atom(hostile: tuple[Wiki, People]) -> None:
    _, who = hostile
    feed = who.anonymous.get("/changes.atom?topic=hostile&lang=en")
    root = ET.fromstring(feed.content)
    atom = "{http://www.w3.org/2005/Atom}"
    names = {element.tag for element in root.iter()}
    assert names <= {atom + n for n in ("feed", "title", "id", "link", "updated", "entry",
                                        "author", "name", "summary")}
    titles = [e.text or "" for e in root.iter(atom + "title")]
    assert any(TITLE in text for text in titles)
