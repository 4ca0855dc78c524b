"""Typed topic handles in the generated Python client, against a live server with topics.

The client is generated from the server's own AsyncAPI document, passes ruff and
``mypy --strict``, subscribes a topic handle, correlates ``request()`` replies by ``ref``,
hears publications through typed listeners, and renews its subscription after a reconnect.
"""

import asyncio
import json
import shutil
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest


def test_generated_package_has_a_topic_handle(topic_client: ModuleType) -> None:
    handle = topic_client.BoardNotesTopic
    assert handle.pattern == "notes:{board}"
    assert handle.parameters == ("board",)
    assert handle.topic_for({"board": 7}) == "notes:7"
    with pytest.raises(ValueError, match="Missing topic parameters"):
        handle.topic_for({})
    assert topic_client.BoardClient.path == "/ws/board"


async def test_request_listeners_and_resubscribe_after_reconnect(
    topic_demo_server: str, topic_client: ModuleType
) -> None:
    messages = sys.modules["topic_live_client.board_notes_topic.messages"]
    Handle = topic_client.BoardNotesTopic
    opened: list[int] = []

    class Client(topic_client.BoardClient):  # type: ignore[misc, name-defined]
        async def send_init_message(self) -> None:
            opened.append(len(self.topics))
            await super().send_init_message()

    reader = Client(topic_demo_server, reconnect=True, backoff_initial=0.05)
    writer = Client(topic_demo_server)
    tasks = [asyncio.create_task(c.handle()) for c in (reader, writer)]
    try:
        await reader.wait_connected()
        await writer.wait_connected()
        heard: list[Any] = []
        notes = await reader.subscribe(Handle, {"board": "a"})
        notes.on(heard.append)
        mine = await writer.subscribe(Handle, {"board": "a"})

        saved = await mine.request(messages.Note(payload="hello"), timeout=10)
        assert saved == messages.NoteSaved(payload="HELLO")
        await _until(lambda: heard == [messages.NoteAdded(payload="hello")])

        # The generated package's own runtime (a copy of chanx.client_generator.base).
        topic_error = sys.modules["topic_live_client.base.topic_client"].TopicError
        with pytest.raises(topic_error, match="unauthorized"):
            await writer.subscribe(Handle, {"board": "private"})

        # The server drops the reader's connection as a restart would (1012): the client
        # reconnects and renews its subscription, so publications reach it again.
        await reader.send_drop()
        await _until(lambda: len(opened) >= 3)
        assert opened[-1] == 1
        for attempt in range(50):
            await mine.request(messages.Note(payload=f"again-{attempt}"), timeout=10)
            if any(m.payload.startswith("again") for m in heard):
                break
            await asyncio.sleep(0.1)
        assert any(m.payload.startswith("again") for m in heard)
    finally:
        await reader.disconnect()
        await writer.disconnect()
        await asyncio.wait_for(asyncio.gather(*tasks), 15)


async def _until(check: Any, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


def test_typescript_topic_client_compiled_and_run_under_node(
    topic_demo_server: str, ts_topic_build: Any
) -> None:
    assert ts_topic_build.returncode == 0, ts_topic_build.output  # tsc --strict: no diagnostic
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "dist/topics.js", topic_demo_server],
        cwd=ts_topic_build.root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "saved": {"action": "note_saved", "payload": "HELLO"},
        "refused": "unauthorized",
        "first": "hello",
        "reopened": 1,
        "renewed": True,
        "topic": "notes:a",
    }


async def test_history_topic_recovers_what_was_missed_across_a_reconnect(
    topic_demo_server: str, topic_client: ModuleType
) -> None:
    """The client reconnects and recovers by itself: no test code handles the reconnect."""
    messages = sys.modules["topic_live_client.board_live_notes_topic.messages"]
    Handle = topic_client.BoardLiveNotesTopic
    reader = topic_client.BoardClient(topic_demo_server, reconnect=True, backoff_initial=0.2)
    writer = topic_client.BoardClient(topic_demo_server)
    tasks = [asyncio.create_task(c.handle()) for c in (reader, writer)]
    try:
        await reader.wait_connected()
        await writer.wait_connected()
        notes = await reader.subscribe(Handle, {"board": "r"})
        assert (notes.offset, notes.recovered) == (0, None) and notes.epoch
        heard: list[str] = []
        notes.on(lambda message: heard.append(message.payload))
        joined: list[Any] = []
        notes.on_join(joined.append)
        # The reader's own join may be pushed to it too (before or after the listener).
        [own] = await notes.presence()
        mine = await writer.subscribe(Handle, {"board": "r"})
        await _until(lambda: [m for m in joined if m.id != own.id] != [])
        [writer_join] = [m for m in joined if m.id != own.id]
        assert writer_join.info == {"board": "r"}
        members = await mine.presence()
        assert len(members) == 2 and {m.info["board"] for m in members} == {"r"}

        for text in ("one", "two"):
            await mine.request(messages.Note(payload=text), timeout=10)
        await _until(lambda: heard == ["one", "two"])
        # The server closes the reader's connection, then publishes 300 notes it misses.
        await notes.send_message(messages.Vanish(payload=300))
        await _until(lambda: len(heard) >= 302, timeout=30)
        await mine.request(messages.Note(payload="live"), timeout=10)
        await _until(lambda: heard[-1:] == ["live"], timeout=30)
        assert heard == ["one", "two", *(f"gap-{n}" for n in range(300)), "live"]
        assert notes.recovered is True and notes.offset == 303
    finally:
        await reader.disconnect()
        await writer.disconnect()
        await asyncio.wait_for(asyncio.gather(*tasks), 15)


def test_typescript_history_topic_recovers_by_itself_and_lists_presence(
    topic_demo_server: str, ts_topic_build: Any
) -> None:
    """``ts/recovery.ts``: no code in it handles the reconnect; the runtime renews with ``since``."""
    assert ts_topic_build.returncode == 0, ts_topic_build.output
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "dist/recovery.js", topic_demo_server],
        cwd=ts_topic_build.root,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "first": {"offset": 0, "epochSet": True, "recovered": None},
        "joinInfo": {"board": "ts"},
        "members": 2,
        "memberBoards": ["ts", "ts"],
        # Every publication missed while disconnected, once each, in order, then live ones.
        "inOrder": True,
        "heard": 303,
        "recovered": True,
        "offset": 303,
        "lost": 0,
        # A scripted server without the history: the renewal asked with the last push's
        # offset and the epoch, and the app was told to reload.
        "lostHistory": {
            "subscribes": [None, {"offset": 6, "epoch": "e1"}],
            "lostReplies": [False],
            "offset": 0,
            "epoch": "e2",
            "recovered": False,
        },
    }


def test_python_handle_positions_only_move_forward_within_an_epoch() -> None:
    from chanx.client_generator.base.topic_client import BaseTopicHandle

    handle: Any = BaseTopicHandle.__new__(BaseTopicHandle)
    handle.offset, handle.epoch, handle.recovered = None, None, None
    handle.note_position({"epoch": "e1", "offset": 5})  # subscribed
    handle.note_position({"offset": 6})  # a push
    handle.note_position({"epoch": "e1", "offset": 5})  # a reply handled late
    assert (handle.epoch, handle.offset) == ("e1", 6)
    handle.note_position({"epoch": "e1", "offset": 9, "recovered": True})  # renewal reply
    assert handle.offset == 6 and handle.recovered is True
    for offset in (7, 8, 9):  # the missed publications follow
        handle.note_position({"offset": offset})
    assert handle.offset == 9
    handle.note_position({"epoch": "e2", "offset": 0, "recovered": False})  # history lost
    assert (handle.epoch, handle.offset, handle.recovered) == ("e2", 0, False)
