"""Structured logging of frames and failures, on both adapters."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
import structlog

from chanx.core.wire import frame_log
from chanx.messages.incoming import PingMessage
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import Boom, build


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


async def test_frames_are_not_logged_by_default(adapter: Adapter) -> None:
    """Per-frame records are opt-in on both adapters: a production log gets none per frame."""
    consumers = build(adapter.Consumer)

    class Defaults(consumers.Echo):  # type: ignore[name-defined,misc]
        log_websocket_message = None  # the settings' default decides

    with structlog.testing.capture_logs() as logs:
        async with adapter.communicator(Defaults) as comm:
            for _ in range(3):
                await comm.send_message(PingMessage())
                await comm.receive_all_json()
    assert [e for e in _events(logs) if e.startswith("Websocket")] == []


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


async def test_filtered_out_logging_builds_no_records(
    adapter: Adapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``log_websocket_message`` on, info filtered out: no context, no id, no record per frame."""
    consumers = build(adapter.Consumer)
    calls: list[str] = []

    def bind(action: Any) -> dict[str, Any]:
        calls.append("bind")
        return {}

    monkeypatch.setattr(frame_log, "bind_received", bind)
    monkeypatch.setattr(frame_log, "log_sent", lambda action: calls.append("sent"))

    class Logged(consumers.Echo):  # type: ignore[name-defined,misc]
        log_websocket_message = True

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    try:
        async with adapter.communicator(Logged) as comm:
            await comm.send_message(PingMessage())
            assert len(await comm.receive_all_json()) == 2
        assert calls == []
    finally:
        structlog.reset_defaults()
    async with adapter.communicator(Logged) as comm:
        await comm.send_message(PingMessage())
        assert len(await comm.receive_all_json()) == 2
    assert calls == ["bind", "sent"]


def test_info_enabled_follows_the_logging_configuration() -> None:
    try:
        assert frame_log.info_enabled()
        structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
        assert not frame_log.info_enabled()
        structlog.configure(
            wrapper_class=structlog.stdlib.BoundLogger,
            logger_factory=structlog.stdlib.LoggerFactory(),
        )
        stdlib_logger = logging.getLogger("chanx")
        previous = stdlib_logger.level
        stdlib_logger.setLevel(logging.WARNING)
        try:
            assert not frame_log.info_enabled()
            stdlib_logger.setLevel(logging.INFO)
            assert frame_log.info_enabled()
        finally:
            stdlib_logger.setLevel(previous)
    finally:
        structlog.reset_defaults()
