"""A consumer that routes on another key than ``action`` validates, routes and replies on it."""

import json
from typing import Any, Literal

from chanx.core.decorators import event_handler, ws_handler
from chanx.ext.channels.utils.settings import settings_context
from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer as DjangoConsumer
from chanx.messages.base import BaseMessage
from tests.conftest import Adapter


class Hello(BaseMessage):
    action: Literal["hello_action"] = "hello_action"
    type: Literal["hello"] = "hello"
    payload: str


class Hi(BaseMessage):
    action: Literal["hi_action"] = "hi_action"
    type: Literal["hi"] = "hi"
    payload: str


class Poke(BaseMessage):
    action: Literal["poke_action"] = "poke_action"
    type: Literal["poke"] = "poke"
    payload: str


def _consumer(base: type[Any]) -> type[Any]:
    class TypedKeyConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True
        discriminator_field = "type"
        groups = ["typed_key"]

        @ws_handler
        async def greet(self, message: Hello) -> Hi:
            return Hi(payload=message.payload.upper())

        @event_handler
        async def poked(self, event: Poke) -> Hi:
            return Hi(payload=f"poked {event.payload}")

    return TypedKeyConsumer


async def test_frames_route_on_the_consumers_key(adapter: Adapter) -> None:
    consumer = _consumer(adapter.Consumer)
    async with adapter.communicator(consumer) as comm:
        await comm.send_to(text_data=json.dumps({"type": "hello", "payload": "ann"}))
        [reply, complete] = await comm.receive_all_json()
        assert reply == {"action": "hi_action", "type": "hi", "payload": "ANN"}
        assert complete == {"action": "complete", "payload": None}
        assert await comm.receive_all_messages() == []

        await comm.send_to(text_data=json.dumps({"type": "nope", "payload": "x"}))
        [unknown, _] = await comm.receive_all_json()
        await comm.send_to(text_data=json.dumps({"action": "hello_action", "payload": "x"}))
        [missing, _] = await comm.receive_all_json()
    assert unknown["payload"][0]["type"] == "union_tag_invalid"
    assert "using 'type'" in unknown["payload"][0]["msg"]
    assert missing["payload"][0]["type"] == "union_tag_not_found"


async def test_events_route_on_the_consumers_key(adapter: Adapter) -> None:
    consumer = _consumer(adapter.Consumer)
    async with adapter.communicator(consumer) as comm:
        await consumer.broadcast_event(Poke(payload="now"))
        replies = await comm.receive_all_messages(stop_action="event_complete", timeout=3)
    assert replies == [Hi(payload="poked now")]


def test_table_is_keyed_by_the_routing_key() -> None:
    consumer = _consumer(DjangoConsumer)
    assert set(consumer._MESSAGE_HANDLER_INFO_MAP) == {"hello"}
    assert set(consumer._EVENT_HANDLER_INFO_MAP) == {"poke"}
    reply = consumer.outgoing_message_adapter.validate_python({"type": "hi", "payload": "x"})
    assert isinstance(reply, Hi)


def test_django_message_action_key_sets_the_default_key() -> None:
    with settings_context(MESSAGE_ACTION_KEY="type"):

        class FromSettingsConsumer(DjangoConsumer):
            @ws_handler
            async def greet(self, message: Hello) -> Hi:
                return Hi(payload=message.payload)

        class ExplicitConsumer(DjangoConsumer):
            discriminator_field = "action"

            @ws_handler
            async def greet(self, message: Hello) -> Hi:
                return Hi(payload=message.payload)

    assert FromSettingsConsumer.discriminator_field == "type"
    assert set(FromSettingsConsumer._MESSAGE_HANDLER_INFO_MAP) == {"hello"}
    assert set(ExplicitConsumer._MESSAGE_HANDLER_INFO_MAP) == {"hello_action"}
