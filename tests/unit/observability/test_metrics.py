"""Metrics on: frames, handler errors and open connections reach the Prometheus registry."""

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer
from channels.testing import WebsocketCommunicator
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from chanx import observability
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.consumer import ChanxWebsocketConsumerMixin
from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.observability import state
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import build


class Echo(ChanxWebsocketConsumerMixin, ChannelsJsonConsumer):  # type: ignore[misc]
    channel_layer_alias = "default"
    send_completion = False
    log_websocket_message = False

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class Broken(Echo):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        raise RuntimeError("boom")


@pytest.fixture
def registry() -> Iterator[CollectorRegistry]:
    reg = CollectorRegistry()
    observability.enable(registry=reg)
    yield reg
    observability.disable()


def samples(reg: CollectorRegistry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = generate_latest(reg).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_off_by_default() -> None:
    assert state.active is None


async def test_frames_errors_and_connections_are_counted(registry: CollectorRegistry) -> None:
    ok = WebsocketCommunicator(Echo.as_asgi(), "/ws")
    bad = WebsocketCommunicator(Broken.as_asgi(), "/ws")
    assert (await ok.connect())[0]
    assert (await bad.connect())[0]
    got = samples(registry)
    assert got[("chanx_open_connections", (("consumer", "Echo"),))] == 1
    assert got[("chanx_open_connections", (("consumer", "Broken"),))] == 1
    for _ in range(3):
        await ok.send_json_to({"action": "ping"})
        assert await ok.receive_json_from() == {"action": "pong", "payload": None}
    await bad.send_json_to({"action": "ping"})
    assert (await bad.receive_json_from())["action"] == "error"
    await ok.disconnect()
    await bad.disconnect()
    got = samples(registry)
    ok_labels = (("action", "ping"), ("consumer", "Echo"), ("outcome", "ok"))
    bad_labels = (("action", "ping"), ("consumer", "Broken"), ("outcome", "handler_error"))
    assert got[("chanx_frames_received_total", ok_labels)] == 3
    assert got[("chanx_frames_received_total", bad_labels)] == 1
    assert got[("chanx_errors_total", (("consumer", "Broken"), ("kind", "handler_error")))] == 1
    assert (
        got[("chanx_handler_duration_seconds_count", (("action", "ping"), ("consumer", "Echo")))]
        == 3
    )
    assert got[("chanx_open_connections", (("consumer", "Echo"),))] == 0
    assert got[("chanx_open_connections", (("consumer", "Broken"),))] == 0


def test_the_core_imports_nothing_optional() -> None:
    # The redis client imports opentelemetry by itself when it is installed: what matters is
    # that chanx loads neither its metrics module nor prometheus_client until enabled.
    code = (
        "import sys, chanx.core.consumer, chanx.observability;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'prometheus_client'"
        " or m == 'chanx.observability.metrics'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


class RefuseAll(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        return False


class CrashAll(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        raise RuntimeError("auth backend down")


async def test_refusals_by_reason_and_close_codes(
    adapter: Adapter, registry: CollectorRegistry
) -> None:
    consumers = build(adapter.Consumer)

    class Refused(consumers.Quiet):  # type: ignore[name-defined,misc]
        authenticator_class = RefuseAll

    class Crashed(consumers.Quiet):  # type: ignore[name-defined,misc]
        authenticator_class = CrashAll

    for consumer in (Refused, Crashed):
        comm = adapter.communicator(consumer)
        try:
            await comm.connect()
            assert (await comm.receive_output())["type"] == "websocket.close"
        finally:
            await comm.disconnect()
    async with adapter.communicator(consumers.Quiet) as comm:
        await comm.send_to(bytes_data=b"binary")
        assert (await comm.receive_json_from())["action"] == "error"
    got = samples(registry)
    connects = "chanx_connects_total"
    assert got[(connects, (("consumer", "Refused"), ("outcome", "unauthenticated")))] == 1
    assert got[(connects, (("consumer", "Crashed"), ("outcome", "authenticator_error")))] == 1
    assert got[(connects, (("consumer", "QuietConsumer"), ("outcome", "accepted")))] == 1
    closes = "chanx_closes_total"
    assert got[(closes, (("by", "server"), ("code", "1000"), ("consumer", "Refused")))] == 1
    assert got[(closes, (("by", "server"), ("code", "1011"), ("consumer", "Crashed")))] == 1
    assert got[(closes, (("by", "client"), ("code", "1000"), ("consumer", "QuietConsumer")))] == 1
    errors = "chanx_errors_total"
    assert got[(errors, (("consumer", "QuietConsumer"), ("kind", "refused")))] == 1
    assert ("chanx_open_connections", (("consumer", "Refused"),)) not in got
