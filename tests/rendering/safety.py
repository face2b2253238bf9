"""A structural check that HTML can run no script: what a browser would build, not text."""

from __future__ import annotations

from html.parser import HTMLParser

# fmt: off
FORBIDDEN_TAGS = frozenset({
    "script", "style", "svg", "iframe", "object", "embed", "form", "maction",
    "annotation-xml", "base", "meta", "link",
})
# fmt: on
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (name == "style" and "text-align" not in (value or "")):
                self.problems.append(f"{tag}[{name}]")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def unsafe_parts(html: str) -> list[str]:
    """Elements and attributes in ``html`` that could run script; empty when safe."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
