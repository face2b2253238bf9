"""/api/docs: Swagger UI from the installed swagger-ui-bundle-v2 package, so it works offline.

FastAPI's own docs page loads Swagger UI from a CDN and starts it with an inline script, which
the Content-Security-Policy forbids; this page loads both from the site (/static/api-docs.js).
"""

from __future__ import annotations

from html import escape

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]  # untyped: one Path

ASSETS = "/static/swagger-ui"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI, path: str = "/api/docs") -> None:
    """Serve the Swagger UI files and the page; the app must be made with docs_url=None."""
    page = _PAGE.format(title=escape(app.title), assets=ASSETS,
                        openapi_url=escape(app.openapi_url or ""))
    app.mount(ASSETS, StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get(path, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(page)
