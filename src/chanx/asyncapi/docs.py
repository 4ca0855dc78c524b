"""The AsyncAPI docs page, one renderer for every framework, and the viewer assets it loads.

The page references its assets as ``?asset=<name>`` relative to its own URL, so the view
that serves the page also serves the viewer and no extra route (or CDN) is needed. The page
has no inline script or style, so it renders under ``Content-Security-Policy: default-src
'self'; script-src 'self' 'unsafe-eval'`` (the viewer compiles JSON schemas with ``new
Function``). :func:`docs_page_parts` builds the page's pieces once; the FastAPI/Starlette
helper substitutes them into this package's template (:func:`render_docs_page`) and the
Django view into its ``channels/asyncapi_docs.html`` template, so both embed the document
the same way (JSON encoded once) and load the same ``docs.js`` and ``docs.css``.
"""

import html
import json
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Any

ASYNCAPI_UI_VERSION = "3.2.1"
"""Version of ``@asyncapi/react-component`` vendored under ``static/asyncapi``."""
_CDN = f"https://unpkg.com/@asyncapi/react-component@{ASYNCAPI_UI_VERSION}"
DEFAULT_DOCS_JS_URL = f"{_CDN}/browser/standalone/index.js"
DEFAULT_DOCS_CSS_URL = f"{_CDN}/styles/default.min.css"
DEFAULT_DOCS_INTEGRITY: dict[str, str] = {
    DEFAULT_DOCS_JS_URL: "sha384-wy5bSOazlkSKMGH7XMW6+pK8ho8+rCPr7mTqKdAb/dvfwXAPWCFivgr3C7wJMFAh",
    DEFAULT_DOCS_CSS_URL: "sha384-oo9RoQcacP++XdMX6CjTucTvASEORHX3chFik0/V2kHcsHiVboGyWZztGeq/0bum",
}
"""Subresource-integrity hashes of the CDN copies of the viewer (the vendored files are the
same bytes), for pages that load the viewer from the CDN instead of from the package."""

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


def docs_assets(*, cdn: bool = False) -> dict[str, str]:
    """URLs of the viewer's ``js`` and ``css``: served beside the page, or the CDN copies."""
    if cdn:
        return {"js": DEFAULT_DOCS_JS_URL, "css": DEFAULT_DOCS_CSS_URL}
    return {"js": asset_url("asyncapi.js"), "css": asset_url("asyncapi.css")}


def integrity_attrs(url: str) -> str:
    """`` integrity="…" crossorigin="anonymous"`` for a CDN URL with a known hash, else ``""``."""
    digest = DEFAULT_DOCS_INTEGRITY.get(url)
    if digest is None:
        return ""
    return f' integrity="{digest}" crossorigin="anonymous"'


def schema_script_json(value: Any) -> str:
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


script_json = schema_script_json


def docs_page_parts(
    document: dict[str, Any] | None,
    title: str,
    error: str | None = None,
    *,
    assets: dict[str, str] | None = None,
) -> dict[str, str]:
    """The page's ``title``, ``head``, ``body`` and ``page_css_url``, as ready HTML.

    ``error`` replaces the viewer with the message. ``assets`` (see :func:`docs_assets`)
    chooses where the viewer is loaded from; the default is beside the page.
    """
    urls = assets or docs_assets()
    if error is not None:
        head = ""
        body = f'<div class="chanx-error" id="asyncapi-error">{html.escape(error)}</div>'
    else:
        css = urls["css"]
        head = f'<link rel="stylesheet" href="{html.escape(css)}"{integrity_attrs(css)}>'
        js = urls["js"]
        body = _template("asyncapi_render.html").substitute(
            schema_json=schema_script_json(document),
            js_url=html.escape(js),
            js_integrity=integrity_attrs(js),
            render_js_url=html.escape(asset_url("docs.js")),
        )
    return {
        "title": html.escape(title),
        "head": head,
        "body": body,
        "page_css_url": html.escape(asset_url("docs.css")),
    }


def render_docs_page(
    document: dict[str, Any] | None,
    title: str,
    error: str | None = None,
    *,
    assets: dict[str, str] | None = None,
) -> str:
    """The docs page for ``document``, or an error page when ``error`` is given."""
    parts = docs_page_parts(document, title, error, assets=assets)
    return _template("asyncapi_docs.html").substitute(parts)
