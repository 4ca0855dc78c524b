"""AsyncAPIGenerator: channels, operations, components, camelCase, servers, errors."""

from typing import Any, Literal

import pytest

from chanx.asyncapi.generator import AsyncAPIGenerationError, AsyncAPIGenerator
from chanx.asyncapi.registry import MessageRegistry, SchemaBuildError
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.routing.discovery import RouteInfo
from tests.unit.asyncapi.consumers import (
    REFERENCE_ROUTES,
    ChatConsumer,
    EmptyConsumer,
    NoDocConsumer,
    route_for,
)
from tests.unit.asyncapi.validation import assert_valid_asyncapi


def generate(registry: MessageRegistry, routes: list[Any] | None = None, **kwargs: Any) -> Any:
    document = AsyncAPIGenerator(
        REFERENCE_ROUTES if routes is None else routes, registry=registry, **kwargs
    ).generate()
    assert_valid_asyncapi(document)
    return document


def test_top_level_shape_and_order(registry: MessageRegistry) -> None:
    document = generate(registry, title="T", version="2.0", description="D")
    assert list(document) == ["asyncapi", "info", "servers", "channels", "operations", "components"]
    assert document["asyncapi"] == "3.0.0"
    assert document["info"] == {"title": "T", "version": "2.0", "description": "D"}
    assert document["servers"] == {"development": {"host": "localhost:8000", "protocol": "ws"}}
    assert list(document["components"]) == ["messages", "schemas"]


def test_description_none_is_omitted_to_stay_valid(registry: MessageRegistry) -> None:
    assert "description" not in generate(registry)["info"]


@pytest.mark.parametrize(
    ("url", "environment"),
    [
        ("localhost:8000", "development"),
        ("LOCALHOST", "development"),
        ("127.0.0.1:9000", "development"),
        ("0.0.0.0", "development"),
        ("[::1]:80", "development"),
        ("", "development"),
        (None, "development"),
        ("testserver", "production"),
        ("api.example.com", "production"),
    ],
)
def test_server_environment(registry: MessageRegistry, url: str | None, environment: str) -> None:
    document = generate(registry, [], server_url=url, server_protocol="wss")
    assert list(document["servers"]) == [environment]
    assert document["servers"][environment]["protocol"] == "wss"


def test_channel_from_channel_decorator(registry: MessageRegistry) -> None:
    chat = generate(registry)["channels"]["chat"]
    assert list(chat) == ["address", "title", "description", "parameters", "messages", "tags"]
    assert chat["address"] == "ws/chat/{room}/"
    assert chat["title"] == "chat"
    assert chat["description"] == "Chat with «friends» — 你好"
    assert chat["parameters"] == {"room": {"description": "Path parameter for room (str)"}}
    assert chat["tags"] == [{"name": "chat"}, {"name": "x"}]
    assert list(chat["messages"]) == sorted(chat["messages"])
    # ws inputs and outputs, event outputs; the event *input* ChatNotice of ``silent`` is
    # listed only because other handlers output it.
    assert set(chat["messages"]) == {
        "chat_message",
        "chat_notice",
        "ping_message",
        "pong_message",
        "tree_message",
        "pet_message",
        "server_news",
    }
    assert chat["messages"]["chat_message"] == {"$ref": "#/components/messages/chat_message"}


def test_channel_docstring_quirks(registry: MessageRegistry) -> None:
    channels = generate(registry)["channels"]
    assert channels["empty"]["description"] == "\nA consumer without handlers.\n"
    assert channels["empty"]["messages"] == {}
    assert channels["no_doc"]["description"] == "None"
    assert channels["no_doc"]["parameters"] == {
        "pk": {"description": "Path parameter for pk (regex: \\d+)"}
    }
    assert channels["no_doc"]["address"] == "ws/nodoc/{pk}/"


def test_event_inputs_are_not_channel_messages(registry: MessageRegistry) -> None:
    class OnlyEvent(BaseMessage):
        action: Literal["only_event"] = "only_event"
        payload: None = None

    from chanx.core.decorators import event_handler

    class EventOnlyConsumer(AsyncJsonWebsocketConsumer):
        @event_handler
        async def only(self, event: OnlyEvent) -> None:
            return None

    document = generate(registry, [route_for(EventOnlyConsumer, "e/")])
    assert document["channels"]["event_only"]["messages"] == {}
    assert document["operations"]["only"] == {
        "action": "send",
        "channel": {"$ref": "#/channels/event_only"},
        "description": "",
        "summary": "",
    }


def test_ws_operations(registry: MessageRegistry) -> None:
    operations = generate(registry)["operations"]
    assert operations["chat"] == {
        "action": "receive",
        "channel": {"$ref": "#/channels/chat"},
        "description": "Posts to the room",
        "summary": "Post a message",
        "tags": [{"name": "write"}],
        "messages": [{"$ref": "#/channels/chat/messages/chat_message"}],
        "reply": {
            "channel": {"$ref": "#/channels/chat"},
            "messages": [
                {"$ref": "#/channels/chat/messages/chat_message"},
                {"$ref": "#/channels/chat/messages/chat_notice"},
            ],
        },
    }
    # list output type, declared order kept
    assert operations["ping"]["reply"]["messages"] == [
        {"$ref": "#/channels/chat/messages/pong_message"},
        {"$ref": "#/channels/chat/messages/chat_notice"},
    ]
    assert operations["tree"]["reply"]["messages"] == [
        {"$ref": "#/channels/chat/messages/tree_message"}
    ]
    assert "reply" not in operations["pet"]


def test_event_operations(registry: MessageRegistry) -> None:
    operations = generate(registry)["operations"]
    assert operations["server_news"] == {
        "action": "send",
        "channel": {"$ref": "#/channels/chat"},
        "description": "",
        "summary": "News from the server",
        "messages": [{"$ref": "#/channels/chat/messages/server_news"}],
    }
    assert "messages" not in operations["silent"]


def test_operation_order_and_clashing_keys(registry: MessageRegistry) -> None:
    operations = generate(registry)["operations"]
    assert list(operations)[:6] == ["chat", "pet", "ping", "tree", "server_news", "silent"]
    # NoDocConsumer's ``ping`` clashes with ChatConsumer's: prefixed with its snake name.
    assert operations["no_doc_ping"]["channel"] == {"$ref": "#/channels/no_doc"}


def test_same_channel_twice_last_route_wins(registry: MessageRegistry) -> None:
    routes = [route_for(NoDocConsumer, "a/"), route_for(NoDocConsumer, "b/")]
    document = generate(registry, routes)
    assert document["channels"]["no_doc"]["address"] == "b/"
    assert set(document["operations"]) == {"ping", "no_doc_ping"}


def test_channel_name_inherited_by_subclass(registry: MessageRegistry) -> None:
    class ChildConsumer(ChatConsumer):
        pass

    document = generate(registry, [route_for(ChildConsumer, "child/")])
    assert list(document["channels"]) == ["chat"]


def test_components_only_used_with_fresh_registry(registry: MessageRegistry) -> None:
    components = generate(registry, [route_for(NoDocConsumer, "x/")])["components"]
    assert components["messages"] == {
        "ping_message": {"payload": {"$ref": "#/components/schemas/PingMessage"}},
        "pong_message": {"payload": {"$ref": "#/components/schemas/PongMessage"}},
    }
    assert list(components["schemas"]) == ["PingMessage", "PongMessage"]


def test_default_registry_holds_only_the_routed_consumers() -> None:
    """Without a registry argument, each document builds its own from its routes."""
    first = AsyncAPIGenerator([route_for(NoDocConsumer, "x/")]).generate()
    assert_valid_asyncapi(first)
    assert list(first["components"]["schemas"]) == ["PingMessage", "PongMessage"]
    assert "ServerNews" not in first["components"]["schemas"]  # ChatConsumer is not routed
    second = AsyncAPIGenerator([route_for(ChatConsumer, "c/")]).generate()
    assert "ServerNews" in second["components"]["schemas"]
    again = AsyncAPIGenerator([route_for(NoDocConsumer, "x/")]).generate()
    assert again == first


def test_camelize(registry: MessageRegistry) -> None:
    document = generate(registry, camelize=True)
    assert "chat" in document["channels"] and "noDoc" in document["channels"]
    no_doc = document["channels"]["noDoc"]
    assert no_doc["title"] == "no_doc"
    assert no_doc["address"] == "ws/nodoc/{pk}/"
    assert list(no_doc["parameters"]) == ["pk"]
    assert "chatMessage" in document["channels"]["chat"]["messages"]
    assert "serverNews" in document["operations"] and "noDocPing" in document["operations"]
    assert document["operations"]["noDocPing"]["messages"] == [
        {"$ref": "#/channels/noDoc/messages/pingMessage"}
    ]
    components = document["components"]
    assert "chatMessage" in components["messages"]
    assert components["messages"]["chatMessage"] == {
        "payload": {"$ref": "#/components/schemas/ChatMessage"}
    }
    payload = components["schemas"]["ChatPayload"]
    assert "userName" in payload["properties"]
    assert payload["required"] == ["userName", "inner"]
    assert payload["properties"]["userName"]["title"] == "User Name"
    action = components["schemas"]["ChatMessage"]["properties"]["action"]
    assert action["const"] == "chat_message"


def test_consumer_without_handlers_alone(registry: MessageRegistry) -> None:
    document = generate(registry, [route_for(EmptyConsumer, "e/")])
    assert document["operations"] == {}
    assert document["components"] == {"messages": {}, "schemas": {}}


def test_generate_twice_prefixes_operations(registry: MessageRegistry) -> None:
    generator = AsyncAPIGenerator([route_for(NoDocConsumer, "x/")], registry=registry)
    generator.generate()
    second = generator.generate()
    assert set(second["operations"]) == {"ping", "no_doc_ping"}


def test_non_chanx_routes_are_channels_without_messages(registry: MessageRegistry) -> None:
    from channels.generic.websocket import AsyncJsonWebsocketConsumer as Plain

    class PlainConsumer(Plain):  # type: ignore[misc]
        """Echoes text.

        Not a chanx consumer.
        """

    async def ws_function(websocket: Any) -> None:
        pass

    routes = [
        route_for(PlainConsumer, "p/<int:pk>/", {"pk": "int"}),
        RouteInfo(path="/fn", handler=ws_function, base_url="ws://h", consumer=None),
        route_for(NoDocConsumer, "x/"),
    ]
    document = AsyncAPIGenerator(routes, registry=registry).generate()
    assert_valid_asyncapi(document)
    assert document["channels"]["plain_consumer"] == {
        "address": "p/{pk}/",
        "title": "plain_consumer",
        "description": "Echoes text.\n\nNot a chanx consumer.",
        "parameters": {"pk": {"description": "Path parameter for pk (int)"}},
    }
    assert document["channels"]["ws_function"] == {"address": "/fn", "title": "ws_function"}
    assert set(document["operations"]) == {"ping"}  # only the chanx consumer's handler


class Opaque:
    """Not describable by JSON schema."""


def test_undescribable_message_names_consumer_and_handler(registry: MessageRegistry) -> None:
    from pydantic import ConfigDict

    class OpaqueMessage(BaseMessage):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        action: Literal["opaque"] = "opaque"
        payload: Opaque

    class OpaqueConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def send_opaque(self, message: OpaqueMessage) -> None:
            return None

    generator = AsyncAPIGenerator([route_for(OpaqueConsumer, "o/")], registry=registry)
    with pytest.raises(AsyncAPIGenerationError) as caught:
        generator.generate()
    text = str(caught.value)
    assert "OpaqueConsumer" in text and "send_opaque()" in text and "OpaqueMessage" in text


def test_undescribable_unrouted_consumer_does_not_break_documents(
    registry: MessageRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    """A consumer that cannot be described breaks only the documents that route it; added to
    a shared registry by hand, its messages are left out of the components and logged.
    """
    from pydantic import ConfigDict

    class HiddenMessage(BaseMessage):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        action: Literal["hidden"] = "hidden"
        payload: Opaque

    @channel(name="hidden")
    class HiddenConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def reveal(self, message: HiddenMessage) -> PongMessage:
            return PongMessage()

    document = AsyncAPIGenerator([route_for(NoDocConsumer, "x/")]).generate()
    assert "HiddenMessage" not in document["components"]["schemas"]
    registry.add([HiddenMessage, PongMessage], "HiddenConsumer")
    document = AsyncAPIGenerator([route_for(NoDocConsumer, "x/")], registry=registry).generate()
    assert_valid_asyncapi(document)
    assert "HiddenMessage" not in document["components"]["schemas"]
    assert "PongMessage" in document["components"]["schemas"]
    logged = capsys.readouterr()
    assert "HiddenConsumer, handler reveal()" in logged.out + logged.err
    # Routed, the same consumer is an error naming consumer and handler.
    with pytest.raises(AsyncAPIGenerationError, match=r"HiddenConsumer, handler reveal\(\)"):
        AsyncAPIGenerator([route_for(HiddenConsumer, "h/")]).generate()
    with pytest.raises(SchemaBuildError, match="HiddenMessage of consumer HiddenConsumer"):
        registry.build()


def test_build_output_is_one_message_ref(registry: MessageRegistry) -> None:
    generator = AsyncAPIGenerator([], registry=registry)
    assert generator.build_output("room", PongMessage) == {
        "$ref": "#/channels/room/messages/pong_message"
    }
    with pytest.raises(TypeError, match="one message type"):
        generator.build_output("room", PongMessage | PingMessage)


def test_build_reply_refs(registry: MessageRegistry) -> None:
    generator = AsyncAPIGenerator([], registry=registry)
    reply = generator.build_reply("room", PongMessage | PingMessage)
    assert reply == {
        "channel": {"$ref": "#/channels/room"},
        "messages": [
            {"$ref": "#/channels/room/messages/pong_message"},
            {"$ref": "#/channels/room/messages/ping_message"},
        ],
    }


def test_get_channel_messages(registry: MessageRegistry) -> None:
    generator = AsyncAPIGenerator([], registry=registry)
    assert generator.get_channel_messages(NoDocConsumer) == {
        "ping_message": {"$ref": "#/components/messages/ping_message"},
        "pong_message": {"$ref": "#/components/messages/pong_message"},
    }


def test_names_with_special_characters_are_escaped_in_refs(registry: MessageRegistry) -> None:
    @channel(name="chat room/1~x")
    class OddConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    document = generate(registry, [route_for(OddConsumer, "odd/")])
    assert "chat room/1~x" in document["channels"]
    assert document["operations"]["ping"]["channel"] == {"$ref": "#/channels/chat%20room~11~0x"}
