"""The small subject finder that names terms from their sentences."""

from __future__ import annotations

import pytest

from aiwiki.importers._subject import leading_subject


@pytest.mark.parametrize(
    ("sentence", "phrase", "lead"),
    [
        ("A colander is a bowl full of holes.", "colander", "plain"),
        ("The KV rack stores the knives.", "KV rack", "plain"),
        ("Mixture of Spices is a blend of jars.", "Mixture of Spices", "plain"),
        ("Salt and pepper are the oldest seasonings.", "Salt and pepper", "plain"),
        ("Sharp knives make prep faster.", "Sharp knives", "plain"),
        ("Oven mitts protect the hands of the cook.", "Oven mitts", "plain"),
        ("Stockpots let a cook simmer bones for hours.", "Stockpots", "plain"),
        ("Grillworks represents the best of charcoal cooking.", "Grillworks", "plain"),
        ("Kitchen ethics matters because diners trust cooks.", "Kitchen ethics", "plain"),
        ("Searing changed how restaurants cook steak.", "Searing", "plain"),
        ("But braising alone cannot crisp the skin.", "braising", "plain"),
        ("When the oven is full, convection keeps the heat even.", "convection", "clause"),
        ("Understanding knife angles helps you sharpen better.", "knife angles", "gerund"),
    ],
)
def test_subject_before_its_verb(sentence: str, phrase: str, lead: str) -> None:
    subject = leading_subject(sentence)
    assert subject is not None
    assert (subject.phrase, subject.lead) == (phrase, lead)


@pytest.mark.parametrize(
    "sentence",
    [
        "It keeps soup warm for hours.",
        "They're the reason bread rises.",
        "Every cook owns one.",
        "Can a pan be too hot?",
        "If you cook at home, you need one.",
    ],
)
def test_no_subject(sentence: str) -> None:
    assert leading_subject(sentence) is None


def test_fragment_has_words_but_no_verb() -> None:
    subject = leading_subject("The useful number for comparing pans.")
    assert subject is not None
    assert subject.verb_at is None
    assert subject.phrase == ""
    assert subject.prefixes() == ["useful", "useful number"]


def test_prefixes_never_end_with_a_connector() -> None:
    subject = leading_subject("Mixture of Spices is a blend.")
    assert subject is not None
    assert subject.prefixes() == ["Mixture", "Mixture of Spices"]
