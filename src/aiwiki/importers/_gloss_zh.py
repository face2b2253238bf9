"""Read the Chinese lines of a glossary: which name each is about, and definition or why.

A Chinese line carries no term name of its own, but almost always leads a clause with the
Latin name it is about ('Blendly 是…', '…,Sarva Labs 提供了…'). A name followed by a predicate
is the line's subject; a name followed by a possessive '的' is an owner ('Acme Cloud的托管平台'
is about a platform of Acme Cloud, not about Acme Cloud).

Why-it-matters lines usually start with the marker '为什么重要:'. Unmarked lines are
classified by shape (a subject name with a predicate reads like a why-it-matters, a bare
noun phrase like a definition) and by wording; the result says when that was a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"\s*为什么重要\s*[:：]\s*")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.&+'’-]*(?: [A-Za-z0-9][A-Za-z0-9.&+'’-]*)*")
_CLAUSE_START = re.compile(r"(?:^|[，,。；;：:！？!?—])\s*")
# What may follow a subject name: a verb or a copula, or '的重要性' (the importance of).
_PREDICATES = (
    "是", "将", "通过", "证明", "代表", "展示", "构建", "提供", "之所以", "的重要性", "处理",
    "让", "使", "在", "正在", "已经", "为", "成为", "把", "能", "可以", "也", "还", "推出",
    "开发", "发布", "专注", "改变", "帮助", "负责", "支持", "允许", "包括", "采用", "使用",
    "拥有", "创立", "开创",
)  # fmt: skip
_WHY_WORDS = ("重要", "证明", "代表", "意义", "价值", "典范", "影响力")
_DEF_WORDS = ("术语", "是指", "指的是", "组成", "批评认为", "分拆公司", "托管平台", "正在探索")
_GENERIC_NAME_WORDS = frozenset({"ai", "labs", "inc", "inc.", "technologies", "corp", "ltd"})
_BOOK_TITLE = re.compile(r"《([^》]+)》")


@dataclass(frozen=True)
class ZhName:
    """The Latin name a Chinese line is about; `owner` is set for '<Owner>的…<Name>'."""

    name: str
    owner: str = ""


@dataclass(frozen=True)
class ZhReading:
    """What a Chinese line is: its body, role ('why' or 'def'), subject, and doubts."""

    body: str
    role: str
    subject: ZhName | None
    doubts: tuple[str, ...] = ()
    marked: bool = False


def read_zh(text: str) -> ZhReading:
    """Classify one Chinese glossary line and find the name it is about."""
    marked = MARKER.match(text)
    body = text[marked.end() :].strip() if marked else text.strip()
    subject = subject_name(body)
    if marked:
        return ZhReading(body, "why", subject, marked=True)
    role, doubt = _role_of_unmarked(body, subject)
    return ZhReading(body, role, subject, (doubt,) if doubt else ())


def subject_name(body: str) -> ZhName | None:
    """The first Latin name that opens a clause and is followed by a predicate."""
    owner = ""
    for start in _CLAUSE_START.finditer(body):
        name = _LATIN_NAME.match(body, start.end())
        if not name:
            continue
        after = body[name.end() :].lstrip()
        if after.startswith(_PREDICATES):
            return ZhName(name.group(0), owner)
        if after.startswith("的") and not owner:
            owner = name.group(0)
    return None


def provisional_name(body: str, letters: str) -> str:
    """A best guess when no subject name was found: a Latin phrase starting with an allowed
    letter ('《On Slow Ovens》' -> 'Slow Ovens'), else the
    opening Chinese phrase ('由传感器组成的生态系统')."""
    for title in [*_BOOK_TITLE.findall(body), *(m.group(0) for m in _LATIN_NAME.finditer(body))]:
        words = title.split()
        for index, word in enumerate(words):
            if word[:1].isupper() and word[:1].casefold() in letters:
                return " ".join(words[index:])
    return re.split(r"[，,。；;：:]", body, maxsplit=1)[0][:30]


def distinctive_words(name: str) -> list[str]:
    """Words of a name that identify it ('Ember' in 'Ember AI')."""
    return [w for w in name.split() if w.casefold() not in _GENERIC_NAME_WORDS] or [name]


def mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` by one of its distinctive words, as a whole word."""
    return any(
        re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text)
        for word in distinctive_words(name)
    )


def _role_of_unmarked(body: str, subject: ZhName | None) -> tuple[str, str]:
    """Wording decides when it is one-sided; otherwise the shape does, with a doubt."""
    why_words = any(word in body for word in _WHY_WORDS)
    def_words = any(word in body for word in _DEF_WORDS)
    if why_words != def_words:
        return ("why" if why_words else "def"), ""
    if subject and not subject.owner:
        return "why", "unmarked Chinese line read as why-it-matters by its shape only"
    return "def", "unmarked Chinese line read as a definition by its shape only"
