"""``manage.py generate_asyncapi_schema``."""

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.test import override_settings

from chanx.channels.management.commands.generate_asyncapi_schema import (
    SchemaGenerationError,
    server_from_base_url,
)
from chanx.channels.utils.settings import settings_context
from tests.unit.asyncapi.validation import assert_valid_asyncapi

APP = "tests.unit.asyncapi.django_app.application"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_asyncapi_schema", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_default_is_yaml_on_stdout() -> None:
    out, err = run()
    document = yaml.safe_load(out)
    assert_valid_asyncapi(document)
    assert document["servers"] == {"development": {"host": "localhost:8000", "protocol": "ws"}}
    assert "chat" in document["channels"]
    assert err == ""


@override_settings(ASGI_APPLICATION=APP)
def test_json_to_file_with_options(tmp_path: Path) -> None:
    target = tmp_path / "asyncapi.json"
    out, _err = run(
        "--format=json",
        f"--file={target}",
        "--base-url=wss://api.example.com",
        "--title=Über API",
        "--api-version=3.2",
        "--description=Docs «here»",
    )
    assert out.strip().endswith(f"AsyncAPI schema successfully generated: {target}")
    raw = target.read_bytes().decode("utf-8")
    assert "Über API" in raw and raw.startswith('{\n  "asyncapi"')
    document = json.loads(raw)
    assert_valid_asyncapi(document)
    assert document["info"] == {"title": "Über API", "version": "3.2", "description": "Docs «here»"}
    assert document["servers"] == {"production": {"host": "api.example.com", "protocol": "wss"}}
    assert "no_doc" in document["channels"]


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("wss://h:1", ("h:1", "wss")),
        ("ws://h", ("h", "ws")),
        ("example.org:80", ("example.org:80", "ws")),
    ],
)
def test_server_from_base_url(base_url: str, expected: tuple[str, str]) -> None:
    assert server_from_base_url(base_url) == expected


def test_settings_defaults() -> None:
    overrides: dict[str, Any] = {
        "WEBSOCKET_BASE_URL": "wss://ws.example.com",
        "ASYNCAPI_TITLE": "From settings",
        "CAMELIZE": True,
    }
    with settings_context(**overrides):
        out, _err = run("--format", "json")
    document = json.loads(out)
    assert document["info"]["title"] == "From settings"
    assert document["servers"] == {"production": {"host": "ws.example.com", "protocol": "wss"}}
    assert "roomNotice" in document["operations"]


def test_custom_discovery_class() -> None:
    out, _err = run(
        "--format=json", "--discovery-class=tests.unit.asyncapi.discoveries.FixedDiscovery"
    )
    assert list(json.loads(out)["channels"]) == ["no_doc"]


def test_no_routes_warns_but_still_writes() -> None:
    out, err = run(
        "--format=json", "--discovery-class=tests.unit.asyncapi.discoveries.NothingDiscovery"
    )
    assert (
        "No WebSocket routes found. Make sure your ASGI application is properly configured." in err
    )
    document = json.loads(out)
    assert document["channels"] == {} and document["operations"] == {}
    assert_valid_asyncapi(document)


def test_failures_are_schema_generation_errors() -> None:
    with pytest.raises(SchemaGenerationError, match=r"Failed to generate schema: no routes today"):
        run("--discovery-class=tests.unit.asyncapi.discoveries.BrokenDiscovery")
    with pytest.raises(SchemaGenerationError, match=r"Failed to generate schema: .*nope"):
        run("--discovery-class=tests.unit.asyncapi.nope.Discovery")


def test_yaml_without_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    with pytest.raises(SchemaGenerationError) as caught:
        run()
    assert str(caught.value) == (
        "YAML format requested but PyYAML is not installed. Please install it: pip install PyYAML"
    )
    out, _err = run("--format=json")
    assert json.loads(out)["asyncapi"] == "3.0.0"
