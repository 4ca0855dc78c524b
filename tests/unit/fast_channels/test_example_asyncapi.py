"""The example app documents its consumers: AsyncAPI JSON, YAML and the docs page."""

from typing import Any

import httpx
import yaml


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def action_of(document: dict[str, Any], message_ref: str) -> str:
    """The ``action`` literal of a message reference (component names may be disambiguated
    when other modules of the process define classes with the same name)."""
    message = resolve(document, message_ref)
    if "$ref" in message:  # a channel message pointing at a component message
        message = resolve(document, message["$ref"])
    schema = resolve(document, message["payload"]["$ref"])
    action: str = schema["properties"]["action"]["const"]
    return action


async def test_json_document_describes_the_mounted_consumer(http: httpx.AsyncClient) -> None:
    response = await http.get("/asyncapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["asyncapi"] == "3.0.0"
    assert document["info"] == {
        "title": "FastAPI chat AsyncAPI documentation",
        "version": "1.0.0",
        "description": "chanx example",
    }
    assert list(document["servers"].values()) == [{"host": "testserver", "protocol": "ws"}]
    chat = document["channels"]["chat"]
    assert chat["address"] == "/ws/chat/{room}"
    assert list(chat["parameters"]) == ["room"]
    assert {action_of(document, m["$ref"]) for m in chat["messages"].values()} == {
        "announcement",
        "chat",
        "chat_notice",
        "ping",
        "pong",
    }
    operations = document["operations"]
    assert {name: op["action"] for name, op in operations.items()} == {
        "chat": "receive",
        "ping": "receive",
        "announce": "send",
    }
    replies = operations["chat"]["reply"]["messages"]
    assert [action_of(document, m["$ref"]) for m in replies] == ["chat_notice"]


async def test_yaml_document_matches_json(http: httpx.AsyncClient) -> None:
    as_yaml = await http.get("/asyncapi.yaml")
    assert as_yaml.status_code == 200
    assert as_yaml.headers["content-type"].startswith("application/x-yaml")
    as_json = await http.get("/asyncapi.json")
    assert yaml.safe_load(as_yaml.text) == as_json.json()


async def test_docs_page_is_titled_after_the_app(http: httpx.AsyncClient) -> None:
    response = await http.get("/asyncapi")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "<title>FastAPI chat AsyncAPI documentation</title>" in response.text
