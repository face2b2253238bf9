"""The one place that turns HTML into markup templates may trust.

nh3 (ammonia) parses like a browser and keeps only what is listed here: ordinary prose tags,
tables, code, ``mark``, links, and exactly the MathML that :mod:`mathml` can emit. The
MathML lists were derived by converting every command latex2mathml defines (see
``tests/rendering/test_sanitize.py``, which fails if a new latex2mathml emits something
unlisted). ``href``, ``class`` and ``style`` inside MathML (``\\href``, ``\\class``,
``\\style``) are refused, as are ``maction``, ``annotation-xml`` and ``semantics``, which
latex2mathml never emits and which have carried script or mXSS tricks in the past.
"""

from __future__ import annotations

import re
from html import escape, unescape

import nh3

# fmt: off
PROSE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q",
    "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
})
# fmt: on

# fmt: off
MATHML_ATTRIBUTES: dict[str, frozenset[str]] = {
    "math": frozenset({"display", "xmlns"}),
    "menclose": frozenset({"notation"}),
    "mfrac": frozenset({"linethickness"}),
    "mi": frozenset({"mathvariant"}),
    "mn": frozenset({"mathvariant"}),
    "mo": frozenset({
        "accent", "fence", "form", "lspace", "mathvariant", "maxsize", "minsize",
        "movablelimits", "rspace", "separator", "stretchy",
    }),
    "mover": frozenset({"accent"}),
    "mpadded": frozenset({"depth", "height", "lspace", "mathbackground", "voffset", "width"}),
    "mphantom": frozenset(),
    "mroot": frozenset(),
    "mrow": frozenset({"movablelimits"}),
    "mspace": frozenset({"depth", "height", "linebreak", "mathbackground", "width"}),
    "msqrt": frozenset(),
    "mstyle": frozenset({"displaystyle", "mathcolor", "mathsize", "scriptlevel"}),
    "msub": frozenset(),
    "msubsup": frozenset(),
    "msup": frozenset(),
    "mtable": frozenset({"columnlines", "columnspacing", "displaystyle", "rowlines", "rowspacing"}),
    "mtd": frozenset({"columnalign"}),
    "mtext": frozenset({"mathvariant"}),
    "mtr": frozenset(),
    "munder": frozenset(),
    "munderover": frozenset(),
}
# fmt: on
MATHML_TAGS = frozenset(MATHML_ATTRIBUTES)

PROSE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title", "class"}),
    "abbr": frozenset({"title"}),
    "code": frozenset({"class"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "ol": frozenset({"start"}),
    "td": frozenset({"style", "colspan", "rowspan"}),
    "th": frozenset({"style", "colspan", "rowspan", "scope"}),
}

URL_SCHEMES = frozenset({"http", "https", "mailto"})
EXTERNAL_REL = "nofollow noopener"

_CLASSES: dict[str, re.Pattern[str]] = {
    "a": re.compile(r"autolink"),
    "code": re.compile(r"math-source|language-[\w+#.-]{1,40}"),
}
_COLOUR = re.compile(r"#?[A-Za-z0-9]{1,20}")
_COLOUR_ATTRIBUTES = frozenset({"mathcolor", "mathbackground"})
_ANCHOR = re.compile(r'<a\s(?:[^>"]|"[^"]*")*>')
_HREF = re.compile(r'\shref="([^"]*)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Value-level rules nh3 cannot express: which classes, which colours."""
    if attribute == "class":
        pattern = _CLASSES.get(tag)
        kept = [name for name in value.split() if pattern and pattern.fullmatch(name)]
        return " ".join(kept) or None
    if attribute in _COLOUR_ATTRIBUTES:
        return value if _COLOUR.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(PROSE_TAGS | MATHML_TAGS),
    clean_content_tags={"script", "style"},
    attributes={tag: set(names) for tag, names in (PROSE_ATTRIBUTES | MATHML_ATTRIBUTES).items()},
    attribute_filter=_filter_attribute,
    url_schemes=set(URL_SCHEMES),
    filter_style_properties={"text-align"},
    link_rel=None,
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list; external links get ``rel="nofollow noopener"``."""
    return _ANCHOR.sub(_add_rel, _CLEANER.clean(html))


def _add_rel(match: re.Match[str]) -> str:
    tag = match.group(0)
    href = _HREF.search(tag)
    if href is None or not _EXTERNAL.match(unescape(href.group(1)).strip()):
        return tag
    return f'{tag[:-1]} rel="{escape(EXTERNAL_REL)}">'
