"""Channels' per-message ``close_old_connections`` hop: kept when it has work, skipped when not.

The consumer is driven with asgiref's plain ``ApplicationCommunicator``: Channels' test
communicator replaces ``close_old_connections`` with a no-op, which would hide the behaviour.
"""

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal, Protocol

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from channels import db as channels_db
from django.db import connections

from chanx.channels import db_connections
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import channel, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class Touch(BaseMessage):
    action: Literal["touch"] = "touch"
    payload: str


class IsOpen(BaseMessage):
    action: Literal["is_open"] = "is_open"
    payload: str


class Touched(BaseMessage):
    action: Literal["touched"] = "touched"
    payload: bool


def _open(alias: str) -> None:
    connections[alias].ensure_connection()


def _is_open(alias: str) -> bool:
    return connections[alias].connection is not None


@channel(name="db")
class DbConsumer(AsyncJsonWebsocketConsumer):
    send_completion = False

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler
    async def touch(self, message: Touch) -> Touched:
        """Open a connection in the thread-sensitive executor, as the async ORM does."""
        await sync_to_async(_open)(message.payload)
        return Touched(payload=True)

    @ws_handler
    async def is_open(self, message: IsOpen) -> Touched:
        return Touched(payload=await sync_to_async(_is_open)(message.payload))


@pytest.fixture
def cleanup_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Each real ``close_old_connections`` run: whether the executor thread had a connection."""
    calls: list[bool] = []
    real = channels_db.close_old_connections

    def spy() -> None:
        calls.append(any(c.connection is not None for c in connections.all(initialized_only=True)))
        real()

    monkeypatch.setattr(channels_db, "close_old_connections", spy)
    yield calls


class OpensOnDisconnect(DbConsumer):
    async def disconnect(self, code: int) -> None:
        await sync_to_async(_open)("files")


class _Communicator(Protocol):
    """The part of asgiref's (unannotated) ``ApplicationCommunicator`` used here."""

    async def send_input(self, message: dict[str, Any]) -> None: ...
    async def receive_output(self, timeout: float = 1) -> dict[str, Any]: ...
    async def wait(self, timeout: float = 1) -> None: ...


class Client:
    """A connection to a consumer through asgiref's plain communicator."""

    def __init__(self, consumer: type[DbConsumer]) -> None:
        self.comm: _Communicator = ApplicationCommunicator(  # type: ignore[no-untyped-call]
            consumer.as_asgi(), {"type": "websocket", "path": "/db", "headers": []}
        )

    async def connect(self) -> None:
        await self.comm.send_input({"type": "websocket.connect"})
        assert (await self.comm.receive_output(2))["type"] == "websocket.accept"

    async def __call__(self, action: str, payload: str | None = None) -> Any:
        frame: dict[str, Any] = {"action": action}
        if payload is not None:
            frame["payload"] = payload
        await self.comm.send_input({"type": "websocket.receive", "text": json.dumps(frame)})
        reply = await self.comm.receive_output(2)
        return json.loads(reply["text"])

    async def disconnect(self) -> None:
        await self.comm.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.comm.wait(2)


@pytest.fixture
async def consumer() -> AsyncIterator[Client]:
    client = Client(DbConsumer)
    await client.connect()
    yield client
    await client.disconnect()


async def test_no_hop_while_no_connection_is_open(consumer: Any, cleanup_calls: list[bool]) -> None:
    await consumer("ping")  # the first frame may still have to look
    cleanup_calls.clear()
    for _ in range(5):
        assert await consumer("ping") == {"action": "pong", "payload": None}
    assert cleanup_calls == []
    assert not db_connections.cleanup_needed()


async def test_disconnect_skips_the_hop_when_nothing_is_open(cleanup_calls: list[bool]) -> None:
    client = Client(DbConsumer)
    await client.connect()
    await client("ping")
    cleanup_calls.clear()
    await client.disconnect()
    assert cleanup_calls == []


@pytest.mark.django_db(transaction=True, databases=["default", "files"])
async def test_connection_opened_in_disconnect_is_closed_after_it(
    cleanup_calls: list[bool],
) -> None:
    client = Client(OpensOnDisconnect)
    await client.connect()
    await client("ping")
    cleanup_calls.clear()
    await client.disconnect()
    assert cleanup_calls == [True]  # after disconnect(), as Channels does
    assert not await sync_to_async(_is_open)("files")


@pytest.mark.django_db(transaction=True, databases=["default", "files"])
async def test_connection_a_handler_opened_is_closed_before_the_next_frame(
    consumer: Any, cleanup_calls: list[bool]
) -> None:
    await consumer("ping")
    cleanup_calls.clear()

    assert await consumer("touch", "files") == {"action": "touched", "payload": True}
    assert db_connections.cleanup_needed()
    # The next frame's dispatch closes it first (CONN_MAX_AGE=0), as Channels does.
    assert await consumer("is_open", "files") == {"action": "touched", "payload": False}
    assert cleanup_calls == [True]
    # Nothing open any more: the frames after that skip the hop again.
    await consumer("ping")
    await consumer("ping")
    assert cleanup_calls == [True]


@pytest.mark.django_db(transaction=True, databases=["default"])
async def test_hop_runs_on_every_frame_while_a_connection_stays_open(
    consumer: Any, cleanup_calls: list[bool]
) -> None:
    # Django never closes an in-memory sqlite connection, as with persistent connections.
    await consumer("touch", "default")
    cleanup_calls.clear()
    for _ in range(3):
        await consumer("ping")
    assert cleanup_calls == [True, True, True]
    assert await consumer("is_open", "default") == {"action": "touched", "payload": True}


async def test_connection_created_in_another_thread_makes_the_next_frame_look(
    consumer: Any, cleanup_calls: list[bool]
) -> None:
    await consumer("ping")
    cleanup_calls.clear()
    db_connections._note_connection_created()  # what Django's connection_created sends
    await consumer("ping")
    await consumer("ping")
    assert cleanup_calls == [False]


async def test_a_patched_channels_hop_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    """Suites written for plain Channels stub ``channels.consumer.aclose_old_connections``."""
    from channels import consumer as channels_consumer
    from channels.generic import websocket as channels_websocket

    calls: list[str] = []

    def stub(name: str) -> Any:
        async def hop() -> None:
            calls.append(name)

        return hop

    monkeypatch.setattr(channels_consumer, "aclose_old_connections", stub("dispatch"))
    monkeypatch.setattr(channels_websocket, "aclose_old_connections", stub("disconnect"))
    client = Client(DbConsumer)
    await client.connect()
    await client("ping")
    await client("ping")
    await client.disconnect()
    # Where Channels calls each: before every event (connect, two frames, disconnect), and
    # once more after ``disconnect()``.
    assert calls == ["dispatch"] * 4 + ["disconnect"]
