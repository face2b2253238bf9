"""The site's linker (aiwiki.services.linking): a name index built from a real database,
names looked up there, held to the in-memory linker it replaced. It lives beside the
linker's own tests because it tests the same behaviour, end to end."""

from __future__ import annotations

import random
import re
from functools import partial

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.domain.names import normalize_name
from aiwiki.rendering import Linker
from aiwiki.rendering.autolink import NameIndex
from aiwiki.services import linking
from aiwiki.services.snapshot import bump_generation, current_generation
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Alias, Topic, TopicText
from tests.rendering.reference_autolink import ReferenceLinker

WORDS = ["pooling", "kv", "cache", "attention", "sparse", "mixture", "gate", "router", "go",
         "token", "beam", "search", "lora", "rank", "drift", "loss"]
ACRONYMS = ["MoE", "RAG", "KV", "LoRA", "GO", "Go", "BPE", "SFT"]
CJK = ["注意力", "机制", "稀疏", "门控", "路由", "损失"]


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(1, 3))
    return " ".join(words).capitalize() if rng.random() < 0.7 else " ".join(words)


def _fill(session: Session, count: int, seed: int = 1) -> None:
    """`count` topics with clashing titles, Chinese titles, aliases in both cases, and a few
    topics that are not published."""
    rng = random.Random(seed)
    statuses = [Status.PUBLISHED] * 18 + [Status.NEEDS_REVIEW, Status.DELETED]
    session.execute(insert(Topic), [
        {"slug": f"t{i}", "kind": "concept", "status": rng.choice(statuses)} for i in range(count)
    ])
    ids = {slug: topic_id for slug, topic_id in session.execute(select(Topic.slug, Topic.id))}
    texts, aliases, seen = [], [], set()
    for i in range(count):
        topic_id = ids[f"t{i}"]
        texts.append({"topic_id": topic_id, "lang": "en",
                      "title": "" if rng.random() < 0.05 else _title(rng)})
        if rng.random() < 0.3:
            texts.append({"topic_id": topic_id, "lang": "zh",
                          "title": "".join(rng.sample(CJK, rng.randint(1, 2)))})
        for _ in range(rng.choice([0, 0, 1, 2])):
            lang = rng.choice(["en", "zh"])
            name = rng.choice([*ACRONYMS, _title(rng), "  spaced   out  name "])
            if (lang, normalize_name(name)) not in seen:
                seen.add((lang, normalize_name(name)))
                aliases.append({"topic_id": topic_id, "lang": lang, "name": name,
                                "normalized": normalize_name(name)})
    session.execute(insert(TopicText), texts)
    session.execute(insert(Alias), aliases)
    bump_generation(session)


def _reference_names(session: Session) -> dict[str, tuple[str, str]]:
    """The names as the old service gathered them, in the order SQLite read them."""
    published = Topic.status == Status.PUBLISHED
    names: dict[str, tuple[str, str]] = {}
    titles: dict[str, str] = {}
    for title, slug, lang in session.execute(
        select(TopicText.title, Topic.slug, TopicText.lang)
        .join(Topic, Topic.id == TopicText.topic_id)
        .where(published, TopicText.title != "")
        .order_by(TopicText.topic_id, TopicText.lang)
    ):
        if lang == "en" or slug not in titles:
            titles[slug] = title
        names.setdefault(title, (slug, title))
    for name, slug in session.execute(
        select(Alias.name, Topic.slug).join(Topic, Topic.id == Alias.topic_id)
        .where(published).order_by(Alias.topic_id, Alias.id)
    ):
        names.setdefault(name, (slug, titles.get(slug, name)))
    return names


def _texts(rng: random.Random, count: int) -> list[str]:
    vocabulary = WORDS + ACRONYMS + CJK + ["spaced out name", "KV  cache", "Cache"]
    texts = []
    for _ in range(count):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(5, 60))]
        separators = [rng.choice([" ", " ", ", ", "\n", "", " (", ") "]) for _ in words]
        pairs = zip(words, separators, strict=True)
        texts.append("<p>" + "".join(word + sep for word, sep in pairs) + "</p>")
    return texts


@pytest.fixture
def filled(wiki: Wiki) -> Wiki:
    with wiki.write() as session:
        _fill(session, 1500)
    return wiki


def _site_linker(wiki: Wiki, session: Session) -> Linker:
    return linking.linker(session, id(wiki), current_generation(session))


def test_links_as_the_in_memory_linker_did(filled: Wiki) -> None:
    rng = random.Random(4)
    with filled.read() as session:
        reference = ReferenceLinker(_reference_names(session))
        site = _site_linker(filled, session)
        linked = 0
        for html in _texts(rng, 150):
            page = f"t{rng.randrange(1500)}"
            expected = reference.excluding(page).link(html)
            assert site.excluding(page).link(html) == expected, html
            linked += len(expected.slugs)
    assert linked > 500  # the texts really mention names


def test_hash_collisions_cost_rows_not_links(filled: Wiki) -> None:
    rng = random.Random(5)
    with filled.read() as session:
        reference = ReferenceLinker(_reference_names(session))
        index = NameIndex(linking._all_names(session), hash_name=lambda name: len(name) % 5)
        collided = Linker.over(index, partial(linking.names_of, session))
        for html in _texts(rng, 10):
            assert collided.link(html) == reference.link(html)


def test_names_of_reads_any_number_of_topics_in_precedence_order(filled: Wiki) -> None:
    wanted = range(1, 2 * linking.IDS_PER_QUERY + 50)  # more than one query's worth
    with filled.read() as session:
        rows = linking.names_of(session, wanted)
        named = set(session.scalars(
            select(TopicText.topic_id).join(Topic, Topic.id == TopicText.topic_id)
            .where(Topic.status == Status.PUBLISHED, TopicText.title != "")
        ))
    order = [(row.is_alias, row.topic_id) for row in rows]
    assert order == sorted(order)
    assert {row.topic_id for row in rows if not row.is_alias} == named & set(wanted)
    assert any(row.is_alias for row in rows)


def test_one_index_per_generation(filled: Wiki) -> None:
    with filled.read() as session:
        first = _site_linker(filled, session)
        assert _site_linker(filled, session)._index is first._index
        assert first.link("<p>Zebra pooling</p>").slugs.isdisjoint({"t-zebra"})
    with filled.write() as session:
        topic_id = session.execute(
            insert(Topic).values(slug="t-zebra", kind="concept", status=Status.PUBLISHED)
            .returning(Topic.id)
        ).scalar_one()
        session.execute(insert(TopicText).values(topic_id=topic_id, lang="en", title="Zebra"))
        bump_generation(session)
    with filled.read() as session:
        second = _site_linker(filled, session)
        assert second._index is not first._index
        assert second.link("<p>Zebra pooling</p>").slugs >= {"t-zebra"}


def test_an_empty_index_is_cached_too(wiki: Wiki) -> None:
    with wiki.read() as session:
        first = _site_linker(wiki, session)
        assert len(first._index) == 0
        assert _site_linker(wiki, session)._index is first._index


def test_a_rename_the_index_has_not_seen_is_never_linked_by_its_old_name(filled: Wiki) -> None:
    with filled.write() as session:
        session.execute(
            insert(Topic).values(slug="t-okapi", kind="concept", status=Status.PUBLISHED)
        )
        okapi = session.scalar(select(Topic.id).where(Topic.slug == "t-okapi"))
        session.execute(insert(TopicText).values(topic_id=okapi, lang="en", title="Okapi"))
        bump_generation(session)
    with filled.read() as session:
        assert _site_linker(filled, session).link("<p>an okapi</p>").slugs == {"t-okapi"}
    with filled.write() as session:  # renamed without telling the cache
        session.execute(update(TopicText).where(TopicText.topic_id == okapi).values(title="Tapir"))
    with filled.read() as session:
        assert _site_linker(filled, session).link("<p>an okapi</p>").slugs == frozenset()


def test_topic_page_links_other_topics_but_not_itself(filled: Wiki) -> None:
    with filled.write() as session:
        topic_id = session.execute(
            insert(Topic).values(slug="t-page", kind="concept", status=Status.PUBLISHED)
            .returning(Topic.id)
        ).scalar_one()
        session.execute(insert(TopicText).values(
            topic_id=topic_id, lang="en", title="Quokka routing",
            body="Quokka routing sends each **zebroid** to a quokka router.",
        ))
        session.execute(insert(Topic).values(slug="t-zebroid", kind="concept",
                                             status=Status.PUBLISHED))
        zebroid = session.scalar(select(Topic.id).where(Topic.slug == "t-zebroid"))
        session.execute(insert(TopicText).values(topic_id=zebroid, lang="en", title="Zebroid"))
        bump_generation(session)
    view = get_topic(filled, "t-page", "en")
    hrefs = re.findall(r'href="/t/([^"]+)" class="autolink"', view.body_html)
    assert "t-zebroid" in hrefs and "t-page" not in hrefs
