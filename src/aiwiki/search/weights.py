"""Ranking weights, in one place for tuning: how much each kind of match is worth.

Scores are sums (see tantivy_query.py): BM25 x field boost per exact term, plus the
constants and boosts below for expansions, phrases and whole-name matches. The figures
were tuned on bench/search.py's synthetic corpus and on the hand-judged seed queries of
bench/relevance.py; each comment says what a weight is for.
"""

from __future__ import annotations

# Field weights for an exact term, multiplied into tantivy's BM25 score and summed over
# fields (a flat sum keeps every clause a plain term scorer, which tantivy runs fastest).
# A name (title, alias) outweighs the summary 4:1, the summary the body 3:1: with lower
# ratios long summaries that repeat a word outrank the topic named by it.
NAME_FIELDS = ("title", "title_other", "alias")  # the fields that name a topic
FIELD_BOOSTS: dict[str, float] = {
    "title": 6.0,
    "title_other": 6.0,
    "alias": 5.0,
    "summary": 1.5,
    "body": 0.5,
}
# A query of four words or more describes a topic rather than naming it ('randomly
# zeroing activations during training'), and so do a formula ('P(w_t | w_<t)') and a
# Chinese phrase cut into words: then matching many of its words anywhere counts more
# than one word in a title.
DESCRIPTIVE_BOOSTS: dict[str, float] = {
    "title": 2.0,
    "title_other": 2.0,
    "alias": 2.0,
    "summary": 1.5,
    "body": 1.0,
}
DESCRIPTIVE_TERMS = 4
# An exact title/alias match is a constant that no sum of term scores can reach.
EXACT_TITLE_SCORE = 1000.0
EXACT_ALIAS_SCORE = 800.0
# Expansions only ever match titles. A prefix expands to the title words it starts
# (the most frequent MAX_COMPLETIONS), each weighted so that it scores 0.6 of what an
# exact title match of the most frequent completion would (see resolve.py): the word
# being typed counts nearly as much as a finished one, yet an exact match of a rarer
# word always ranks above a completion.
PREFIX_BOOST = 0.6 * FIELD_BOOSTS["title"]
MAX_COMPLETIONS = 12
PREFIX_SCORE = 2.0  # constant for a prefix not expanded against an index (pure plans)
FUZZY_SCORE = 1.0  # constant for a typo expansion (when no correction was found)
RELATED_TITLE_WEIGHT = 2.0  # related topics: a shared title word outweighs summary overlap
RELATED_TAG_SCORE = 1.0  # ... and a shared tag adds a little
CORRECTION_FACTOR = 0.5  # a did-you-mean correction counts half an exact term
# Title words in the query's order (the last one as typed so far) add about two title
# terms' worth: 'Watermark Filt' prefers 'Watermark Filtering' to 'Filter Watermark'.
PHRASE_SCORE = 40.0
MAX_PHRASE = 8
# For a Chinese phrase cut into words, a topic holding (nearly) all of them gets a bonus
# worth a title word: BM25 alone lets one word repeated in a short summary beat a topic
# that has every word of '状态空间模型' once. 'Nearly': three in four for long phrases.
# (For English queries the bonus cost a second pass over all postings and moved the
# judged relevance by 0.02 nDCG: not worth it.)
COVERAGE_SCORE = 10.0
COVERAGE_SHARE = 0.75
