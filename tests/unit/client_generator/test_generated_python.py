"""The generated Python client: static checks and runtime behaviour against a scripted server."""

import asyncio
import json
import socket
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from websockets.asyncio.server import ServerConnection, serve

from chanx.client_generator.generator import ruff_command
from tests.unit.client_generator.conftest import mypy_strict, python_checks, run

Make = Callable[..., tuple[Path, ModuleType | None]]


def test_reference_client_passes_ruff_and_mypy_strict(
    make_package: Make, reference_doc: dict[str, Any], mypy_cache: Path
) -> None:
    path, _ = make_package(reference_doc, import_it=False)
    python_checks(path, mypy_cache)


def test_unformatted_output_is_still_valid(
    make_package: Make, reference_doc: dict[str, Any], mypy_cache: Path
) -> None:
    path, package = make_package(reference_doc, format=False)
    assert package is not None and package.__version__ == "2.1.0"
    mypy_strict(path, mypy_cache)


def _echo_module(package: ModuleType) -> tuple[type[Any], ModuleType]:
    return sys.modules[f"{package.__name__}.echo.client"].EchoClient, sys.modules[
        f"{package.__name__}.echo.messages"
    ]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Script:
    """A scripted WebSocket server: records frames and headers, answers per connection."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        self.headers: list[dict[str, str]] = []
        self.connections = 0
        self.fail_first = False

    async def handler(self, ws: ServerConnection) -> None:
        self.connections += 1
        assert ws.request is not None
        self.headers.append(dict(ws.request.headers.raw_items()))
        if self.connections == 1 and self.fail_first:
            await ws.close(1011, "try again")
            return
        async for frame in ws:
            data = json.loads(frame)
            self.received.append(data)
            if data["action"] == "echo":
                await ws.send(json.dumps({"action": "echo_reply", "payload": data["payload"]}))
                await ws.send(json.dumps({"action": "unknown", "payload": 1}))
                await ws.send("not json")
                await ws.send(json.dumps({"action": "server_notice", "payload": "bye"}))


@pytest.fixture
async def script() -> AsyncIterator[tuple[Script, str]]:
    scripted = Script()
    async with serve(scripted.handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield scripted, f"127.0.0.1:{port}"


async def test_typed_send_validated_dispatch_and_hooks(
    make_package: Make, reference_doc: dict[str, Any], script: tuple[Script, str]
) -> None:
    scripted, address = script
    _, package = make_package(reference_doc)
    assert package is not None
    echo_client, messages = _echo_module(package)
    seen: list[Any] = []

    class Client(echo_client):  # type: ignore[misc, valid-type]
        async def send_init_message(self) -> None:
            await self.send_echo(messages.EchoPayload(text="hi", count=2))

        async def on_echo_reply(self, message: Any) -> None:
            seen.append(message)

        async def handle_invalid_message(self, obj: Any) -> None:
            seen.append(("invalid", obj))

        async def handle_raw_data(self, data: str) -> None:
            seen.append(("raw", data))

        async def on_server_notice(self, message: Any) -> None:
            seen.append(message)
            await self.disconnect()

        async def after_handle(self) -> None:
            seen.append("closed")

    client = Client(address, headers={"X-Token": "secret"})
    assert client.url == f"ws://{address}/ws/echo"
    await asyncio.wait_for(client.handle(), 10)
    assert scripted.received == [{"action": "echo", "payload": {"text": "hi", "count": 2}}]
    assert scripted.headers[0]["X-Token"] == "secret"
    reply, invalid, raw, notice, closed = seen
    assert isinstance(reply, messages.EchoReply) and reply.payload.count == 2
    assert invalid == ("invalid", {"action": "unknown", "payload": 1})
    assert raw == ("raw", "not json")
    assert isinstance(notice, messages.ServerNotice) and notice.payload == "bye"
    assert closed == "closed"


async def test_reconnects_with_backoff_after_abnormal_close(
    make_package: Make, reference_doc: dict[str, Any], script: tuple[Script, str]
) -> None:
    scripted, address = script
    scripted.fail_first = True
    _, package = make_package(reference_doc)
    assert package is not None
    echo_client, messages = _echo_module(package)
    delays: list[float] = []

    class Client(echo_client):  # type: ignore[misc, valid-type]
        def backoff_delay(self, attempt: int) -> float:
            delays.append(super().backoff_delay(attempt))
            return 0.01

        async def send_init_message(self) -> None:
            await self.send_echo(messages.EchoPayload(text="again"))

        async def on_server_notice(self, message: Any) -> None:
            await self.disconnect()

    await asyncio.wait_for(Client(address, reconnect=True, backoff_initial=0.5).handle(), 10)
    assert scripted.connections == 2
    assert delays == [0.5]
    assert scripted.received == [{"action": "echo", "payload": {"text": "again", "count": 1}}]


async def test_connection_errors_and_backoff_schedule(
    make_package: Make, reference_doc: dict[str, Any]
) -> None:
    _, package = make_package(reference_doc)
    assert package is not None
    echo_client, _ = _echo_module(package)
    errors: list[BaseException] = []

    class Client(echo_client):  # type: ignore[misc, valid-type]
        def backoff_delay(self, attempt: int) -> float:
            return 0.0

        async def handle_websocket_connection_error(self, error: BaseException) -> None:
            errors.append(error)

    client = Client(f"127.0.0.1:{closed_port()}", reconnect=True, max_retries=2)
    await asyncio.wait_for(client.handle(), 10)
    assert len(errors) == 1 and isinstance(errors[0], OSError)
    schedule = echo_client("h", backoff_initial=0.5, backoff_factor=2, backoff_max=3)
    assert [schedule.backoff_delay(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    with pytest.raises(RuntimeError, match="Not connected"):
        await schedule.send_raw("x")


def test_url_building(make_package: Make, reference_doc: dict[str, Any]) -> None:
    _, package = make_package(reference_doc)
    assert package is not None
    room = package.RoomChatClient
    assert (
        room("example.com", protocol="wss", path_params={"room_name": "a/b"}).url
        == "wss://example.com/ws/chat/a%2Fb"
    )
    assert room("ws://h:1/", path_params={"room_name": "x"}).url == "ws://h:1/ws/chat/x"
    with pytest.raises(ValueError, match="Missing path parameters"):
        room("h")


async def test_handler_errors_propagate_and_are_not_retried(
    make_package: Make, reference_doc: dict[str, Any], script: tuple[Script, str]
) -> None:
    scripted, address = script
    _, package = make_package(reference_doc)
    assert package is not None
    echo_client, messages = _echo_module(package)

    class Client(echo_client):  # type: ignore[misc, valid-type]
        async def send_init_message(self) -> None:
            await self.send_echo(messages.EchoPayload(text="x"))

        async def on_echo_reply(self, message: Any) -> None:
            raise ConnectionResetError("a bug in the handler, not the network")

    with pytest.raises(ConnectionResetError, match="a bug in the handler"):
        await asyncio.wait_for(Client(address, reconnect=True).handle(), 10)
    assert scripted.connections == 1


async def test_an_init_message_error_ends_handle_and_is_not_retried(
    make_package: Make, reference_doc: dict[str, Any], script: tuple[Script, str]
) -> None:
    """``send_init_message`` runs in its own task; what it raises still ends ``handle()``."""
    scripted, address = script
    _, package = make_package(reference_doc)
    assert package is not None
    echo_client, _messages = _echo_module(package)

    class Client(echo_client):  # type: ignore[misc, valid-type]
        async def send_init_message(self) -> None:
            raise ConnectionResetError("a bug in the init message")

    with pytest.raises(ConnectionResetError, match="a bug in the init message"):
        await asyncio.wait_for(Client(address, reconnect=True).handle(), 10)
    assert scripted.connections == 1


def test_output_is_formatted_without_a_ruff_binary_on_path(
    make_package: Make,
    reference_doc: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert ruff_command() == [sys.executable, "-m", "ruff"]
    path, _ = make_package(reference_doc, import_it=False)
    monkeypatch.undo()
    ruff = [sys.executable, "-m", "ruff"]
    # Default rules and the formatter's own check: what a user's unconfigured ruff says.
    run([*ruff, "check", "--isolated", path.name], path.parent)
    run([*ruff, "format", "--isolated", "--check", path.name], path.parent)
