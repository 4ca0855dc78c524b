"""Collectors return once the in-process consumers have nothing left to do, without waiting
for their timeout, whether or not completion frames are on, on plain and topic paths."""

import asyncio
import contextlib
from typing import Any

from chanx.messages.incoming import PingMessage
from tests.conftest import Adapter
from tests.suites.behaviour.topics import NewComment, PostComment, Wait, build

# Far longer than any test may take: a collector that reaches it has idled.
NEVER = 60.0
# What a collector that returns on idleness takes at most here (a bound, not a timing).
BOUND = 10.0
TOPIC = "discussion:1"


async def collect(comm: Any) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = await asyncio.wait_for(comm.receive_all_json(NEVER), BOUND)
    return frames


async def test_plain_frames_without_completion(adapter: Adapter) -> None:
    board = build(adapter.Consumer)

    class Quiet(board.Board):  # type: ignore[name-defined,misc]
        send_completion = False

    async with adapter.communicator(Quiet) as comm:
        await comm.send_message(PingMessage())
        assert await collect(comm) == [{"action": "pong", "payload": None}]
        assert await collect(comm) == []
        await comm.send_message(PingMessage())
        messages = await asyncio.wait_for(comm.receive_all_messages(timeout=NEVER), BOUND)
        assert [m.action for m in messages] == ["pong"]


async def test_topic_frames_have_no_completion_and_still_return(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with adapter.communicator(board.Board) as author:
        await author.subscribe(TOPIC)
        assert [f["action"] for f in await collect(author)] == ["welcome"]
        await author.send_message(PostComment(payload="x"), topic=TOPIC, ref="p")
        actions = sorted(f["action"] for f in await collect(author))
        assert actions == ["comment_accepted", "comment_posted"]


async def test_a_slow_handler_is_waited_for(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with adapter.communicator(board.ConcurrentBoard) as comm:
        await comm.subscribe(TOPIC)
        await collect(comm)
        await comm.send_message(Wait(payload=0.3), topic=TOPIC, ref="w")
        assert [f["action"] for f in await collect(comm)] == ["waited"]


async def test_a_push_caused_by_another_connection_is_waited_for(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with (
        adapter.communicator(board.ConcurrentBoard) as author,
        adapter.communicator(board.Board) as reader,
    ):
        await reader.subscribe(TOPIC)
        await collect(reader)
        await author.subscribe(TOPIC)
        await collect(author)
        await author.send_message(PostComment(payload="hey"), topic=TOPIC, ref="a")
        # The reader's collector starts while the author's frame may still be running.
        pushed = [f for f in await collect(reader) if f["action"] == "comment_posted"]
        assert [f["payload"] for f in pushed] == ["hey"]


async def test_a_publication_from_outside_is_collected(adapter: Adapter) -> None:
    board = build(adapter.Consumer)
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await collect(comm)
        await board.DiscussionTopic.broadcast(TOPIC, NewComment(payload="out"), seq=2)
        assert await collect(comm) == [
            {"action": "comment_posted", "payload": "out", "version": 1, "topic": TOPIC, "seq": 2}
        ]


async def test_an_event_read_as_its_reader_is_cancelled_is_kept(adapter: Adapter) -> None:
    """A collector's timeout that fires just as a frame arrives must not lose that frame."""
    board = build(adapter.Consumer)
    async with adapter.communicator(board.Board) as comm:
        reader = asyncio.ensure_future(comm.next_event())
        for _ in range(3):
            await asyncio.sleep(0)  # the reader now waits on the output queue
        event = {"type": "websocket.send", "text": '{"action":"late","payload":null}'}
        comm.output_queue.put_nowait(event)  # its getter completes ...
        await asyncio.sleep(0)
        reader.cancel()  # ... and the reader is cancelled before it resumes
        with contextlib.suppress(asyncio.CancelledError):
            await reader
        assert await asyncio.wait_for(comm.next_event(), BOUND) == event
