"""History and presence capabilities of topic channels in the AsyncAPI document."""

from typing import Any

from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.core.registry import MessageRegistry
from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer
from tests.suites.behaviour.history import build
from tests.unit.asyncapi.consumers import route_for
from tests.unit.asyncapi.validation import assert_valid_asyncapi

app = build(AsyncJsonWebsocketConsumer)
ROUTES = [route_for(app.Consumer, "ws/comments/", {})]


def generate(registry: MessageRegistry) -> dict[str, Any]:
    document = AsyncAPIGenerator(ROUTES, registry=registry).generate()
    assert_valid_asyncapi(document)  # the official 3.0.0 schema accepts the extensions
    return document


def test_history_and_presence_extensions_per_topic_channel(registry: MessageRegistry) -> None:
    channels = generate(registry)["channels"]
    comments, tiny, plain, room = (
        channels[name] for name in ("comments_comments_topic", "comments_tiny_topic", "comments_plain_topic",
                                    "comments_room_topic")
    )  # fmt: skip
    assert comments["x-history"] == {
        "size": 20,
        "ttl": None,
        "since": ["offset", "epoch"],
        "subscribedKeys": ["epoch", "offset", "recovered"],
        "pushKeys": ["offset"],
    }
    assert tiny["x-history"]["size"] == 3 and tiny["x-history"]["ttl"] == 300.0
    assert room["x-presence"] == {"ttl": 30.0, "pushes": True}
    for channel in (comments, tiny, plain):
        assert "x-presence" not in channel
    assert "x-history" not in plain and "x-history" not in room
    assert {"presence_request_message", "presence_state_message", "presence_join_message",
            "presence_leave_message"} <= set(room["messages"])  # fmt: skip
    assert not any(key.startswith("presence") for key in comments["messages"])
