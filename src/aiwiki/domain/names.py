"""Slugs and name normalisation: how two spellings of a name are found to be the same.

Also the rules that read other names out of a title ('Low-Rank Adaptation (LoRA)' is also
'LoRA'), because the importers, the editor and search must all agree on them.
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Fold case, width, punctuation: 'KV-Cache', 'kv cache' and 'ＫＶ　Cache' compare equal."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = folded.replace("&", " and ")
    return _SPACES.sub(" ", _NON_WORD.sub(" ", folded)).strip()


SLUG_MAX_LENGTH = 80


def slugify(text: str, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A readable URL key: ascii words joined by '-', CJK kept as is, never empty."""
    normal = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    ascii_or_cjk = "".join(
        ch if (ch.isascii() or _is_cjk(ch)) else unicodedata.normalize("NFKD", ch)[:1]
        for ch in normal
    )
    words = [w for w in _NON_WORD.split(ascii_or_cjk) if w and w != "_"]
    slug = "-".join(w.strip("_") for w in words if w.strip("_"))[:max_length].strip("-_")
    return slug or "topic"


def is_valid_slug(slug: str) -> bool:
    """The one slug rule: a slug is what `slugify` makes of it, at most 80 characters.

    So a slug is lowercase words of letters and digits (ASCII, CJK ideographs, or the base
    letters of other scripts; '_' only inside a word) joined by single '-'. It never holds
    '/', '\\', '.', spaces or control characters, so it is always a plain file name.
    """
    return 0 < len(slug) <= SLUG_MAX_LENGTH and slugify(slug) == slug


def clean_slug(given: str) -> str:
    """A slug from outside, normalised (spaces around it, case and width folded) and
    checked; anything more to rewrite is refused rather than silently changed."""
    slug = unicodedata.normalize("NFKC", given.strip()).casefold()
    if not is_valid_slug(slug):
        hint = f"; perhaps {slugify(given)!r}" if given.strip() else ""
        raise ValueError(
            f"{_preview(given)} is not a valid slug (lowercase letters and digits in words "
            f"joined by single '-', at most {SLUG_MAX_LENGTH} characters{hint})"
        )
    return slug


def _preview(text: str, limit: int = 60) -> str:
    """A value quoted for an error message, cut so that a huge one stays one short line."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# ---------------------------------------------------------------------------- acronyms

# Words an acronym may skip or spell with one letter ('ELMo' = Embeddings from LM).
_SMALL_WORDS = _word_set("a an and as by for from in of on or the to via with")
_ACRONYM_SHAPE = re.compile(r"[A-Za-z0-9&+]*[A-Z][A-Za-z0-9&+]*")
_DIGIT_WORDS = {"2": "to", "4": "for"}

# Well-known acronyms whose expansion a source may leave out. Importers use it to alias an
# acronym title to its expansion and to see that 'SAEs' names 'Sparse autoencoder'; it is
# knowledge, not text from a source, so keep it to unambiguous AI acronyms.
KNOWN_EXPANSIONS: dict[str, str] = {
    "AI": "Artificial intelligence",
    "BPE": "Byte Pair Encoding",
    "CNN": "Convolutional neural network",
    "DiT": "Diffusion Transformer",
    "DPO": "Direct Preference Optimization",
    "FLOPs": "Floating-point operations",
    "GQA": "Grouped-query attention",
    "LLM": "Large language model",
    "LSTM": "Long short-term memory",
    "MLM": "Masked language modeling",
    "MoE": "Mixture of Experts",
    "RAG": "Retrieval-augmented generation",
    "RLAIF": "Reinforcement learning from AI feedback",
    "RLHF": "Reinforcement learning from human feedback",
    "RNN": "Recurrent neural network",
    "SAE": "Sparse autoencoder",
    "ViT": "Vision Transformer",
    "W&B": "Weights & Biases",
}


def looks_like_acronym(text: str) -> bool:
    """One token with a capital after its first letter or a digit: 'LoRA', 'T5', 'W&B'."""
    token = text.strip()
    if " " in token or not _ACRONYM_SHAPE.fullmatch(token):
        return False
    return sum(ch.isupper() for ch in token) >= 2 or any(ch.isdigit() for ch in token[1:])


def is_acronym_of(short: str, long: str) -> bool:
    """True when `short` spells `long` from word prefixes: RoPE, FLOPs, ELMo, AdaBoost.

    Each letter group of the acronym is a prefix of a word of the long form, in order; small
    words ('of', 'from') may be skipped, and so may one other word ('FLOPs' skips 'point').
    A single-word long form never qualifies: 'Alignment (AI)' is a qualifier, not a name.
    """
    if not looks_like_acronym(short):
        return False
    letters = _acronym_letters(short)
    for words in _long_word_lists(long):
        first_counts = bool(words) and words[0][:1] == letters[:1]
        if len(words) >= 2 and first_counts and _spells(letters, words, skips_left=1):
            return True
    return False


def _acronym_letters(short: str) -> str:
    token = short.replace("&", "").replace("+", "")
    if token.endswith("s") and sum(ch.isupper() for ch in token[:-1]) >= 2:
        token = token[:-1]  # plural: FLOPs, GNNs, LLMs
    token = re.sub(r"([A-Za-z])([2-9])$", lambda m: m.group(1) * int(m.group(2)), token)
    token = re.sub(r"(?<=[A-Za-z])[24](?=[A-Za-z])", lambda m: _DIGIT_WORDS[m.group(0)], token)
    return token.casefold()


def _long_word_lists(long: str) -> list[list[str]]:
    """The long form split at hyphens, and with hyphenated compounds kept whole."""
    folded = unicodedata.normalize("NFKC", long).casefold().replace("&", " and ")
    split = re.findall(r"[a-z0-9]+", folded)
    whole = [w.replace("-", "") for w in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded)]
    return [split, whole] if whole != split else [split]


def _spells(letters: str, words: list[str], skips_left: int) -> bool:
    if not letters:
        return len([w for w in words if w not in _SMALL_WORDS]) <= skips_left
    if not words:
        return False
    word, rest = words[0], words[1:]
    for size in range(min(len(word), len(letters)), 0, -1):
        if word[:size] == letters[:size] and _spells(letters[size:], rest, skips_left):
            return True
    if word in _SMALL_WORDS:
        return _spells(letters, rest, skips_left)
    return skips_left > 0 and len(rest) > 0 and _spells(letters, rest, skips_left - 1)


# ------------------------------------------------------------------------ title aliases

_PAREN = re.compile(r"\s*\(([^()]+)\)")


def title_aliases(title: str) -> list[str]:
    """Other names a title carries, without the title itself, in a stable order.

    'Low-Rank Adaptation (LoRA)' -> ['LoRA', 'Low-Rank Adaptation'];
    'Key-Value (KV) Caching' -> ['KV Caching', 'Key-Value Caching'];
    'Residual Connection (Skip Connection)' -> ['Skip Connection', 'Residual Connection'];
    'RetNet / Retention Networks' -> ['RetNet', 'Retention Networks'];
    'Bias (Fairness)' -> [] (a qualifier, not another name).
    """
    found = parenthetical_aliases(title) or _slash_aliases(title)
    seen = {normalize_name(title)}
    unique = []
    for name in found:
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def parenthetical_aliases(title: str) -> list[str]:
    """Names hidden in a title's parentheses, when the parentheses hold a name at all.

    The inner text is a name when it is an acronym of the words just before it (or those
    words are an acronym of it), or when it is a synonym sharing the head word. Anything
    else ('Alignment (AI)', 'Whisper (Speech-to-Text)') is a qualifier and yields nothing.
    """
    groups = list(_PAREN.finditer(title))
    if not groups:
        return []
    short_form, long_form = title, title
    for match in reversed(groups):
        replaced = _resolve_group(title, match)
        if replaced is None:
            return []
        short, long, start = replaced
        short_form = short_form[:start] + short + short_form[match.end() :]
        long_form = long_form[:start] + long + long_form[match.end() :]
    return [_tidy(short_form), _tidy(long_form)]


def _resolve_group(title: str, match: re.Match[str]) -> tuple[str, str, int] | None:
    """(short replacement, long replacement, start) for one '(...)', or None if a qualifier."""
    inner = match.group(1).strip()
    before = title[: match.start()]
    words = before.split()
    for count in range(1, len(words) + 1):
        outer = " ".join(words[-count:])
        if is_acronym_of(inner, outer):
            return inner, outer, len(before) - len(outer)
    for word in reversed(words):  # 'PAC Learning (Probably Approximately Correct)'
        if is_acronym_of(word, inner):
            start = before.rindex(word)
            long = before[:start] + inner + before[start + len(word) :]
            return before, long, 0
    rest = title[match.end() :].strip()
    if not rest and _same_head(before, inner):
        return inner, before.strip(), 0
    return None


def _same_head(outer: str, inner: str) -> bool:
    """'Residual Connection' and 'Skip Connection' share their head word 'connection'."""
    outer_words, inner_words = outer.split(), inner.split()
    if not outer_words or len(inner_words) < 2 or "," in inner:
        return False
    return _head(outer_words[-1]) == _head(inner_words[-1])


def _head(word: str) -> str:
    folded = word.casefold().strip(".,")
    return folded[:-1] if folded.endswith("s") and len(folded) > 3 else folded


def _slash_aliases(title: str) -> list[str]:
    """'RetNet / Retention Networks' names one thing twice; 'BF16 / FP8 / MXFP4' lists three."""
    bare = _PAREN.sub("", title).strip()
    parts = [p.strip() for p in bare.split(" / ")]
    if len(parts) != 2 or not all(parts):
        return []
    left, right = parts
    if is_acronym_of(left, right) or _abbreviates(left, right):
        return [left, right]
    return [p for p, other in ((left, right), (right, left)) if _standalone_name(p, other)]


def _abbreviates(short: str, long: str) -> bool:
    """'RetNet' is built from the starts of 'Retention Networks'."""
    pieces = re.findall(r"[A-Z][a-z0-9]*", short)
    words = long.split()
    return len(pieces) == len(words) >= 2 and all(
        w.casefold().startswith(p.casefold()) for p, w in zip(pieces, words, strict=True)
    )


def _standalone_name(part: str, other: str) -> bool:
    """A half that names something on its own rather than sharing the other half's head.

    Two single words ('Self-Refine / Reflexion') are two names. Beside a longer half, a
    single plain word may be a modifier ('Radix / Prefix-Cache Attention' means Radix
    Attention) or a common noun ('... / Offloading'), so only a name-shaped word with an
    inner capital or digit ('ROME', 'StreamingLLM', 'Transformer-XL') counts.
    """
    if len(part.split()) >= 2 or len(other.split()) == 1:
        return True
    return any(ch.isupper() or ch.isdigit() for ch in part[1:])


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
