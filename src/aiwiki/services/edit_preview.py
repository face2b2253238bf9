"""Use case: what an edit will look like, before it is saved.

The same pipeline as the topic page (rendering: math → Markdown → MathML → auto-links →
sanitize) with the same auto-linker, so the preview is the page; nothing is written.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from aiwiki.rendering import render_inline, render_markdown
from aiwiki.services import linking
from aiwiki.services.edit_requests import TextFields
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import current_generation


class PreviewRequest(TextFields):
    """One language's texts as typed; `slug` (the topic edited, if any) is not linked to
    itself, as on its page."""

    slug: str | None = Field(None, max_length=160)


class PreviewView(BaseModel):
    """Sanitized HTML only: what the page would show, field by field."""

    title: str = Field(description="Plain text (escape it where you show it).")
    summary_html: str
    why_it_matters_html: str
    body_html: str


def preview(wiki: Wiki, request: PreviewRequest) -> PreviewView:
    """Render the typed fields exactly as the topic page renders saved ones."""
    with wiki.read() as session:
        link = linking.linker(session, id(wiki), current_generation(session))
        if request.slug:
            link = link.excluding(request.slug)
        return PreviewView(
            title=request.title or "",
            summary_html=render_inline(request.summary or ""),
            why_it_matters_html=render_inline(request.why_it_matters or "", linker=link),
            body_html=render_markdown(request.body or "", linker=link),
        )
