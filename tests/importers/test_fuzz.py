"""Fuzzing every import format: any input either imports or is refused with the one-line
BadInput error, and a refused import leaves the database exactly as it was.

Inputs are random bytes, damaged copies of the seed-like fixtures, and structured
generators that build nearly valid JSON Lines objects and front matter with odd values.
Bounded (a hundred-odd examples per format) so the file runs in seconds;
AIWIKI_FUZZ_EXAMPLES=5000 hunts longer.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from aiwiki.config import Settings
from aiwiki.errors import BadInput
from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Base
from tests.conftest import make_database_url

SEEDLIKE = Path(__file__).parents[1] / "fixtures" / "seedlike"
EXAMPLES = int(os.environ.get("AIWIKI_FUZZ_EXAMPLES", "120"))  # more for a long hunt
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ------------------------------------------------------------------------ the wiki


@pytest.fixture(scope="module")
def fuzz_wiki(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wiki]:
    """One wiki for the whole module (hypothesis runs many examples per test), holding the
    starter so that inputs may refer to topics and categories that exist."""
    directory = tmp_path_factory.mktemp("fuzz")
    url, cleanup = make_database_url(database_kind, directory)
    settings_ = Settings(database_url=url, index_dir=directory / "index", load_starter=False)
    wiki = Wiki.open(settings_, with_search=False)  # the importers are under test, not search
    importing.import_files(wiki, [importing.STARTER])
    yield wiki
    wiki.close()
    cleanup()  # type: ignore[operator]


def fingerprint(wiki: Wiki) -> list[list[tuple[Any, ...]]]:
    """Every row of every table, in key order: equal before and after means nothing changed."""
    with wiki.read() as session:
        return [
            [tuple(row) for row in session.execute(
                select(table).order_by(*table.primary_key.columns)
            )]
            for table in Base.metadata.sorted_tables
        ]


def attempt(wiki: Wiki, write: Callable[[Path], Path]) -> None:
    """Import what `write` puts in a fresh folder; only BadInput may come out, atomically."""
    with tempfile.TemporaryDirectory() as folder:
        target = write(Path(folder))
        before = fingerprint(wiki)
        try:
            importing.import_files(wiki, [target])
        except BadInput as exc:
            assert "\n" not in exc.message
            assert exc.message.startswith(str(target))  # it names the file (and line)
            assert fingerprint(wiki) == before


def file_with(content: bytes, name: str = "input.txt") -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        (folder / name).write_bytes(content)
        return folder / name

    return write


# ------------------------------------------------------------------- odd values

ODD_STRINGS = st.sampled_from([
    "", " ", "en", "zh", "xx-evil", "../../escape-pwned", "a/b", "\ud800", "\x00", "\u202e",
    "concept", "beginner", "published", "deleted", "attention", "transformer", "foundations",
    "path-x-beginner", "Attention", "x" * 400, "\n---\n", "[/bold]", "1e400",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**20, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), ODD_STRINGS,
)
ODD = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=6) | ODD_STRINGS, inner, max_size=3),
    max_leaves=8,
)
TEXT_OR_ODD = st.one_of(st.text(max_size=40), ODD_STRINGS, ODD)
LANG = st.one_of(st.sampled_from(["en", "zh"]), ODD_STRINGS)
STRING_LIST = st.one_of(st.lists(st.one_of(st.text(max_size=12), ODD_STRINGS), max_size=4), ODD)


def texts() -> st.SearchStrategy[Any]:
    fields = st.fixed_dictionaries({}, optional={
        "title": TEXT_OR_ODD, "summary": TEXT_OR_ODD, "why_it_matters": TEXT_OR_ODD,
        "body": TEXT_OR_ODD,
    })
    return st.one_of(st.dictionaries(LANG, fields, min_size=1, max_size=2), ODD)


TOPIC = st.fixed_dictionaries(
    {"slug": st.one_of(st.from_regex(r"[a-z]{1,6}", fullmatch=True), ODD_STRINGS, ODD),
     "texts": texts()},
    optional={
        "kind": TEXT_OR_ODD, "level": TEXT_OR_ODD, "status": TEXT_OR_ODD, "tags": STRING_LIST,
        "categories": STRING_LIST, "aliases": st.dictionaries(LANG, STRING_LIST, max_size=2),
        "review": STRING_LIST, "extra": ODD,
    },
)
CATEGORY = st.fixed_dictionaries(
    {"slug": TEXT_OR_ODD, "name": TEXT_OR_ODD},
    optional={"descriptions": st.dictionaries(LANG, TEXT_OR_ODD, max_size=2)},
)
TAG = st.fixed_dictionaries({"name": TEXT_OR_ODD}, optional={"declared_count": SCALARS})
PATH = st.fixed_dictionaries(
    {"slug": TEXT_OR_ODD, "title": TEXT_OR_ODD},
    optional={"name": TEXT_OR_ODD, "level": TEXT_OR_ODD, "description": TEXT_OR_ODD,
              "steps": STRING_LIST},
)
RECORD = st.one_of(
    TOPIC.map(lambda d: {"type": "topic", **d}), CATEGORY.map(lambda d: {"type": "category", **d}),
    TAG.map(lambda d: {"type": "tag", **d}), PATH.map(lambda d: {"type": "path", **d}),
    ODD.map(lambda d: {"type": d}), ODD,
)

# ------------------------------------------------------------------ damaged text

DAMAGE = st.lists(
    st.tuples(st.sampled_from(["drop", "repeat", "insert", "cut", "swap"]),
              st.integers(min_value=0, max_value=200), st.text(max_size=30)),
    max_size=4,
)


def damaged(lines: list[str], damage: list[tuple[str, int, str]]) -> list[str]:
    """Lines with a few lines dropped, repeated, cut, swapped or strange text inserted."""
    lines = list(lines)
    for action, position, text in damage:
        if not lines:
            break
        i = position % len(lines)
        if action == "drop":
            del lines[i]
        elif action == "repeat":
            lines.insert(i, lines[i])
        elif action == "insert":
            lines.insert(i, text)
        elif action == "cut":
            lines[i] = lines[i][: len(text)]
        else:
            j = (i + len(text)) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
    return lines


def noisy(data: bytes, noise: bytes, position: int) -> bytes:
    """Random bytes spliced in somewhere (undecodable bytes, NUL, BOM, CR...)."""
    at = position % (len(data) + 1)
    return data[:at] + noise + data[at:]


NOISE = st.one_of(
    st.just(b""), st.binary(max_size=8),
    st.sampled_from([b"\x00", b"\xff", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\xed\xa0\x80"]),
)

# ---------------------------------------------------------------------- the tests


@FUZZ
@given(data=st.binary(max_size=400), header=st.sampled_from(
    [b"", b"Tag: x\n3 topics\n", b"Category\n", b'{"format": "aiwiki-jsonl", "version": 1}\n',
     b"Why it matters: ", b"---\n"]))
def test_random_bytes(fuzz_wiki: Wiki, data: bytes, header: bytes) -> None:
    attempt(fuzz_wiki, file_with(header + data))


@FUZZ
@given(damage=DAMAGE, noise=NOISE, position=st.integers(min_value=0), title=st.text(max_size=30),
       count=st.one_of(st.integers(min_value=0, max_value=40), st.text(max_size=8)))
def test_tag_pages(
    fuzz_wiki: Wiki, damage: list[tuple[str, int, str]], noise: bytes, position: int,
    title: str, count: int | str,
) -> None:
    lines = (SEEDLIKE / "tagpage.txt").read_text("utf-8").splitlines()
    lines[1] = f"{count} topic(s)"
    lines.insert(2, f"- {title}A made up summary of {title} for a fuzzed tag page.")
    content = "\n".join(damaged(lines, damage)).encode("utf-8", "surrogatepass")
    attempt(fuzz_wiki, file_with(noisy(content, noise, position)))


@FUZZ
@given(damage=DAMAGE, noise=NOISE, position=st.integers(min_value=0))
def test_category_pages(
    fuzz_wiki: Wiki, damage: list[tuple[str, int, str]], noise: bytes, position: int
) -> None:
    lines = (SEEDLIKE / "category.txt").read_text("utf-8").splitlines()
    content = "\n".join(damaged(lines, damage)).encode("utf-8", "surrogatepass")
    attempt(fuzz_wiki, file_with(noisy(content, noise, position)))


@FUZZ
@given(damage=DAMAGE, noise=NOISE, position=st.integers(min_value=0))
def test_glossaries(
    fuzz_wiki: Wiki, damage: list[tuple[str, int, str]], noise: bytes, position: int
) -> None:
    lines = (SEEDLIKE / "glossary.txt").read_text("utf-8").splitlines()
    content = "\n".join(damaged(lines, damage)).encode("utf-8", "surrogatepass")
    attempt(fuzz_wiki, file_with(noisy(content, noise, position)))


@FUZZ
@given(records=st.lists(RECORD, max_size=5), damage=DAMAGE, noise=NOISE,
       position=st.integers(min_value=0))
def test_json_lines(
    fuzz_wiki: Wiki, records: list[Any], damage: list[tuple[str, int, str]], noise: bytes,
    position: int,
) -> None:
    header = json.dumps({"format": "aiwiki-jsonl", "version": 1})
    lines = [header] + [json.dumps(record) for record in records]
    content = "\n".join([header, *damaged(lines[1:], damage)]).encode("utf-8", "surrogatepass")
    attempt(fuzz_wiki, file_with(noisy(content, noise, position), "input.jsonl"))


def yaml_text(data: Any) -> str:
    try:
        return yaml.safe_dump(data, allow_unicode=False)
    except yaml.YAMLError:
        return repr(data)


def front_matter(meta: Any, body: str) -> str:
    return f"---\n{yaml_text(meta)}---\n{body}"


RAW_FRONT = st.sampled_from([
    "tags: abc\n", "slug: !!binary AAAA\n", "a: &x [*x]\n", "texts: &t {en: *t}\n",
    "slug: [" * 50 + "\n", "when: 2024-13-45\n", "? [a, b]\n: c\n", "slug: *nowhere\n",
    "%YAML 9.9\n---\n", "slug: 'x'\nslug: 'y'\n",
])
FILE_NAMES = st.one_of(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True),
    st.sampled_from(["Bad Name", "UPPER", "..x", "a.b", "x" * 90, "由库"]),
)


@FUZZ
@given(
    site=st.fixed_dictionaries(
        {"format": st.sampled_from(["aiwiki-markdown", "other"])},
        optional={"version": SCALARS, "categories": st.lists(CATEGORY, max_size=2) | ODD,
                  "tags": st.lists(TAG, max_size=2) | ODD, "paths": st.lists(PATH, max_size=2)},
    ),
    topics=st.dictionaries(FILE_NAMES, st.one_of(
        st.tuples(TOPIC, st.text(max_size=40)).map(lambda t: front_matter(*t)),
        RAW_FRONT.map(lambda raw: f"---\n{raw}---\nbody\n"),
        st.text(max_size=60),
    ), max_size=3),
    noise=NOISE, position=st.integers(min_value=0),
)
def test_markdown_folders(
    fuzz_wiki: Wiki, site: dict[str, Any], topics: dict[str, str], noise: bytes, position: int
) -> None:
    def write(folder: Path) -> Path:
        root = folder / "site"
        (root / "topics").mkdir(parents=True)
        (root / "site.yaml").write_text(yaml_text(site), "utf-8")
        for name, content in topics.items():
            data = content.encode("utf-8", "surrogatepass")
            (root / "topics" / f"{name}.md").write_bytes(noisy(data, noise, position))
        return root

    attempt(fuzz_wiki, write)
