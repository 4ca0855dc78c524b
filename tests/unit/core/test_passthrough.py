"""passthrough_events on both adapters."""

from typing import Any, ClassVar, Literal

import pytest
from pydantic import BaseModel

from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.core.decorators import EVENT_HANDLER_ATTR, event_handler
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.base import BaseMessage
from tests.conftest import Adapter

LONG = 30
BOTH = pytest.mark.parametrize("base", [ChannelsConsumer, FastConsumer], ids=["channels", "fast"])


class Who(BaseModel):
    user_name: str


class UserJoined(BaseMessage):
    action: Literal["user_joined"] = "user_joined"
    payload: Who


class UserLeft(BaseMessage):
    action: Literal["user_left"] = "user_left"
    payload: Who


class Kicked(BaseMessage):
    action: Literal["kicked"] = "kicked"
    payload: str


class KickNotice(BaseMessage):
    action: Literal["kick_notice"] = "kick_notice"
    payload: str


def chat_consumer(base: type[Any], **attrs: Any) -> type[Any]:
    class ChatConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        groups = ["chat"]
        send_completion = True
        passthrough_events: ClassVar[list[type[BaseMessage]]] = [UserJoined, UserLeft, Kicked]

        @event_handler
        async def kicked(self, event: Kicked) -> KickNotice:
            return KickNotice(payload=f"bye {event.payload}")

    for name, value in attrs.items():
        setattr(ChatConsumer, name, value)
    return ChatConsumer


@BOTH
def test_methods_are_created_with_handler_info(base: type[Any]) -> None:
    chat = chat_consumer(base)
    method = chat.__dict__["handle_passthrough_user_joined"]
    info = getattr(method, EVENT_HANDLER_ATTR)
    assert info["input_type"] is UserJoined and info["output_type"] is UserJoined
    assert info["description"] == "Passthrough handler for UserJoined"
    assert "handle_passthrough_user_left" in chat.__dict__
    # An explicit handler for the action wins: no passthrough method for Kicked.
    assert "handle_passthrough_kicked" not in chat.__dict__
    assert chat._EVENT_HANDLER_INFO_MAP["kicked"]["method_name"] == "kicked"


async def test_events_are_echoed_unchanged(adapter: Adapter, chanx_communicator: Any) -> None:
    chat = chat_consumer(adapter.Consumer)
    comm = await chanx_communicator(chat)
    await chat.broadcast_event(UserJoined(payload=Who(user_name="ann")))
    assert await comm.receive_all_json(timeout=0.3) == [
        {"action": "user_joined", "payload": {"user_name": "ann"}},
        {"action": "event_complete", "payload": None},
    ]
    await chat.broadcast_event(Kicked(payload="bob"))
    await comm.assert_message_pushed(KickNotice, "bye bob", timeout=LONG)


async def test_camelized_consumer_echoes_camel_case(
    adapter: Adapter, chanx_communicator: Any
) -> None:
    chat = chat_consumer(adapter.Consumer)

    class CamelChat(chat):  # type: ignore[misc,valid-type]
        camelize = True

    comm = await chanx_communicator(CamelChat)
    await CamelChat.broadcast_event(UserLeft(payload=Who(user_name="ann")))
    assert await comm.receive_all_json(timeout=0.3) == [
        {"action": "user_left", "payload": {"userName": "ann"}},
        {"action": "event_complete", "payload": None},
    ]


@BOTH
def test_lists_merge_along_the_mro(base: type[Any]) -> None:
    class JoinMixin:
        passthrough_events: ClassVar[list[type[BaseMessage]]] = [UserJoined]

    class LeaveConsumer(JoinMixin, base):  # type: ignore[misc]
        passthrough_events: ClassVar[list[type[BaseMessage]]] = [UserLeft, UserJoined]

    class Child(LeaveConsumer):
        passthrough_events: ClassVar[list[type[BaseMessage]]] = []  # cannot remove entries

    for consumer in (LeaveConsumer, Child):
        assert set(consumer._EVENT_HANDLER_INFO_MAP) == {"user_left", "user_joined"}


@BOTH
def test_custom_prefix(base: type[Any]) -> None:
    class Prefixed(base):  # type: ignore[misc]
        passthrough_method_prefix = "relay_"
        passthrough_events: ClassVar[list[type[BaseMessage]]] = [UserJoined]

    assert Prefixed._EVENT_HANDLER_INFO_MAP["user_joined"]["method_name"] == "relay_user_joined"


@BOTH
def test_non_message_items_are_rejected(base: type[Any]) -> None:
    with pytest.raises(TypeError, match="passthrough_events item <class 'str'> must be a"):

        class Broken(base):  # type: ignore[misc]
            passthrough_events: ClassVar[list[Any]] = [str]


@BOTH
def test_subclass_explicit_handler_overrides_inherited_passthrough(base: type[Any]) -> None:
    chat = chat_consumer(base)

    class Custom(chat):  # type: ignore[misc,valid-type]
        @event_handler
        async def joined(self, event: UserJoined) -> None:
            return None

    assert Custom._EVENT_HANDLER_INFO_MAP["user_joined"]["method_name"] == "joined"
