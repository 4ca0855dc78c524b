"""The offline docs page: HTML, embedded document, vendored assets."""

import hashlib
import json
import re
from pathlib import Path

from chanx.asyncapi.docs import ASSETS, asset_url, read_asset, render_docs_page, script_json

STATIC_ROOT = Path(__file__).resolve().parents[3] / "src" / "chanx" / "asyncapi" / "static"
STATIC = STATIC_ROOT / "asyncapi"
SCRIPT_TAG = re.compile(r"<script[^>]*>")


def inline_scripts(page: str) -> list[str]:
    """Script tags that would execute inline code (neither ``src`` nor a JSON data block)."""
    return [
        tag
        for tag in SCRIPT_TAG.findall(page)
        if " src=" not in tag and 'type="application/json"' not in tag
    ]


def test_script_json_cannot_close_the_script_tag() -> None:
    value = {"d": "</script><!-- & \u2028 ü"}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert "ü" in text
    assert json.loads(text) == value


def test_page_embeds_document_and_references_local_assets() -> None:
    document = {"asyncapi": "3.0.0", "info": {"title": "T <b>", "version": "1"}}
    page = render_docs_page(document, "T <b>")
    assert "<title>T &lt;b&gt;</title>" in page
    match = re.search(r'type="application/json">(.*?)</script>', page, re.S)
    assert match and json.loads(match.group(1)) == document
    assert '<link rel="stylesheet" href="?asset=asyncapi.css">' in page
    assert '<script src="?asset=asyncapi.js"></script>' in page
    assert '<script src="?asset=docs.js"></script>' in page
    assert '<link rel="stylesheet" href="?asset=docs.css">' in page
    assert "http" not in page
    # Nothing inline to execute or style: the page works under default-src 'self'.
    assert inline_scripts(page) == [] and "<style" not in page and "style=" not in page


def test_render_script_shows_the_sidebar_and_reports_failures() -> None:
    script = (STATIC_ROOT / "chanx" / "docs.js").read_text(encoding="utf-8")
    assert "show: { sidebar: true }" in script
    assert "target.className = 'chanx-error'" in script


def test_error_page_escapes_the_message() -> None:
    page = render_docs_page(None, "Oops", error="Failed: <script>x</script>")
    assert 'id="asyncapi-error"' in page
    assert "Failed: &lt;script&gt;x&lt;/script&gt;" in page
    assert re.findall(r"asset=[\w.]+", page) == ["asset=docs.css"]  # the viewer is not loaded


def test_assets_are_the_vendored_files() -> None:
    vendored = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    for name, (filename, _content_type) in ASSETS.items():
        asset = read_asset(name)
        assert asset is not None
        assert asset[0] == (STATIC_ROOT / filename).read_bytes(), name
        if filename.startswith("asyncapi/"):
            digest = hashlib.sha256(asset[0]).hexdigest()
            basename = filename.removeprefix("asyncapi/")
            assert f"`{basename}` | " in vendored and digest in vendored, name
    assert read_asset("VENDORED.md") is None
    assert read_asset("../static/asyncapi/asyncapi-react.standalone.js") is None
    assert asset_url("asyncapi.js") == "?asset=asyncapi.js"


def test_cdn_integrity_hashes_are_those_of_the_vendored_files() -> None:
    import base64

    from chanx.asyncapi.docs import (
        ASYNCAPI_UI_VERSION,
        DEFAULT_DOCS_CSS_URL,
        DEFAULT_DOCS_INTEGRITY,
        DEFAULT_DOCS_JS_URL,
    )

    vendored = (STATIC / "VENDORED.md").read_text(encoding="utf-8")
    assert f"| version | `{ASYNCAPI_UI_VERSION}` |" in vendored
    for url, name in [
        (DEFAULT_DOCS_JS_URL, "asyncapi-react.standalone.js"),
        (DEFAULT_DOCS_CSS_URL, "asyncapi-react.default.min.css"),
    ]:
        assert f"@{ASYNCAPI_UI_VERSION}/" in url
        digest = hashlib.sha384((STATIC / name).read_bytes()).digest()
        assert DEFAULT_DOCS_INTEGRITY[url] == "sha384-" + base64.b64encode(digest).decode()


def test_cdn_assets_carry_integrity_and_local_assets_do_not() -> None:
    from chanx.asyncapi.docs import DEFAULT_DOCS_INTEGRITY, docs_assets, integrity_attrs

    cdn = docs_assets(cdn=True)
    page = render_docs_page({"asyncapi": "3.0.0"}, "T", assets=cdn)
    js_tag = f'<script src="{cdn["js"]}" integrity="{DEFAULT_DOCS_INTEGRITY[cdn["js"]]}"'
    assert js_tag + ' crossorigin="anonymous"></script>' in page
    assert f'href="{cdn["css"]}" integrity="{DEFAULT_DOCS_INTEGRITY[cdn["css"]]}"' in page
    assert integrity_attrs(docs_assets()["js"]) == ""
    assert docs_assets() == {"js": "?asset=asyncapi.js", "css": "?asset=asyncapi.css"}


def test_django_template_renders_the_shared_page() -> None:
    """The Django view's template and the FastAPI page produce the same HTML."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from chanx.asyncapi.docs import docs_page_parts

    document = {"asyncapi": "3.0.0", "info": {"title": "T </script> & ü", "version": "1"}}
    parts = docs_page_parts(document, "T </script> & ü")
    django_page = render_to_string(
        "channels/asyncapi_docs.html", {k: mark_safe(v) for k, v in parts.items()}
    )
    assert django_page.strip() == render_docs_page(document, "T </script> & ü").strip()
