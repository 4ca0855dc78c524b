"""A fast-channels app's set-up mistakes: one clear log line when serving starts."""

import asyncio
import socket
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from fast_channels.layers import register_channel_layer, unregister_channel_layer
from structlog.testing import capture_logs

from chanx.core.decorators import ws_handler
from chanx.fast_channels.layers import create_redis_layer
from chanx.fast_channels.setup_checks import _probes, check_layer_once, forget_checks
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.services import require_redis


class Pinger(AsyncJsonWebsocketConsumer):
    channel_layer_alias = "setup-check"

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class OtherPinger(Pinger):
    pass


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    forget_checks()
    yield
    forget_checks()
    unregister_channel_layer("setup-check")


@pytest.fixture
def closed_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


async def _ping(consumer: type[Pinger]) -> None:
    async with WebsocketCommunicator(consumer.as_asgi(), "/ws", consumer=consumer) as client:
        await client.send_message(PingMessage())
        assert await client.receive_all_messages() == [PongMessage()]


async def _settled() -> None:
    # The reachability probe runs beside the connection; wait for it (bounded by its timeout).
    if _probes:
        await asyncio.wait_for(asyncio.gather(*_probes), 5)


def _warnings(logs: list[MutableMapping[str, Any]]) -> list[str]:
    return [str(entry["event"]) for entry in logs if entry["log_level"] == "warning"]


async def test_unregistered_alias_is_one_line_for_the_whole_process() -> None:
    with capture_logs() as logs:
        await _ping(Pinger)
        await _ping(Pinger)
        await _ping(OtherPinger)
    [line] = _warnings(logs)
    assert "'setup-check' is not registered" in line and "register_channel_layer" in line


async def test_unreachable_redis_layer_is_one_line(closed_port: int) -> None:
    register_channel_layer("setup-check", create_redis_layer(f"redis://127.0.0.1:{closed_port}/0"))
    with capture_logs() as logs:
        check_layer_once(Pinger)
        check_layer_once(OtherPinger)
        await _settled()
    [line] = _warnings(logs)
    assert "its Redis does not answer" in line and "'setup-check'" in line


async def test_reachable_redis_layer_says_nothing() -> None:
    register_channel_layer("setup-check", create_redis_layer(require_redis()))
    with capture_logs() as logs:
        await _ping(Pinger)
        await _settled()
    assert _warnings(logs) == []
