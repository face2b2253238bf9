"""Line, sentence and word helpers shared by the readers; letter groups; Chinese lines."""

from __future__ import annotations

import pytest

from aiwiki.errors import ImportFormatError
from aiwiki.importers._gloss_zh import provisional_name, read_zh, subject_name
from aiwiki.importers._letters import first_letter, letter_groups
from aiwiki.importers._text import content_lines, mostly_cjk, sentences, singular


def test_content_lines_keep_file_numbers() -> None:
    lines = content_lines("f.txt", "one\n\n  two  \n")
    assert [(line.number, line.text) for line in lines] == [(1, "one"), (3, "two")]
    with pytest.raises(ImportFormatError):
        content_lines("f.txt", " \n")


def test_sentences_respect_abbreviations_and_lowercase_names() -> None:
    text = "Pans vary, e.g. Cast iron holds heat. vLLM-like kitchens exist. A third one."
    assert sentences(text) == [
        "Pans vary, e.g. Cast iron holds heat.",
        "vLLM-like kitchens exist.",
        "A third one.",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("pans", "pan"),
        ("CNNs", "CNN"),
        ("policies", "policy"),
        ("ethics", "ethics"),
        ("gas", "gas"),
        ("glass", "glass"),
        ("dishes", "dish"),
        ("status", "status"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


def test_chinese_line_with_many_latin_names_is_still_chinese() -> None:
    assert mostly_cjk("Acme Cloud的托管平台,可以访问 Llama、Qwen、Mistral 和 Gemma。")
    assert not mostly_cjk("A pan that heats evenly (均匀).")


def test_letters() -> None:
    assert first_letter("vLLM") == "v"
    assert first_letter("3D printing") is None
    groups = letter_groups(["Apple", None, "Banana", "Cherry", None, "Avocado", "Date"])
    assert groups.allowed(1) == "ab"
    assert groups.allowed(4) == "cd"
    assert 5 not in groups.trusted  # 'Avocado' breaks the order
    assert groups.fits(1, "Basil") and not groups.fits(1, "Cumin")


@pytest.mark.parametrize(
    ("body", "name", "owner"),
    [
        ("Blendly 是一个有力证明。", "Blendly", ""),
        ("Acme Vision证明了小团队也能成功。", "Acme Vision", ""),
        ("在一个被忽视的领域,Sarva Labs 提供了答案。", "Sarva Labs", ""),
        ("Acme Cloud的托管平台。Basin负责扩展。", "Basin", "Acme Cloud"),
        ("MIT 分拆公司正在探索新架构。", None, ""),
        ("由传感器组成的生态系统。", None, ""),
    ],
)
def test_chinese_subject_name(body: str, name: str | None, owner: str) -> None:
    subject = subject_name(body)
    if name is None:
        assert subject is None
    else:
        assert subject is not None
        assert (subject.name, subject.owner) == (name, owner)


@pytest.mark.parametrize(
    ("text", "role", "doubtful"),
    [
        ("为什么重要: 这一步很关键。", "why", False),
        ("Blendly 是一个有力证明,说明小公司也能领先。", "why", False),
        ("Ember AI 正在探索新型网络。", "def", False),
        ("由传感器组成的生态系统。", "def", False),
        ("Frytek 通过让炸锅变得便宜,改变了小餐馆。", "why", True),
        ("一种把面团冷藏过夜的方法。", "def", True),
    ],
)
def test_chinese_line_roles(text: str, role: str, doubtful: bool) -> None:
    reading = read_zh(text)
    assert reading.role == role
    assert bool(reading.doubts) is doubtful


def test_provisional_name_prefers_a_latin_phrase_in_the_letter_group() -> None:
    assert provisional_name("这一术语出自论文《On Slow Ovens》。", "s") == "Slow Ovens"
    assert provisional_name("由传感器组成的生态系统,很有用。", "ab") == "由传感器组成的生态系统"
