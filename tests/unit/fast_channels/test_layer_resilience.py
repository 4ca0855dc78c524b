"""The Redis layer path on a real Redis: receive loops end, idle connections stay quiet.

Issue: a receive loop whose task was cancelled retried forever when the layer swallowed the
cancellation and raised a timeout later (the server ignored SIGTERM); and redis-py's default
5 s socket timeout equalled the layer's 5 s blocking read, so every idle receive failed,
logged a warning and re-joined its groups.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.messages import Announce, Announcement, ChatMessage, ChatText
from fast_channels.layers import BaseChannelLayer, unregister_channel_layer
from fast_channels.layers.redis import RedisChannelLayer
from fastapi import FastAPI
from structlog.testing import capture_logs

from chanx.core.connection.resilience import resilient_receive
from chanx.ext.fast_channels.layers import create_redis_layer
from chanx.ext.fast_channels.testing import WebsocketCommunicator, isolated_channel_layer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.services import require_redis

BLOCKING_READ = 1  # seconds: the layer's blocking read, shortened so the test idles 4 of them
IDLE = 4.5


def prefix() -> str:
    return f"chanx-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def short_read_layer() -> AsyncIterator[BaseChannelLayer]:
    layer = create_redis_layer(require_redis(), prefix=prefix(), blocking_read_timeout=1)
    with isolated_channel_layer(layer=layer):
        try:
            yield layer
        finally:
            await layer.flush()


class _Consumer:
    def __init__(self, layer: Any, channel: str) -> None:
        self.groups: list[str] = []
        self.channel_layer = layer
        self.channel_name = channel
        self._closed_for_frames = False

    def member_groups(self) -> list[str]:
        return list(self.groups)


async def test_receive_ends_when_the_layer_swallows_its_cancellation(
    short_read_layer: BaseChannelLayer,
) -> None:
    channel = await short_read_layer.new_channel()

    async def swallowing_receive() -> Any:
        # What redis-py did: the cancellation is lost inside a read, a timeout comes later.
        try:
            return await short_read_layer.receive(channel)
        except asyncio.CancelledError:
            await asyncio.sleep(0.05)
            raise TimeoutError("Timeout reading from socket") from None

    task = asyncio.ensure_future(
        resilient_receive(_Consumer(short_read_layer, channel), swallowing_receive)()
    )
    await asyncio.sleep(0.2)  # blocked in the layer's read
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=10)
    if not done:  # the defect: still retrying; stop it for good before failing
        task.cancel()
    assert task in done
    assert task.cancelled()


async def test_no_task_outlives_closed_connections(
    short_read_layer: BaseChannelLayer, chat_app: FastAPI
) -> None:
    baseline = asyncio.all_tasks()
    clients = [
        WebsocketCommunicator(chat_app, "/ws/chat/blue", consumer=ChatConsumer) for _ in range(4)
    ]
    for client in clients:
        assert (await client.connect())[0]
        await client.send_message(PingMessage())  # answered once the room is joined
        assert await client.receive_all_messages() == [PongMessage()]
    await clients[0].send_message(ChatMessage(payload=ChatText(text="hello")))
    for client in clients:
        assert await client.receive_all_messages(stop_action="group_complete", timeout=5)
    for client in clients:
        await client.disconnect()
    left: set[asyncio.Task[Any]] = set()
    for _ in range(100):  # bounded: up to 5 s for cleaners to finish
        left = {t for t in asyncio.all_tasks() - baseline if not t.done()}
        if not left:
            break
        await asyncio.sleep(0.05)
    assert left == set()


async def test_an_idle_connection_logs_nothing_and_rejoins_nothing(
    short_read_layer: BaseChannelLayer, chat_app: FastAPI
) -> None:
    with capture_logs() as logs:
        async with WebsocketCommunicator(
            chat_app, "/ws/chat/idle", consumer=ChatConsumer
        ) as client:
            await asyncio.sleep(IDLE)  # several blocking reads come back empty meanwhile
            await ChatConsumer.broadcast_event(
                Announce(payload="hi"), ChatConsumer.room_group("idle")
            )
            assert await client.receive_all_messages(stop_action="event_complete", timeout=5) == [
                Announcement(payload="hi")
            ]
    layer_events = [e for e in logs if "layer" in str(e.get("event", "")).lower()]
    assert [e for e in logs if e.get("log_level") == "warning"] == []
    assert layer_events == []


async def test_socket_timeout_equal_to_the_blocking_read_is_what_made_idle_noisy(
    chat_app: FastAPI,
) -> None:
    # The old configuration, scaled down: both timeouts equal (redis-py's and the layer's 5 s).
    layer = RedisChannelLayer(
        hosts=[{"address": require_redis(), "socket_timeout": BLOCKING_READ}], prefix=prefix()
    )
    layer.brpop_timeout = BLOCKING_READ
    with isolated_channel_layer(layer=layer), capture_logs() as logs:
        async with WebsocketCommunicator(chat_app, "/ws/chat/noisy", consumer=ChatConsumer):
            await asyncio.sleep(IDLE)
    assert any(e["event"] == "Channel layer receive failed; retrying" for e in logs)


class _FlakyDiscard:
    """A real Redis layer whose first ``group_discard`` fails (a connection gone stale)."""

    def __init__(self, layer: Any) -> None:
        self._layer = layer
        self.failures = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._layer, name)

    async def group_discard(self, group: str, channel: str) -> None:
        if self.failures == 0:
            self.failures += 1
            raise ConnectionError("Connection closed by server.")
        await self._layer.group_discard(group, channel)


async def test_leaving_a_group_is_retried(short_read_layer: Any) -> None:
    from chanx.core.connection.resilience import leave_groups

    channel = await short_read_layer.new_channel()
    await short_read_layer.group_add("leavers", channel)
    key = short_read_layer._group_key("leavers")
    redis = short_read_layer.connection(0)
    assert await redis.zcard(key) == 1
    consumer = _Consumer(_FlakyDiscard(short_read_layer), channel)
    consumer.groups = ["leavers"]
    assert await leave_groups(consumer) == []
    assert consumer.channel_layer.failures == 1
    assert await redis.zcard(key) == 0


def test_register_redis_layer_uses_the_resilient_host() -> None:
    from chanx.ext.fast_channels.layers import register_redis_layer

    layer: Any = register_redis_layer(
        require_redis(), alias="chanx-test-resilient", prefix=prefix()
    )
    unregister_channel_layer("chanx-test-resilient")
    host = layer.hosts[0]
    assert host["socket_timeout"] > layer.brpop_timeout
    assert host["retry"] is not None and host["retry_on_error"]
