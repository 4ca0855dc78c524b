"""Django AsyncAPI views: JSON/YAML schema, the offline docs page and its assets."""

import json
import re
import sys
from typing import Any

import pytest
import yaml
from django.test import Client, override_settings
from django.urls import reverse

from chanx.asyncapi.docs import read_asset
from chanx.channels.utils.settings import settings_context
from tests.unit.asyncapi.validation import assert_valid_asyncapi

APP = "tests.unit.asyncapi.django_app.application"


@pytest.fixture
def client() -> Client:
    return Client()


def test_url_names() -> None:
    assert reverse("asyncapi_schema") == "/asyncapi/schema/"
    assert reverse("asyncapi_docs") == "/asyncapi/docs/"


@pytest.mark.parametrize("query", ["", "?format=json", "?format=JSON"])
def test_schema_json(client: Client, query: str) -> None:
    response = client.get("/asyncapi/schema/" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.content.decode().startswith('{\n  "asyncapi": "3.0.0"')
    document = response.json()
    assert_valid_asyncapi(document)
    assert document["channels"]["chat"]["address"] == "ws/chat/{room}/"
    assert document["servers"] == {"production": {"host": "testserver", "protocol": "ws"}}
    assert document["info"] == {
        "title": "AsyncAPI Documentation",
        "version": "1.0.0",
        "description": "",
    }


def test_schema_yaml(client: Client) -> None:
    response = client.get("/asyncapi/schema/?format=yaml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("asyncapi: 3.0.0\ninfo:\n  title: AsyncAPI Documentation\n")
    document = yaml.safe_load(text)
    assert_valid_asyncapi(document)
    assert document == client.get("/asyncapi/schema/").json()


def test_schema_yaml_without_pyyaml(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    response = client.get("/asyncapi/schema/?format=yaml")
    assert response.status_code == 400
    assert response.json() == {
        "error": "YAML format not available. Please install PyYAML: pip install PyYAML"
    }


def test_schema_invalid_format(client: Client) -> None:
    response = client.get("/asyncapi/schema/?format=xml")
    assert response.status_code == 400
    assert response.json() == {"error": "Invalid format. Supported formats: json, yaml"}


def broken_routes(request: Any) -> Any:
    raise RuntimeError("boom")


def test_schema_failure(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chanx.channels.views.get_websocket_routes", broken_routes)
    response = client.get("/asyncapi/schema/")
    assert response.status_code == 500
    assert response.json() == {"error": "Failed to generate schema: boom"}


@override_settings(ASGI_APPLICATION=APP)
def test_settings_and_request_shape_the_document(client: Client) -> None:
    overrides = {
        "ASYNCAPI_TITLE": "Chat API",
        "ASYNCAPI_VERSION": "9.9",
        "ASYNCAPI_DESCRIPTION": "Über «chat»",
        "CAMELIZE": True,
    }
    with settings_context(**overrides):
        document = client.get("/asyncapi/schema/", secure=True, HTTP_HOST="localhost:8443").json()
    assert_valid_asyncapi(document)
    assert document["info"] == {"title": "Chat API", "version": "9.9", "description": "Über «chat»"}
    assert document["servers"] == {"development": {"host": "localhost:8443", "protocol": "wss"}}
    assert "noDoc" in document["channels"]
    with settings_context(ASYNCAPI_SERVER_URL="api.example.com", ASYNCAPI_SERVER_PROTOCOL="ws"):
        document = client.get("/asyncapi/schema/", secure=True).json()
    assert document["servers"] == {"production": {"host": "api.example.com", "protocol": "ws"}}


def embedded_document(html: str) -> Any:
    match = re.search(
        r'<script id="asyncapi-schema" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, html
    return json.loads(match.group(1))


def test_docs_page_embeds_document_and_local_assets(client: Client) -> None:
    response = client.get("/asyncapi/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>AsyncAPI Documentation</title>" in html
    assert '<link rel="stylesheet" href="?asset=asyncapi.css">' in html
    assert '<script src="?asset=asyncapi.js"></script>' in html
    assert '<script src="?asset=docs.js"></script>' in html
    assert '<link rel="stylesheet" href="?asset=docs.css">' in html
    assert 'id="asyncapi"' in html and "<style" not in html
    render_script = client.get("/asyncapi/docs/?asset=docs.js").content.decode()
    assert "AsyncApiStandalone.render" in render_script and "sidebar: true" in render_script
    # Offline: nothing is loaded from another origin.
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "unpkg" not in html and "cdn" not in html.lower()
    document = embedded_document(html)
    assert_valid_asyncapi(document)
    assert document == client.get("/asyncapi/schema/").json()


def test_docs_page_escapes_script_breakers(client: Client) -> None:
    with settings_context(ASYNCAPI_DESCRIPTION="</script><script>alert(1)</script> & ü"):
        html = client.get("/asyncapi/docs/").content.decode()
    assert "<script>alert(1)" not in html
    assert (
        embedded_document(html)["info"]["description"] == "</script><script>alert(1)</script> & ü"
    )


@pytest.mark.parametrize(
    ("name", "content_type", "file"),
    [
        ("asyncapi.js", "text/javascript; charset=utf-8", "asyncapi-react.standalone.js"),
        ("asyncapi.css", "text/css; charset=utf-8", "asyncapi-react.default.min.css"),
        ("docs.js", "text/javascript; charset=utf-8", "docs.js"),
        ("docs.css", "text/css; charset=utf-8", "docs.css"),
    ],
)
def test_docs_assets(client: Client, name: str, content_type: str, file: str) -> None:
    response = client.get(f"/asyncapi/docs/?asset={name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=86400"
    asset = read_asset(name)
    assert asset is not None and response.content == asset[0]


def test_docs_unknown_asset(client: Client) -> None:
    response = client.get("/asyncapi/docs/?asset=../../settings.py")
    assert response.status_code == 404


def test_docs_failure_page(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chanx.channels.views.get_websocket_routes", broken_routes)
    response = client.get("/asyncapi/docs/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>AsyncAPI Documentation - Error</title>" in html
    assert 'class="chanx-error"' in html
    assert "Failed to generate documentation: boom" in html
    assert "asyncapi.js" not in html
