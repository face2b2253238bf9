"""What kind of thing a glossary entry describes, and the other names its text gives it.

The kind is read from the head noun of the definition's opening phrase ('A chip company…',
'An open-source recipe engine…'). A company is a company whatever its title; a product or
model needs a sure proper name, because 'A kitchen timer…' describes timers in general,
not a product. Anything unclear stays a term.
"""

from __future__ import annotations

import re

from aiwiki.domain.enums import Kind
from aiwiki.domain.names import KNOWN_EXPANSIONS, is_acronym_of, looks_like_acronym, normalize_name

_COMPANY = ("company",)
_PRODUCT = ("platform", "editor", "engine", "hub", "system", "service", "library", "app")
_MODEL = ("model", "network")
_OPENING_END = re.compile(r"[,.:;(—]| that | which | where ")
_YEAR = re.compile(r"\((?:19|20)\d\d\)")
_CAPITAL_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:of|from|for|and|[A-Z][\w-]*))*\s+[A-Z][\w-]*")


def kind_of(title: str, definition: str, why: str, *, title_sure: bool = True) -> Kind:
    """COMPANY when the definition says 'a ... company'; PRODUCT or MODEL for a sure proper
    name defined as a platform/engine/... or as a specific model; TERM otherwise."""
    opening = _OPENING_END.split(definition, maxsplit=1)[0].casefold().split()[:6]
    possessive = any(w.endswith(("'s", "’s")) for w in opening[:3])  # "Elon Musk's AI company"
    if not opening or not (opening[0] in ("a", "an", "the") or possessive):
        return Kind.TERM  # not a noun-phrase definition ('Training a small model...')
    head = next((w for w in opening if w in (*_COMPANY, *_PRODUCT, *_MODEL)), "")
    if head in _COMPANY:
        return Kind.COMPANY
    if not title_sure or not _proper_name(title, f"{definition} {why}"):
        return Kind.TERM
    if head in _PRODUCT:
        return Kind.PRODUCT
    first_sentence = definition.split(". ", 1)[0]
    specific = (
        definition.startswith("The ") or " from " in first_sentence or _YEAR.search(first_sentence)
    )
    if head in _MODEL and specific:
        return Kind.MODEL
    return Kind.TERM


def _proper_name(title: str, text: str) -> bool:
    """A name the text never writes in lowercase: 'Cursor', 'BERT', 'vLLM' but not 'Chatbot'."""
    if looks_like_acronym(title) or any(ch.isupper() for ch in title[1:]):
        return True
    lowered = re.search(rf"(?<![\w-]){re.escape(title.casefold())}", text)
    return lowered is None


def text_aliases(title: str, definition: str, why: str) -> list[str]:
    """Acronyms and expansions of the title that the entry itself spells out.

    'Constitutional AI' gets 'CAI' from '...CAI keeps...'; 'FLOPs' gets 'Floating Point
    Operations' when its definition spells that out. An acronym title with no expansion in
    the text falls back to the table of well-known expansions.
    """
    text = f"{definition} {why}"
    found: list[str] = []
    for token in sorted(set(re.findall(r"[A-Za-z0-9&+]+", text))):
        short = token[:-1] if token.endswith("s") and token[:-1].isupper() else token
        if _abbreviates(short, title):
            found.append(short)
    if looks_like_acronym(title):
        expansions = [
            run
            for run in _CAPITAL_RUN.findall(text)
            if title.casefold() not in run.casefold() and is_acronym_of(title, run)
        ]
        found.extend(expansions[:1] or _known(title))
    return sorted(set(found), key=found.index)


def _abbreviates(short: str, title: str) -> bool:
    """'CAI' for 'Constitutional AI', 'SAE' for 'Sparse autoencoder' (a known expansion);
    not 'AI' for 'Edge AI' (too short, and it means something else)."""
    known = KNOWN_EXPANSIONS.get(short)
    if known is not None:
        return normalize_name(known) == normalize_name(title)
    letters = sum(ch.isalnum() for ch in short)
    return (
        letters >= 3
        and short.casefold() not in title.casefold().split()
        and is_acronym_of(short, title)
    )


def _known(title: str) -> list[str]:
    wanted = normalize_name(title)
    return [long for short, long in KNOWN_EXPANSIONS.items() if normalize_name(short) == wanted]
