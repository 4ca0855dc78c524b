"""The offline docs page: HTML, embedded document, vendored assets."""

import hashlib
import json
import re
from pathlib import Path

from chanx.asyncapi.page import ASSETS, asset_url, read_asset, render_docs_page, script_json

STATIC_ROOT = Path(__file__).resolve().parents[2] / "src" / "chanx" / "asyncapi" / "static"
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
