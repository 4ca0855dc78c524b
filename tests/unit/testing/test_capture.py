"""capture_broadcast_events: sync and async, suppression, restore, kinds, assert_broadcast."""

from typing import Any, ClassVar

import pytest

from chanx.channels.testing import capture_broadcast_events as reexported
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.testing import (
    CapturedBroadcastEvent,
    assert_broadcast,
    assert_no_broadcast,
    capture_broadcast_events,
)
from tests.conftest import Adapter
from tests.shared.messages import Noticed, Notify, Shout, Shouted
from tests.suites.behaviour.consumers import build

LONG = 30


def test_sync_block_records_without_any_connection_or_layer() -> None:
    echo = build(FastConsumer).Echo
    with capture_broadcast_events(echo) as seen:
        echo.broadcast_event_sync(Notify(payload="from a view"), ["room.3"])
        echo.broadcast_event_sync(Notify(payload="default groups"))
    assert seen == [
        CapturedBroadcastEvent(Notify(payload="from a view"), ["room.3"]),
        CapturedBroadcastEvent(Notify(payload="default groups"), None),
    ]
    assert [r.targets for r in seen] == [["room.3"], ["lobby"]]
    assert seen[0].consumer is echo and seen[0].sender is None
    assert "broadcast_event" not in echo.__dict__


def test_reexported_from_django_testing() -> None:
    assert reexported is capture_broadcast_events


async def test_async_block_and_extra_groups(adapter: Adapter) -> None:
    class WithExtras(build(adapter.Consumer).Echo):  # type: ignore[misc]
        extra_groups: ClassVar[list[str]] = ["presence", "lobby"]

    async with capture_broadcast_events(WithExtras) as seen:
        await WithExtras.broadcast_event(Notify(payload="x"))
        await WithExtras.broadcast_event(Notify(payload="y"), "solo")
    assert [r.groups for r in seen] == [None, "solo"]
    assert [r.targets for r in seen] == [["lobby", "presence"], ["solo"]]
    seen.assert_broadcast(Notify, "x", group="presence")
    assert [r.event.payload for r in seen.to_group("solo")] == ["y"]  # type: ignore[union-attr]


async def test_suppressed_events_reach_nobody(adapter: Adapter, connect: Any) -> None:
    echo = build(adapter.Consumer).Echo
    comm = await connect(echo)
    with capture_broadcast_events(echo) as seen:
        await echo.broadcast_event(Notify(payload="hidden"))
    assert len(seen) == 1
    await comm.assert_no_message(timeout=0.1)


async def test_unsuppressed_events_are_also_delivered(adapter: Adapter, connect: Any) -> None:
    echo = build(adapter.Consumer).Echo
    comm = await connect(echo)
    with capture_broadcast_events(echo, suppress=False) as seen:
        await echo.broadcast_event(Notify(payload="both"))
    assert await comm.assert_message_pushed(Noticed, "both", timeout=LONG) == Noticed(
        payload="both"
    )
    assert_broadcast(seen, "notify", group="lobby")


async def test_subclass_sees_spy_parent_does_not_and_restore_on_error(adapter: Adapter) -> None:
    parent = build(adapter.Consumer).Echo

    class Child(parent):  # type: ignore[misc,valid-type]
        pass

    original = parent.__dict__.get("broadcast_event")
    with (
        pytest.raises(RuntimeError, match="block failed"),
        capture_broadcast_events(Child) as seen,
    ):
        await Child.broadcast_event(Notify(payload="child"))
        assert "broadcast_event" not in parent.__dict__
        raise RuntimeError("block failed")
    assert [r.event for r in seen] == [Notify(payload="child")]
    assert "broadcast_event" not in Child.__dict__
    assert parent.__dict__.get("broadcast_event") is original


async def test_broadcast_message_and_send_event_kinds(adapter: Adapter, connect: Any) -> None:
    echo = build(adapter.Consumer).Echo
    sender = await connect(echo)
    other = await connect(echo)
    with capture_broadcast_events(echo, kinds=("broadcast_message", "send_event")) as seen:
        await sender.send_message(Shout(payload="hey"))
        await sender.assert_message_pushed("complete", timeout=LONG)
        await echo.send_event(Notify(payload="direct"), "some.channel")
    message, event = seen
    assert message.kind == "broadcast_message" and message.event == Shouted(payload="hey")
    assert message.targets == ["lobby"] and message.sender and message.sender != "some.channel"
    assert event.kind == "send_event" and event.targets == ["some.channel"]
    await other.assert_no_message(timeout=0.1)  # suppressed: the relay never happened


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="Unknown capture kinds"):
        capture_broadcast_events(build(FastConsumer).Echo, kinds=("nope",))  # type: ignore[arg-type]


def test_assert_broadcast_failure_lists_captured() -> None:
    echo = build(FastConsumer).Echo
    with capture_broadcast_events(echo) as seen:
        echo.broadcast_event_sync(Notify(payload="a"), "room.1")
    with pytest.raises(AssertionError) as caught:
        assert_broadcast(seen, Notify, "a", group="room.2")
    text = str(caught.value)
    assert (
        "Expected a 'notify' message (Notify) with payload matching \"a\" broadcast to group"
        in text
    )
    assert '1. broadcast_event to [\'room.1\']: {"action": "notify", "payload": "a"}' in text
    with pytest.raises(AssertionError, match="nothing was broadcast"):
        assert_broadcast([], Notify)


def test_assert_no_broadcast() -> None:
    echo = build(FastConsumer).Echo
    with capture_broadcast_events(echo) as seen:
        seen.assert_no_broadcast()
        echo.broadcast_event_sync(Notify(payload="a"), "room.1")
    seen.assert_no_broadcast(Notify, "b")
    seen.assert_no_broadcast(group="room.2")
    assert_no_broadcast(seen, "noticed")
    with pytest.raises(AssertionError) as caught:
        seen.assert_no_broadcast(group="room.1")
    assert str(caught.value) == (
        "Expected nothing to be broadcast to group 'room.1', but captured:\n"
        '  1. broadcast_event to [\'room.1\']: {"action": "notify", "payload": "a"}'
    )


def test_core_testing_is_the_2x_path_of_the_neutral_helpers() -> None:
    from chanx.core import testing as core_testing
    from chanx.testing.capture import CapturedBroadcastEvent, capture_broadcast_events
    from chanx.testing.communicator import ChanxCommunicatorMixin

    assert core_testing.CapturedBroadcastEvent is CapturedBroadcastEvent
    assert core_testing.capture_broadcast_events is capture_broadcast_events
    assert core_testing.WebsocketCommunicatorMixin is ChanxCommunicatorMixin
