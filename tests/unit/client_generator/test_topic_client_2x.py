"""The generated Python client keeps the 2.x topic runtime API, against a live server.

2.x code builds handles with ``connection.topic(Handle, **params)`` (or a generated factory
method), subscribes them with ``handle.subscribe()``, sends with ``send_topic`` /
``handle.send_message`` (no ref) and ``request`` (refs ``"1"``, ``"2"``, ...), gets the
connection's own frames in ``dispatch_frame``, renews with ``resubscribe()`` and opens the
connection with ``async with``. The offline tests pin the dispatch rules frame by frame.
"""

import asyncio
import json
import sys
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

from chanx.client_generator.base.topic_client import (
    BaseTopicConnection,
    BaseTopicHandle,
    ProtocolMessage,
)


async def _until(check: Any, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


def _recording(connection_class: type[Any]) -> type[Any]:
    """A subclass that records every JSON frame it sends and its own (topic-less) frames."""

    class Recording(connection_class):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.sent: list[dict[str, Any]] = []
            self.own: list[dict[str, Any]] = []

        async def send_json(self, data: Any) -> None:
            self.sent.append(dict(data))
            await super().send_json(data)

        async def dispatch_frame(self, frame: dict[str, Any]) -> None:
            self.own.append(frame)
            await super().dispatch_frame(frame)

    return Recording


def test_generated_names(topic_client: ModuleType) -> None:
    assert topic_client.BoardNotesTopicClient is topic_client.BoardNotesTopic
    messages = sys.modules["topic_live_client.board_notes_topic.messages"]
    assert topic_client.BoardNotesTopicClient.incoming_message is messages.IncomingMessage
    assert topic_client.BoardNotesTopicClient.pattern == "notes:{board}"
    board_messages = sys.modules["topic_live_client.board.messages"]
    assert topic_client.BoardClient.incoming_message is board_messages.IncomingMessage
    handle = topic_client.BoardNotesTopicClient(topic_client.BoardClient("localhost:1"), board=3)
    assert handle.topic == "notes:3" and handle.params == {"board": 3}


async def test_topic_handles_requests_and_own_frames(
    topic_demo_server: str, topic_client: ModuleType
) -> None:
    messages = sys.modules["topic_live_client.board_notes_topic.messages"]
    pushed: list[Any] = []

    class Notes(topic_client.BoardNotesTopicClient):  # type: ignore[misc, name-defined]
        async def handle_message(self, message: Any) -> None:
            pushed.append(message)

    async with _recording(topic_client.BoardClient)(topic_demo_server) as connection:
        notes = connection.topic(Notes, board="x")
        assert connection.handles == {"notes:x": notes} and connection.handles is connection.topics

        reply = await notes.subscribe()
        assert reply.action == "subscribed"
        assert connection.sent[-1] == {
            "action": "subscribe",
            "version": 1,
            "topic": "notes:x",
            "ref": "1",
        }
        saved = await notes.request(messages.Note(payload="hi"))
        assert saved == messages.NoteSaved(payload="HI")
        assert connection.sent[-1]["ref"] == "2"
        await _until(lambda: messages.NoteAdded(payload="hi") in pushed)

        # A send without ref: the reply carries the topic and no ref, so the handle gets it.
        await notes.send_message(messages.Note(payload="plain"))
        assert "ref" not in connection.sent[-1] and connection.sent[-1]["topic"] == "notes:x"
        await _until(lambda: messages.NoteSaved(payload="PLAIN") in pushed)

        # send_topic copies the data and stamps the envelope (ref only when given).
        data = {"action": "note", "payload": "raw"}
        await connection.send_topic("notes:x", data, ref="custom")
        assert data == {"action": "note", "payload": "raw"}
        assert connection.sent[-1] == {**data, "version": 1, "topic": "notes:x", "ref": "custom"}
        await _until(lambda: messages.NoteSaved(payload="RAW") in pushed)

        frame = await connection.request("notes:x", {"action": "note", "payload": "r"})
        assert frame["action"] == "note_saved" and frame["ref"] == "3"

        # A refused subscription answers an error reply (2.x: returned, not raised).
        private = connection.notes_topic(board="private")
        refused = await private.subscribe()
        assert refused.action == "error"
        assert refused.payload["reason"] == "unauthorized"

        # Frames without topic are the connection's own.
        await connection.send_ping()
        await _until(lambda: any(f.get("action") == "pong" for f in connection.own))

        # resubscribe(): every registered handle, one after another, replies awaited.
        before = len(connection.sent)
        await connection.resubscribe()
        again = connection.sent[before:]
        assert [(f["action"], f["topic"]) for f in again] == [
            ("subscribe", "notes:x"),
            ("subscribe", "notes:private"),
        ]
        assert [int(f["ref"]) for f in again] == [5, 6]

        left = await notes.unsubscribe()
        assert left.action == "unsubscribed"
        assert "notes:x" not in connection.handles
    assert connection.connection is None


async def test_send_init_message_may_await_replies(
    topic_demo_server: str, topic_client: ModuleType
) -> None:
    """``handle()`` runs ``send_init_message`` in a task: a subscribe there gets its reply."""
    replies: list[Any] = []

    class Client(topic_client.BoardClient):  # type: ignore[misc, name-defined]
        async def send_init_message(self) -> None:
            replies.append(await self.notes_topic(board="init").subscribe(timeout=5))

    client = Client(topic_demo_server)
    task = asyncio.create_task(client.handle())
    try:
        await _until(lambda: replies != [])
        assert replies[0].action == "subscribed"
        assert client.handles["notes:init"].subscribed
    finally:
        await client.disconnect()
        await asyncio.wait_for(task, 15)


class Say(BaseModel):
    action: str = "say"
    payload: str


class Handle(BaseTopicHandle[Any, Any]):
    pattern = "room:{pk}"


class Connection(BaseTopicConnection[Any, Any]):
    def __init__(self) -> None:
        super().__init__("localhost:1")
        self.sent: list[dict[str, Any]] = []
        self.own: list[dict[str, Any]] = []
        self.invalid: list[Any] = []

    async def send_json(self, data: Any) -> None:
        self.sent.append(data)

    async def dispatch_frame(self, frame: dict[str, Any]) -> None:
        self.own.append(frame)

    async def handle_invalid_message(self, obj: Any) -> None:
        self.invalid.append(obj)


class Recorder(Handle):
    def __init__(self, connection: Any, /, **params: object) -> None:
        super().__init__(connection, **params)
        self.frames: list[dict[str, Any]] = []

    async def dispatch(self, frame: dict[str, Any]) -> None:
        self.frames.append(frame)


async def test_dispatch_rules_offline() -> None:
    connection = Connection()
    handle = connection.topic(Recorder, pk=1)
    other = connection.topic(Recorder, pk=2)
    assert handle.topic == "room:1" and Handle.parameter_names() == ("pk",)

    request = asyncio.create_task(connection.request("room:1", {"action": "x"}, timeout=5))
    await _until(lambda: connection.sent != [])
    assert connection.sent[0] == {"action": "x", "version": 1, "topic": "room:1", "ref": "1"}
    # 1. The first frame whose ref (compared as text) is pending resolves the request, alone.
    await connection._receive(json.dumps({"action": "y", "topic": "room:1", "ref": 1}))
    assert (await request)["action"] == "y"
    assert handle.frames == []
    # The same ref again is no longer pending: it goes by topic.
    await connection._receive(json.dumps({"action": "z", "topic": "room:1", "ref": "1"}))
    assert [f["action"] for f in handle.frames] == ["z"]
    # 2. A frame with topic goes to that exact handle; an unknown topic is dropped.
    await connection._receive(json.dumps({"action": "w", "topic": "room:2"}))
    await connection._receive(json.dumps({"action": "v", "topic": "room:3"}))
    assert [f["action"] for f in other.frames] == ["w"]
    assert connection.own == [] and connection.invalid == []
    # 3. Anything else is the connection's own.
    await connection._receive(json.dumps({"action": "pong", "payload": None}))
    assert connection.own == [{"action": "pong", "payload": None}]


async def test_request_times_out_and_handle_helpers() -> None:
    connection = Connection()
    with pytest.raises(TimeoutError):
        await connection.request("room:1", {"action": "x"}, timeout=0.05)
    assert connection._pending == {}
    handle = Handle(connection, pk=7)
    assert handle.topic == "room:7" and handle not in connection.handles.values()
    await handle.send_message(Say(payload="hi"))
    assert connection.sent[-1] == {
        "action": "say",
        "payload": "hi",
        "version": 1,
        "topic": "room:7",
    }
    reply = handle.parse_reply({"action": "subscribed", "payload": None, "ref": "1"})
    assert isinstance(reply, ProtocolMessage) and reply.action == "subscribed"
