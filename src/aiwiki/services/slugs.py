"""Looking things up by slug: a slug of a shape no slug has names nothing, without a read."""

from __future__ import annotations

from aiwiki.domain.names import is_valid_slug
from aiwiki.errors import NotFound

_SHOWN = 60  # characters of an unknown name echoed back in the message


def not_found(what: str, name: str, hint: str = "") -> NotFound:
    """The one 404 message; a long name is cut so that the answer stays one short line."""
    shown = name if len(name) <= _SHOWN else name[:_SHOWN] + "…"
    return NotFound(f"There is no {what} called “{shown}”" + (f"; {hint}." if hint else "."))


def require_shape(slug: str, what: str) -> None:
    """404 at once for what `slugify` could never have made ('../x', 'A B', 10 KB): every
    slug in the wiki passed this rule when it was written, so nothing can be called that."""
    if not is_valid_slug(slug):
        raise not_found(what, slug)
