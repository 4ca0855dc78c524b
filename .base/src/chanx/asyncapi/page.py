"""The offline AsyncAPI docs page: HTML and the vendored viewer assets it loads.

The page references its assets as ``?asset=<name>`` relative to its own URL, so the view
that serves the page also serves the viewer and no extra route (or CDN) is needed. The page
has no inline script or style, so it renders under ``Content-Security-Policy: default-src
'self'; script-src 'self' 'unsafe-eval'`` (the viewer compiles JSON schemas with ``new
Function``). The Django template and this page share ``docs.js`` and ``docs.css``.
"""

import html
import json
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Any

ASSET_QUERY_PARAM = "asset"
ASSETS: dict[str, tuple[str, str]] = {
    "asyncapi.js": ("asyncapi/asyncapi-react.standalone.js", "text/javascript; charset=utf-8"),
    "asyncapi.css": ("asyncapi/asyncapi-react.default.min.css", "text/css; charset=utf-8"),
    "docs.js": ("chanx/docs.js", "text/javascript; charset=utf-8"),
    "docs.css": ("chanx/docs.css", "text/css; charset=utf-8"),
}
"""Public asset name → (file under ``chanx/asyncapi/static``, content type): the vendored
viewer in ``asyncapi/``, chanx's own page script and styles in ``chanx/``."""
ASSET_CACHE_CONTROL = "public, max-age=86400"


def asset_url(name: str) -> str:
    """The URL of an asset relative to the docs page."""
    return f"?{ASSET_QUERY_PARAM}={name}"


@lru_cache(maxsize=len(ASSETS))
def read_asset(name: str) -> tuple[bytes, str] | None:
    """Bytes and content type of a vendored asset, or ``None`` for an unknown name."""
    entry = ASSETS.get(name)
    if entry is None:
        return None
    filename, content_type = entry
    data = resources.files("chanx.asyncapi").joinpath("static", *filename.split("/")).read_bytes()
    return data, content_type


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


@lru_cache(maxsize=2)
def _template(name: str) -> Template:
    return Template(resources.files("chanx.asyncapi").joinpath("templates", name).read_text())


def render_docs_page(document: dict[str, Any] | None, title: str, error: str | None = None) -> str:
    """The docs page for ``document``, or an error page when ``error`` is given."""
    if error is not None:
        head = ""
        body = f'<div class="chanx-error" id="asyncapi-error">{html.escape(error)}</div>'
    else:
        css = html.escape(asset_url("asyncapi.css"))
        head = f'<link rel="stylesheet" href="{css}">'
        body = _template("asyncapi_render.html").substitute(
            schema_json=script_json(document),
            js_url=html.escape(asset_url("asyncapi.js")),
            render_js_url=html.escape(asset_url("docs.js")),
        )
    return _template("asyncapi_docs.html").substitute(
        title=html.escape(title),
        head=head,
        body=body,
        page_css_url=html.escape(asset_url("docs.css")),
    )
