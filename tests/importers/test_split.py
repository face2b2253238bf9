"""The title/summary splitter on single lines written for these tests."""

from __future__ import annotations

import pytest

from aiwiki.importers._split import candidate_boundaries, restatement, split_title


@pytest.mark.parametrize(
    ("line", "title"),
    [
        # the summary repeats the title, exactly or in lower case
        ("SALTSALT is a scoring rule for seasoning.", "SALT"),
        (
            "Oven Drift CompensationOven drift compensation keeps the dial honest.",
            "Oven Drift Compensation",
        ),
        # a name glued to its own CamelCase repetition, cut in the right place
        ("SpoonAttentionSpoonAttention stores spoons in blocks.", "SpoonAttention"),
        ("GrainNet DatasetGrainNet is a labelled set of grain photos.", "GrainNet Dataset"),
        # closing parenthesis, question mark and opening quote glue hard
        ("Ladle (Serving Tool)Potters in 1850 shaped deep spoons.", "Ladle (Serving Tool)"),
        ("What is oven drift?Oven drift is a slow change of temperature.", "What is oven drift?"),
        (
            "Knives Are All You Need“Knives Are All You Need” praised one blade.",
            "Knives Are All You Need",
        ),
        # names that start in lower case
        ("tinyGRUtinyGRU is a very small recurrent unit.", "tinyGRU"),
        ("mixLSTM & Batch WhiskingmixLSTM is a recipe model.", "mixLSTM & Batch Whisking"),
        # summaries that open with an imperative, a citation, an opener or a number
        (
            "Dough Proofing & Mid-RestingRest the dough between steps.",
            "Dough Proofing & Mid-Resting",
        ),
        (
            "BrineNet / Brine NetworksOkafor et al. (2021) describe a curing model.",
            "BrineNet / Brine Networks",
        ),
        ("Heat TransferIn cooking, heat moves from burner to food.", "Heat Transfer"),
        ("Dual Timers (DT)Two timers run side by side.", "Dual Timers (DT)"),
        ("Six-Minute Egg12 eggs cooked for six minutes give jammy yolks.", "Six-Minute Egg"),
        ("Pan Seasoning EditsRank-one edits fix a single sticky spot.", "Pan Seasoning Edits"),
        ("FRYNAn oil-based recurrent fryer keeps its state.", "FRYN"),
        (
            "Implicit Seasoning of CSTOver-seasoned dishes end up balanced.",
            "Implicit Seasoning of CST",
        ),
        (
            "Flavor Classifiers++Flavor Classifiers++ is a cascade of tasters.",
            "Flavor Classifiers++",
        ),
    ],
)
def test_split_finds_the_exact_title(line: str, title: str) -> None:
    split = split_title(line)
    assert split is not None
    assert split.title == title
    assert split.summary == line[len(title) :]
    assert split.confident


def test_close_call_is_reported_not_hidden() -> None:
    # 'Taste|Net ScoreSweet...' and 'TasteNet Score|Sweet...' are both readable
    split = split_title("TasteNet ScoreSweet dishes score high.")
    assert split is not None
    assert split.title == "TasteNet Score"
    assert not split.confident


def test_no_glued_position_means_no_split() -> None:
    assert split_title("Layer Normalization") is None


def test_candidates_never_cross_a_space_or_open_a_parenthesis() -> None:
    line = "Ladle (Serving Tool)Potters shaped spoons."
    for i in candidate_boundaries(line):
        assert not line[i - 1].isspace() and not line[i].isspace()
        assert line[:i].count("(") == line[:i].count(")")


@pytest.mark.parametrize(
    ("title", "summary", "words"),
    [
        ("Oven Thermometer", "An oven thermometer reads the air.", 2),
        ("Ferment Caching (FC)", "FC keeps a starter ready.", 1),
        ("What is oven drift?", "Oven drift is slow.", 2),
        ("Oven Thermometer", "Potters shaped spoons.", 0),
    ],
)
def test_restatement_counts_repeated_words(title: str, summary: str, words: int) -> None:
    assert restatement(title, summary) == words
