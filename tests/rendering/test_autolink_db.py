"""The site's linker (aiwiki.services.linking): a name index built from a real database,
names looked up there, held to the in-memory linker it replaced. It lives beside the
linker's own tests because it tests the same behaviour, end to end."""

from __future__ import annotations

import random
import re
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.domain.names import normalize_name
from aiwiki.rendering import Linker
from aiwiki.rendering.autolink import LayeredNames, NameIndex
from aiwiki.services import importing, linking
from aiwiki.services.topics import get_topic
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import bump_generation, current_generation
from aiwiki.storage.tables import Alias, Revision, Topic, TopicText
from tests.factories import topic, write_jsonl
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


def _revised(session: Session, *topic_ids: int) -> None:
    """Record a revision of each topic, stamped with the next generation, as every write of
    the app does (the linker reads again only the topics revised since it read all)."""
    revisions = []
    for topic_id in topic_ids:
        number = 1 + (session.scalar(
            select(func.max(Revision.number)).where(Revision.topic_id == topic_id)
        ) or 0)
        revision = session.execute(
            insert(Revision).values(topic_id=topic_id, number=number, author="t", snapshot={})
            .returning(Revision.id)
        ).scalar_one()
        session.execute(
            update(Topic).where(Topic.id == topic_id).values(current_revision=revision)
        )
        revisions.append(revision)
    generation = bump_generation(session)
    session.execute(
        update(Revision).where(Revision.id.in_(revisions)).values(generation=generation)
    )


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
        _revised(session, topic_id)
    with filled.read() as session:
        second = _site_linker(filled, session)
        assert second._index is not first._index
        assert second.link("<p>Zebra pooling</p>").slugs >= {"t-zebra"}


def _change_some(session: Session, rng: random.Random, count: int) -> None:
    """Rename, re-alias, unpublish and publish ``count`` random topics, with revisions."""
    ids = list(session.scalars(select(Topic.id)))
    chosen = rng.sample(ids, count)
    for topic_id in chosen:
        change = rng.randrange(4)
        if change == 0:
            session.execute(update(TopicText).where(TopicText.topic_id == topic_id)
                            .values(title=_title(rng)))
        elif change == 1:
            name = rng.choice([*ACRONYMS, _title(rng), "Zebra gate"])
            session.execute(insert(Alias).values(topic_id=topic_id, lang="en", name=name,
                                                 normalized=f"{normalize_name(name)} {topic_id}"))
        else:
            status = Status.NEEDS_REVIEW if change == 2 else Status.PUBLISHED
            session.execute(update(Topic).where(Topic.id == topic_id).values(status=status))
    _revised(session, *chosen)


def test_after_writes_the_layered_names_link_as_a_fresh_build_would(filled: Wiki) -> None:
    rng = random.Random(6)
    with filled.read() as session:
        first = _site_linker(filled, session)
    for _ in range(3):
        with filled.write() as session:
            _change_some(session, rng, 40)
        with filled.read() as session:
            site = _site_linker(filled, session)
            assert isinstance(site._index, LayeredNames)
            assert site._index._layers[0] is first._index._layers[0]  # not read again
            reference = ReferenceLinker(_reference_names(session))
            for html in _texts(rng, 60):
                assert site.link(html) == reference.link(html), html


def test_names_are_read_again_once_the_changes_outgrow_a_quarter(filled: Wiki) -> None:
    rng = random.Random(7)
    with filled.read() as session:
        first = _site_linker(filled, session)
        names = len(first._index)
    with filled.write() as session:
        _change_some(session, rng, 1000)
    with filled.read() as session:
        site = _site_linker(filled, session)
        assert isinstance(site._index, LayeredNames)
        assert len(site._index._layers) == 1 and site._index._layers[0] is not first._index
        assert len(site._index) > names // 2
        reference = ReferenceLinker(_reference_names(session))
        for html in _texts(rng, 30):
            assert site.link(html) == reference.link(html), html


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


def test_a_topic_renamed_by_an_import_is_linked_by_its_new_name_at_once(
    wiki: Wiki, tmp_path: Path
) -> None:
    importing.import_files(wiki, [importing.STARTER])  # names enough to keep as a base
    quokka = topic("quokka", "Quokka", texts={"en": {
        "title": "Quokka", "summary": "A marsupial.", "body": "Unlike the wombat, it hops."}})
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", quokka,
                                              topic("wombat", "Wombat"))])
    before = get_topic(wiki, "quokka", "en").body_html
    assert 'href="/t/wombat"' in before
    with wiki.read() as session:
        base = _site_linker(wiki, session)._index

    renamed = topic("wombat", "Burrowing wombat", aliases={"en": ["Hairy nose"]})
    importing.import_files(wiki, [write_jsonl(tmp_path / "b.jsonl", renamed)])
    quokka["texts"]["en"]["body"] = "Unlike the burrowing wombat or the hairy nose, it hops."
    importing.import_files(wiki, [write_jsonl(tmp_path / "c.jsonl", quokka)])

    html = get_topic(wiki, "quokka", "en").body_html
    assert re.findall(r'href="/t/([^"]+)" class="autolink"', html) == ["wombat"]
    assert ">burrowing wombat</a>" in html
    with wiki.read() as session:
        layered = _site_linker(wiki, session)._index
    assert isinstance(base, LayeredNames) and isinstance(layered, LayeredNames)
    assert layered._layers[0] is base._layers[0]  # the import did not cost a full read


def _new_topic(session: Session, slug: str, title: str) -> Revision:
    """A published topic with its first revision, flushed but not committed."""
    topic_id = session.execute(
        insert(Topic).values(slug=slug, kind="concept", status=Status.PUBLISHED)
        .returning(Topic.id)
    ).scalar_one()
    session.execute(insert(TopicText).values(topic_id=topic_id, lang="en", title=title))
    revision = Revision(topic_id=topic_id, number=1, author="t", snapshot={})
    session.add(revision)
    session.flush()
    return revision


def test_a_write_that_commits_after_a_later_numbered_one_is_still_linked(wiki: Wiki) -> None:
    """On PostgreSQL a revision's id is drawn when it is inserted, not when it commits: a
    slow write may commit after a faster one with a higher id. A linker that caught up by
    revision id would never see the slow one; by generation (taken in commit order) it
    does."""
    if wiki.engine.dialect.name == "sqlite":
        pytest.skip("SQLite runs one write at a time, so ids follow commit order there")
    importing.import_files(wiki, [importing.STARTER])
    with wiki.sessions() as slow, wiki.sessions() as fast:
        early = _new_topic(slow, "t-okapi", "Okapi")  # drawn first, commits last
        late = _new_topic(fast, "t-tapir", "Tapir")
        assert late.id > early.id
        bump_generation(fast, [late])
        fast.commit()
        with wiki.read() as session:
            linked = _site_linker(wiki, session).link("<p>okapi and tapir</p>").slugs
        assert linked == {"t-tapir"}
        bump_generation(slow, [early])
        slow.commit()
        assert early.id < late.id and (early.generation or 0) > (late.generation or 0)
    with wiki.read() as session:
        linked = _site_linker(wiki, session).link("<p>okapi and tapir</p>").slugs
    assert linked == {"t-okapi", "t-tapir"}
