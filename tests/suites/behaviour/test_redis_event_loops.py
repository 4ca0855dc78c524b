"""Group broadcasts over one Redis channel layer, from async tests that each run their own loop.

The layer object outlives every test (Channels keeps one per alias, fast-channels one per
registered alias), and with it the state its receives share. A test that ends while
messages are still being received (its loop shut down under its connections) must not
keep the next test's connections from receiving their group messages.
"""

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any, Literal

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator as ChannelsOwnCommunicator
from django.test import override_settings
from fast_channels.layers import register_channel_layer, unregister_channel_layer
from structlog.testing import capture_logs

from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.core.decorators import event_handler, ws_handler
from chanx.fast_channels.layers import create_redis_layer
from chanx.fast_channels.testing import WebsocketCommunicator as FastCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.services import require_redis

pytestmark = pytest.mark.usefixtures("redis_layers")

GROUP = "loops"
ROUNDS = 3  # each round: a test that ends mid-broadcast, then one that must get everything
MEMBERS = 8
EVENTS = 8


class Note(BaseMessage):
    action: Literal["note"] = "note"
    payload: str


class ChannelsRoom(ChannelsConsumer[Note]):
    groups = [GROUP]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @event_handler
    async def announce(self, event: Note) -> Note:
        return event


class FastRoom(FastConsumer[Note]):
    groups = [GROUP]

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @event_handler
    async def announce(self, event: Note) -> Note:
        return event


ROOMS: dict[str, Any] = {"channels": ChannelsRoom, "fast_channels": FastRoom}


@pytest.fixture(scope="module")
def redis_layers() -> Iterator[None]:
    """One Redis layer per framework for the whole module, as a project's settings give."""
    url = require_redis()
    prefix = f"chanx-loops-{uuid.uuid4().hex[:12]}"
    config = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [url], "prefix": prefix},
        }
    }
    with override_settings(CHANNEL_LAYERS=config):
        register_channel_layer("default", create_redis_layer(url, prefix=f"{prefix}-fast"))
        try:
            yield
        finally:
            unregister_channel_layer("default")
    channel_layers.backends.clear()


async def join(adapter: str, count: int) -> list[Any]:
    """``count`` connected members of the group (each answered a ping: its groups are joined)."""
    room = ROOMS[adapter]
    members = []
    for _ in range(count):
        if adapter == "channels":  # Channels' own test client
            member: Any = ChannelsOwnCommunicator(room.as_asgi(), "/ws")
        else:
            member = FastCommunicator(room.as_asgi(), "/ws", consumer=room)
        assert (await member.connect())[0]
        await member.send_json_to({"action": "ping"})
        assert await member.receive_json_from(timeout=5) == {"action": "pong", "payload": None}
        members.append(member)
    return members


@pytest.mark.parametrize("adapter", ["channels", "fast_channels"])
@pytest.mark.parametrize("round_", range(ROUNDS))
class TestLoopsInSequence:
    async def test_a_test_ends_while_broadcasts_are_received(
        self, adapter: str, round_: int
    ) -> None:
        members = await join(adapter, MEMBERS)
        for n in range(EVENTS):
            await ROOMS[adapter].broadcast_event(Note(payload=f"left {n}"), GROUP)
        assert await members[0].receive_json_from(timeout=5) == {
            "action": "note",
            "payload": "left 0",
        }
        # The test ends here: its loop shuts down under connections still receiving.

    async def test_the_next_test_gets_every_broadcast(self, adapter: str, round_: int) -> None:
        with capture_logs() as logs:
            members = await join(adapter, MEMBERS)
            try:
                for n in range(EVENTS):
                    await ROOMS[adapter].broadcast_event(Note(payload=f"{round_}.{n}"), GROUP)
                for member in members:
                    got = [await member.receive_json_from(timeout=5) for _ in range(EVENTS)]
                    assert got == [
                        {"action": "note", "payload": f"{round_}.{n}"} for n in range(EVENTS)
                    ]
            finally:
                for member in members:
                    await member.disconnect()
        # Redis never went away: no receive may have failed (a lock of an ended loop would).
        failures = [entry for entry in logs if entry["log_level"] in ("warning", "error")]
        assert failures == []


def layer_of(adapter: str) -> Any:
    room = ROOMS[adapter]
    return room.get_channel_layer(room.channel_layer_alias)


@pytest.mark.parametrize("adapter", ["channels", "fast_channels"])
class TestLoopEndsWithReceiveLockHeld:
    """The exact state a loop leaves when it ends under a receive's clean-up task.

    The layer's receive holds a per-process lock while it reads Redis and hands it to a
    clean-up task; a loop that ends before that task runs leaves the lock held for good.
    """

    async def test_a_loop_ends_holding_the_receive_lock(self, adapter: str) -> None:
        layer = layer_of(adapter)
        name = await layer.new_channel()
        key = layer.prefix + layer.non_local_name(name)
        await layer.receive_clean_locks.acquire(key)  # held, as by a task cut off by its loop
        assert layer.receive_clean_locks.locked(key)

    async def test_the_next_loop_still_receives(self, adapter: str) -> None:
        await _two_members_hear(adapter, "after")


async def _two_members_hear(adapter: str, text: str) -> None:
    """Two new members of ``GROUP`` each receive a broadcast ``text`` (then leave)."""
    members = await join(adapter, 2)
    try:
        await ROOMS[adapter].broadcast_event(Note(payload=text), GROUP)
        for member in members:
            assert await member.receive_json_from(timeout=5) == {
                "action": "note",
                "payload": text,
            }
    finally:
        for member in members:
            await member.disconnect()


# Receives of a loop closed under them: kept referenced so they are not collected mid-test.
ABANDONED: list["asyncio.Task[Any]"] = []


@pytest.mark.parametrize("adapter", ["fast_channels"])
class TestLoopClosedUnderAReceive:
    """A loop closed without ending its tasks (``loop.close()`` by hand) while a receive runs.

    fast-channels' layer keeps counting that receive as running (channels-redis closes its
    connections as the loop closes, which ends the receive).
    """

    def test_a_loop_is_closed_while_receiving(self, adapter: str) -> None:
        layer = layer_of(adapter)
        loop = asyncio.new_event_loop()

        async def start_receiving() -> "asyncio.Task[Any]":
            task: asyncio.Task[Any] = asyncio.ensure_future(
                layer.receive(await layer.new_channel())
            )
            await asyncio.sleep(0.05)  # inside the layer's receive
            return task

        ABANDONED.append(loop.run_until_complete(start_receiving()))
        loop.close()
        assert layer.receive_count == 1  # counted as running for good

    async def test_the_next_loop_still_receives(self, adapter: str) -> None:
        await _two_members_hear(adapter, "after close")
