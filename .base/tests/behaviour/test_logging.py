"""Structured logging of frames and failures, on both adapters."""

from collections.abc import Mapping, Sequence
from typing import Any

import structlog

from chanx.messages.incoming import PingMessage
from tests.behaviour.consumers import Boom, build
from tests.conftest import Adapter


def _events(logs: Sequence[Mapping[str, Any]]) -> list[str]:
    return [entry["event"] for entry in logs]


async def test_frames_logged_when_enabled_and_completion_never(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Logged(consumers.Echo):  # type: ignore[name-defined,misc]
        log_websocket_message = True

    with structlog.testing.capture_logs() as logs:
        async with adapter.communicator(Logged) as comm:
            await comm.send_message(PingMessage())
            assert [f["action"] for f in await comm.receive_all_json()] == ["pong", "complete"]
    received = [e for e in logs if e["event"] == "Websocket received"]
    sent = [e for e in logs if e["event"] == "Websocket sent"]
    assert len(received) == 1
    assert [e["sent_action"] for e in sent] == ["pong"]


async def test_ignored_actions_not_logged(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Quiet(consumers.Echo):  # type: ignore[name-defined,misc]
        log_websocket_message = True
        log_ignored_actions = ["ping", "pong"]

    with structlog.testing.capture_logs() as logs:
        async with adapter.communicator(Quiet) as comm:
            await comm.send_message(PingMessage())
            await comm.receive_all_json()
    assert "Websocket received" not in _events(logs)
    assert "Websocket sent" not in _events(logs)


async def test_nothing_logged_per_frame_when_disabled(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    with structlog.testing.capture_logs() as logs:
        async with adapter.communicator(consumers.Echo) as comm:
            await comm.send_message(PingMessage())
            await comm.receive_all_json()
    assert _events(logs) == ["Disconnecting websocket"]


async def test_handler_error_logged_with_action_and_consumer(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    with structlog.testing.capture_logs() as logs:
        async with adapter.communicator(consumers.Echo) as comm:
            await comm.send_message(Boom())
            await comm.receive_all_json()
    [entry] = [e for e in logs if e["event"].startswith("Handler error")]
    assert entry["event"] == "Handler error for action 'boom': secret internal detail"
    assert entry["consumer"] == "EchoConsumer"
    assert entry["log_level"] == "error"
    exc_type, exc, _traceback = entry["exc_info"]
    assert exc_type is RuntimeError and str(exc) == "secret internal detail"
