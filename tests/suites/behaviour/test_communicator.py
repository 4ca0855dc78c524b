"""The test communicator's protocol (connect, send, receive, disconnect) on both adapters."""

import asyncio

import pytest
from pydantic import ValidationError

from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.conftest import Adapter
from tests.shared.messages import Noticed, Notify, Shout, Shouted
from tests.suites.behaviour.consumers import build

# Collectors are given a long timeout; returning inside this bound proves they did not idle.
LONG = 30.0
BOUND = 5.0


async def test_connect_returns_accept(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    comm = adapter.communicator(consumers.Echo)
    assert comm._connected is False
    assert await comm.connect() == (True, None)
    assert comm._connected is True
    await comm.disconnect()
    await comm.disconnect()  # twice is harmless


async def test_collectors_return_on_stop_frame_without_idling(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        async with asyncio.timeout(BOUND):
            await comm.send_message(PingMessage())
            assert await comm.receive_all_messages(timeout=LONG) == [PongMessage()]
            await comm.send_message(PingMessage())
            await comm.send_message(PingMessage())
            frames = await comm.receive_all_json(timeout=LONG)
        assert [f["action"] for f in frames] == ["pong", "complete", "pong", "complete"]


@pytest.mark.parametrize("stop", ["group_complete", "shouted"])
async def test_stop_action_group(adapter: Adapter, stop: str) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(Shout(payload="x"))
        async with asyncio.timeout(BOUND):
            assert await comm.receive_all_messages(stop_action=stop, timeout=LONG) == [
                Shouted(payload="x")
            ]


async def test_stop_action_event_complete(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await consumers.Echo.broadcast_event(Notify(payload="e"))
        async with asyncio.timeout(BOUND):
            got = await comm.receive_all_messages(stop_action="event_complete", timeout=LONG)
        assert got == [Noticed(payload="e")]


async def test_frames_after_stop_stay_queued(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(Shout(payload="x"))
        # The sender's own ``complete`` arrives before the relay.
        assert await comm.receive_all_messages(stop_action="complete", timeout=LONG) == []
        assert await comm.receive_all_messages(stop_action="group_complete", timeout=LONG) == [
            Shouted(payload="x")
        ]


async def test_without_completion_collectors_run_to_deadline(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Quiet) as comm:
        await comm.send_message(PingMessage())
        assert await comm.receive_all_messages(timeout=0.2) == [PongMessage()]
        # The application survives a collector timing out.
        await comm.send_message(PingMessage())
        assert await comm.receive_all_json(timeout=0.2) == [{"action": "pong", "payload": None}]


async def test_undeclared_output_fails_validation(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Quiet) as comm:
        await comm.send_to(text_data="[]")
        # ``error`` is always declared; a frame outside the adapter raises.
        assert (await comm.receive_all_messages(timeout=0.2))[0].action == "error"
    comm = adapter.communicator(consumers.Quiet)
    comm.consumer = consumers.Camel  # decodes with an adapter that lacks ``pong``
    await comm.connect()
    await comm.send_message(PingMessage())
    with pytest.raises(ValidationError):
        await comm.receive_all_messages(timeout=1)
    await comm.disconnect()


async def test_consumer_required(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    comm = adapter.communicator(consumers.Echo)
    comm.consumer = None
    with pytest.raises(ValueError, match="consumer must be initialized"):
        await comm.receive_all_messages()


async def test_close_during_collection_fails_fast(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Closing(consumers.Echo):  # type: ignore[name-defined,misc]
        async def ping(self, message: PingMessage) -> None:
            await self.close()

    async with adapter.communicator(Closing) as comm:
        await comm.send_message(PingMessage())
        async with asyncio.timeout(BOUND):
            with pytest.raises(AssertionError, match=r"websocket\.close"):
                await comm.receive_all_json(timeout=LONG)


async def test_assert_closed_accepts_any_close(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Closing(consumers.Echo):  # type: ignore[name-defined,misc]
        async def ping(self, message: PingMessage) -> None:
            await self.close(code=4000)

    async with adapter.communicator(Closing) as comm:
        await comm.send_message(PingMessage())
        await comm.assert_closed()
