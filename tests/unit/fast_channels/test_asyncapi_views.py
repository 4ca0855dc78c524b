"""FastAPI/Starlette AsyncAPI helpers: JSON, YAML, docs page, assets, config."""

import json
import re
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import yaml
from fastapi import FastAPI
from starlette.requests import Request

from chanx.asyncapi.docs import read_asset
from chanx.fast_channels import asyncapi_docs, asyncapi_spec_json, asyncapi_spec_yaml
from chanx.fast_channels.constants import ASYNCAPI_TITLE_POSTFIX
from chanx.fast_channels.type_defs import DEFAULT_ASYNCAPI_CONFIG, AsyncAPIConfig
from chanx.fast_channels.utils import build_default_config_from_app, merge_configs
from chanx.fast_channels.views import generate_asyncapi_schema
from tests.unit.asyncapi.fastapi_app import build_fastapi_app, build_starlette_app
from tests.unit.asyncapi.validation import assert_valid_asyncapi


def client_for(app: Any, base_url: str = "http://testserver:8080") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(build_fastapi_app()) as c:
        yield c


def make_request(url: str) -> Request:
    scheme, rest = url.split("://", 1)
    host, _, path = rest.partition("/")
    return Request(
        {
            "type": "http",
            "scheme": scheme,
            "server": (host.split(":")[0], int(host.split(":")[1]) if ":" in host else 80),
            "path": "/" + path,
            "query_string": b"",
            "headers": [(b"host", host.encode())],
        }
    )


async def test_spec_json(client: httpx.AsyncClient) -> None:
    response = await client.get("/asyncapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    document = response.json()
    assert_valid_asyncapi(document)
    assert document["info"] == {
        "title": "Chat Service AsyncAPI documentation",
        "version": "2.1.0",
        "description": "Rooms — «live»",
    }
    assert document["servers"] == {"production": {"host": "testserver:8080", "protocol": "ws"}}
    room = document["channels"]["room_chat"]
    assert room["address"] == "/ws/room/{room_name}"
    assert room["parameters"] == {
        "room_name": {"description": "Path parameter for room_name (str)"}
    }
    assert document["channels"]["item"]["address"] == "/ws/item/{item_id}"
    assert document["operations"]["post"]["action"] == "receive"
    assert document["operations"]["announce"]["action"] == "send"


async def test_https_gives_wss_and_localhost_is_development() -> None:
    async with client_for(build_fastapi_app(), "https://localhost:8443") as c:
        document = (await c.get("/asyncapi.json")).json()
    assert document["servers"] == {"development": {"host": "localhost:8443", "protocol": "wss"}}


async def test_config_overrides() -> None:
    config: AsyncAPIConfig = {"title": "Mine", "camelize": True, "server_url": "api.example.com"}
    async with client_for(build_fastapi_app(config)) as c:
        document = (await c.get("/asyncapi.json")).json()
    assert_valid_asyncapi(document)
    assert document["info"]["title"] == "Mine"
    assert document["info"]["version"] == "2.1.0"
    assert document["servers"] == {"production": {"host": "api.example.com", "protocol": "ws"}}
    assert "roomChat" in document["channels"]
    assert "roomMessage" in document["channels"]["roomChat"]["messages"]


async def test_spec_yaml(client: httpx.AsyncClient) -> None:
    response = await client.get("/asyncapi.yaml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-yaml"
    assert response.text.startswith("asyncapi: 3.0.0\ninfo:\n")
    document = yaml.safe_load(response.text)
    assert_valid_asyncapi(document)
    assert document == (await client.get("/asyncapi.json")).json()


async def test_spec_yaml_without_pyyaml(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    response = await client.get("/asyncapi.yaml")
    assert response.status_code == 400
    assert response.json() == {
        "error": "YAML format not available. Please install PyYAML: pip install PyYAML"
    }


def boom(self: Any, base_url: str = "") -> Any:
    raise RuntimeError("discovery exploded")


async def test_failures(client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chanx.fast_channels.views.FastAPIRouteDiscovery.discover_routes", boom)
    for url in ("/asyncapi.json", "/asyncapi.yaml"):
        response = await client.get(url)
        assert response.status_code == 500
        assert response.json() == {"error": "Failed to generate schema: discovery exploded"}
    response = await client.get("/asyncapi")
    assert response.status_code == 500
    assert 'class="chanx-error"' in response.text
    assert "Failed to generate documentation: discovery exploded" in response.text
    assert "?asset=asyncapi" not in response.text  # the viewer is not loaded


def embedded(html: str) -> Any:
    match = re.search(
        r'<script id="asyncapi-schema" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, html
    return json.loads(match.group(1))


async def test_docs_page(client: httpx.AsyncClient) -> None:
    response = await client.get("/asyncapi")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    html = response.text
    assert "<title>Chat Service AsyncAPI documentation</title>" in html
    assert '<link rel="stylesheet" href="?asset=asyncapi.css">' in html
    assert '<script src="?asset=asyncapi.js"></script>' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    document = embedded(html)
    assert_valid_asyncapi(document)
    assert document == (await client.get("/asyncapi.json")).json()


async def test_docs_assets(client: httpx.AsyncClient) -> None:
    for name, content_type in (
        ("asyncapi.js", "text/javascript; charset=utf-8"),
        ("asyncapi.css", "text/css; charset=utf-8"),
        ("docs.js", "text/javascript; charset=utf-8"),
        ("docs.css", "text/css; charset=utf-8"),
    ):
        response = await client.get(f"/asyncapi?asset={name}")
        assert response.status_code == 200
        assert response.headers["content-type"] == content_type
        assert response.headers["cache-control"] == "public, max-age=86400"
        asset = read_asset(name)
        assert asset is not None and response.content == asset[0]
    assert (await client.get("/asyncapi?asset=nope.js")).status_code == 404


async def test_bare_starlette_app() -> None:
    async with client_for(build_starlette_app()) as c:
        document = (await c.get("/asyncapi.json")).json()
        page = await c.get("/asyncapi")
    assert_valid_asyncapi(document)
    assert document["info"] == {
        "title": "AsyncAPI Documentation",
        "version": "1.0.0",
        "description": "",
    }
    assert document["channels"]["room_chat"]["address"] == "/nested/room/{room_name}"
    assert page.status_code == 200 and "<title>AsyncAPI Documentation</title>" in page.text


def test_build_default_config_from_app() -> None:
    request = make_request("https://docs.example:9443/asyncapi")
    assert build_default_config_from_app(request, FastAPI()) == {
        **DEFAULT_ASYNCAPI_CONFIG,
        "title": "FastAPI" + ASYNCAPI_TITLE_POSTFIX,
        "version": "0.1.0",
        "server_url": "docs.example:9443",
        "server_protocol": "wss",
    }
    plain = build_default_config_from_app(make_request("http://h/"), object())
    assert plain["title"] == "AsyncAPI Documentation"
    assert (plain["server_url"], plain["server_protocol"]) == ("h", "ws")


def test_merge_configs() -> None:
    base: AsyncAPIConfig = {"title": "a", "version": "1"}
    assert merge_configs(base, None) is base
    assert merge_configs(base, {"title": "b"}) == {"title": "b", "version": "1"}


def test_generate_asyncapi_schema_direct() -> None:
    app = build_fastapi_app()
    document = generate_asyncapi_schema(
        make_request("http://127.0.0.1:8000/"), app, {"version": "7"}
    )
    assert_valid_asyncapi(document)
    assert document["info"]["version"] == "7"
    assert list(document["servers"]) == ["development"]
    # The plain WebSocket function is documented, without messages or operations.
    assert document["channels"]["plain_endpoint"] == {
        "address": "/ws/plain",
        "title": "plain_endpoint",
        "description": "A FastAPI WebSocket endpoint that is not a chanx consumer.",
    }
    without = generate_asyncapi_schema(
        make_request("http://127.0.0.1:8000/"), app, {"include_non_chanx_routes": False}
    )
    assert "plain_endpoint" not in without["channels"]
    assert without["operations"] == document["operations"]


async def test_helpers_are_reexported() -> None:
    import chanx.fast_channels as package

    assert package.__doc__ == "fast-channels adapter (FastAPI, Starlette or any ASGI app)."
    assert (package.asyncapi_docs, package.asyncapi_spec_json, package.asyncapi_spec_yaml) == (
        asyncapi_docs,
        asyncapi_spec_json,
        asyncapi_spec_yaml,
    )
