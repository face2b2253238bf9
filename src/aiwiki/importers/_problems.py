"""A pydantic ValidationError as one short line a person can act on.

Pydantic's own messages ("Input should be a valid dictionary", "Value error, ...") name its
types, not our formats; an import error names the field the way the file spells it
(`texts.en.title`) and says what is wrong in the words of docs/formats.md.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

Loc = tuple[str | int, ...]

MESSAGE_MAX = 200
KEY_MAX = 40

_PLAIN: dict[str, str] = {
    "missing": "is required",
    "extra_forbidden": "is not a field",
    "string_type": "must be a string",
    "string_unicode": "must be valid Unicode (it holds a lone surrogate)",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_parsing": "must be a whole number",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "list_type": "must be a list",
    "literal_error": "must be {expected}",
    "enum": "must be one of {expected}",
    "string_too_long": "is longer than {max_length} characters",
    "string_too_short": "must not be empty",
    "too_long": "has more than {max_length} entries",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "recursion_loop": "refers to itself",
}


def describe(error: ValidationError) -> tuple[Loc, str]:
    """The first problem of `error`: where it is (the field path) and one line naming it."""
    detail = error.errors(include_url=False, include_input=False)[0]
    loc = _loc(detail)
    message = _message(detail)
    where = ".".join(_shown(part) for part in loc)
    return loc, one_line(f"{where}: {message}" if where else message)


def _loc(detail: ErrorDetails) -> Loc:
    """The field path without pydantic's markers ('[key]' for a bad mapping key)."""
    return tuple(part for part in detail["loc"] if part != "[key]")


def _shown(part: str | int) -> str:
    """A field name as the message shows it: quoted and cut when it is odd (a lone
    surrogate, a control character, a name longer than any field has)."""
    text = str(part)
    if text.isprintable() and len(text) <= KEY_MAX:  # a lone surrogate is not printable
        return text
    return repr(text[:KEY_MAX])


def _message(detail: ErrorDetails) -> str:
    kind = detail["type"]
    if kind == "value_error":  # our own validators: their message is already ours
        return str(detail["msg"]).removeprefix("Value error, ")
    template = _PLAIN.get(kind)
    if template is None:
        return str(detail["msg"]).lower()
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(" {", 1)[0]


def one_line(text: str) -> str:
    """`text` as one short printable line: newlines folded, control characters and lone
    surrogates escaped (a terminal must neither obey nor choke on them), a long one cut."""
    flat = " ".join(text[: MESSAGE_MAX * 2].split())
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in flat)
    return shown if len(shown) <= MESSAGE_MAX else shown[: MESSAGE_MAX - 1] + "…"
