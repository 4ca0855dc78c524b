"""Handler mixins on both adapters: discovery, overrides, duplicates, extra_groups."""

from typing import Any, ClassVar, Literal

import pytest

from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.core.decorators import event_handler, ws_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.routing.discovery import RouteInfo
from chanx.testing import capture_broadcast_events
from tests.conftest import Adapter

LONG = 30
BOTH = pytest.mark.parametrize("base", [ChannelsConsumer, FastConsumer], ids=["channels", "fast"])


class Seen(BaseMessage):
    action: Literal["seen"] = "seen"
    payload: str


class SeenNotice(BaseMessage):
    action: Literal["seen_notice"] = "seen_notice"
    payload: str


class Greet(BaseMessage):
    action: Literal["greet"] = "greet"
    payload: str


class Greeting(BaseMessage):
    action: Literal["greeting"] = "greeting"
    payload: str


class PresenceMixin:
    extra_groups: ClassVar[list[str]] = ["presence"]

    @event_handler
    async def on_seen(self, event: Seen) -> SeenNotice:
        return SeenNotice(payload=event.payload)


class GreetMixin:
    extra_groups: ClassVar[list[str]] = ["greeters", "presence"]

    @ws_handler
    async def greet(self, message: Greet) -> Greeting:
        return Greeting(payload=f"hello {message.payload}")


def lobby_consumer(base: type[Any]) -> type[Any]:
    class LobbyConsumer(GreetMixin, PresenceMixin, base):  # type: ignore[misc]
        channel_layer_alias = "default"
        groups = ["lobby"]
        send_completion = True

        @ws_handler
        async def ping(self, _m: PingMessage) -> PongMessage:
            return PongMessage()

    return LobbyConsumer


async def test_mixin_handlers_are_routed(adapter: Adapter, chanx_communicator: Any) -> None:
    lobby = lobby_consumer(adapter.Consumer)
    comm = await chanx_communicator(lobby)
    await comm.send_message(Greet(payload="ann"))
    assert await comm.receive_all_messages(timeout=LONG) == [Greeting(payload="hello ann")]
    await lobby.broadcast_event(Seen(payload="bob"), "presence")
    assert await comm.receive_all_messages(stop_action="event_complete", timeout=LONG) == [
        SeenNotice(payload="bob")
    ]


async def test_instances_join_groups_plus_merged_extras(
    adapter: Adapter, chanx_communicator: Any
) -> None:
    lobby = lobby_consumer(adapter.Consumer)
    layer = adapter.get_layer()
    await chanx_communicator(lobby)
    joined = {group for group, members in layer.groups.items() if members}
    assert joined == {"lobby", "greeters", "presence"}
    assert lobby.groups == ["lobby"]  # the class attribute is untouched


@BOTH
def test_extra_groups_merge_most_derived_first(base: type[Any]) -> None:
    lobby = lobby_consumer(base)

    class Deeper(lobby):  # type: ignore[misc,valid-type]
        extra_groups: ClassVar[list[str]] = ["vip", "greeters"]

    assert Deeper._merged_extra_groups == ["vip", "greeters", "presence"]
    with capture_broadcast_events(Deeper) as seen:
        Deeper.broadcast_event_sync(Seen(payload="x"))
    assert seen[0].groups is None
    assert seen[0].targets == ["lobby", "vip", "greeters", "presence"]


@BOTH
def test_messages_of_every_mixin_are_documented(base: type[Any]) -> None:
    lobby = lobby_consumer(base)
    route = RouteInfo(path="lobby/", handler=None, base_url="ws://x", consumer=lobby)
    schemas = AsyncAPIGenerator([route]).generate()["components"]["schemas"]
    assert {"Greet", "Greeting", "PingMessage", "PongMessage", "SeenNotice"} <= set(schemas)
    assert "Seen" not in schemas  # event inputs are not documented as messages


@BOTH
def test_duplicate_actions_across_mixins_fail(base: type[Any]) -> None:
    class OtherGreet:
        @ws_handler
        async def welcome(self, message: Greet) -> Greeting:
            return Greeting(payload="hi")

    with pytest.raises(TypeError) as caught:

        class Clash(OtherGreet, GreetMixin, base):  # type: ignore[misc]
            pass

    assert str(caught.value) == (
        "Clash has two message handlers for action 'greet': greet() and welcome(). "
        "Actions must be unique within a consumer."
    )


@BOTH
def test_duplicate_event_actions_fail(base: type[Any]) -> None:
    class OtherSeen:
        @event_handler
        async def also_seen(self, event: Seen) -> None:
            return None

    with pytest.raises(TypeError, match="two event handlers for action 'seen': also_seen"):

        class Clash(OtherSeen, PresenceMixin, base):  # type: ignore[misc]
            pass


async def test_plain_override_keeps_the_route(adapter: Adapter, chanx_communicator: Any) -> None:
    class Polite(lobby_consumer(adapter.Consumer)):  # type: ignore[misc]
        async def greet(self, message: Greet) -> Greeting:  # no decorator: same route
            return Greeting(payload=f"good day {message.payload}")

    comm = await chanx_communicator(Polite)
    await comm.send_message(Greet(payload="ann"))
    assert await comm.assert_message_pushed(Greeting, timeout=LONG) == Greeting(
        payload="good day ann"
    )


async def test_redecorated_override_under_the_same_name_is_legal(
    adapter: Adapter, chanx_communicator: Any
) -> None:
    class Loud(lobby_consumer(adapter.Consumer)):  # type: ignore[misc]
        @ws_handler
        async def greet(self, message: Greet) -> Greeting:
            return Greeting(payload=message.payload.upper())

    comm = await chanx_communicator(Loud)
    await comm.send_message(Greet(payload="ann"))
    await comm.assert_message_pushed(Greeting, "ANN", timeout=LONG)


async def test_one_mixin_shared_by_two_consumers(adapter: Adapter, chanx_communicator: Any) -> None:
    class First(GreetMixin, adapter.Consumer):  # type: ignore[misc,name-defined]
        send_completion = True

    class Second(GreetMixin, adapter.Consumer):  # type: ignore[misc,name-defined]
        send_completion = True

    for consumer in (First, Second):
        comm = await chanx_communicator(consumer)
        await comm.send_message(Greet(payload=consumer.__name__))
        await comm.assert_message_pushed(Greeting, f"hello {consumer.__name__}", timeout=LONG)
