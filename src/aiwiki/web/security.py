"""The headers every response carries: what a browser may run, load, frame, sniff and refer.

Built once at import, as the raw ASGI header pairs that web/guard.py appends to each response.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",  # no inline script, no eval: every script is a file under /static
    "style-src 'self'",
    # style="" attributes stay allowed, <style> elements and foreign sheets do not: topic
    # tables align their columns with style="text-align: …" (the only property the sanitizer
    # keeps), the path meter sets its width, and Swagger UI sets a few. An attribute cannot
    # run script; the CSS tricks that read a page need a style sheet, which stays forbidden.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}

RAW_HEADERS: tuple[tuple[bytes, bytes], ...] = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in HEADERS.items()
)
