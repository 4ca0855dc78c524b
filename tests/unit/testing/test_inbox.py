"""The communicator's inbox (stash, completion counting, decoding) and its public state."""

import pytest

from chanx.messages.incoming import PingMessage
from chanx.testing.inbox import Inbox, strip_envelope_keys
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import build


class _Camel:
    camelize = True


def test_completion_counting() -> None:
    inbox = Inbox()
    assert inbox.all_completed
    inbox.frame_sent()
    inbox.frame_sent()
    assert inbox.outstanding == 2 and not inbox.all_completed
    assert inbox.note_completion({"action": "pong"}) is False
    assert inbox.note_completion({"action": "complete"}) is True
    assert inbox.outstanding == 1
    assert inbox.note_completion({"action": "complete"}) is True
    assert inbox.note_completion({"action": "complete"}) is True
    assert inbox.outstanding == 0 and inbox.all_completed
    assert inbox.note_completion("complete") is False


def test_stash_keeps_arrival_order() -> None:
    inbox = Inbox()
    a, b, c = {"action": "a"}, {"action": "b"}, {"action": "c"}
    assert inbox.pop() is None
    inbox.hold(b)
    inbox.hold_all([c])
    inbox.hold_first([a])
    assert list(inbox) == [a, b, c] and len(inbox) == 3
    assert inbox.take(lambda f: f["action"] == "b") is b
    assert inbox.take(lambda f: f["action"] == "x") is None
    inbox.discard(dict(a))  # an equal frame that is not the held one stays
    assert list(inbox) == [a, c]
    inbox.discard(a)
    assert inbox.pop() is c
    inbox.hold_all([a, b])
    assert inbox.drain() == [a, b] and len(inbox) == 0


def test_decoding_camel_case_and_envelope() -> None:
    frame = {"action": "user_joined", "userName": "ann", "topic": "room:1", "ref": "7"}
    plain = Inbox()
    assert plain.decamelized(frame) is frame
    camel = Inbox(_Camel)
    assert camel.camelize and not plain.camelize
    assert camel.decamelized(frame)["user_name"] == "ann"
    assert camel.typed(frame) == {"action": "user_joined", "user_name": "ann"}
    assert camel.action({"action": "complete"}) == "complete"
    assert strip_envelope_keys(frame) == {"action": "user_joined", "userName": "ann"}
    assert Inbox.decode('{"a": 1}') == {"a": 1}
    with pytest.raises(ValueError):
        Inbox.decode("not json")


async def test_communicator_public_state(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    comm = adapter.communicator(consumers.Echo)
    assert not comm.is_connected and not comm.is_disconnected
    with pytest.raises(AssertionError, match="not connected"):
        comm.check_usable()
    await comm.connect()
    comm.check_usable()
    await comm.send_message(PingMessage())
    assert comm.inbox.outstanding == 1
    frame = await comm.next_frame()
    assert frame["action"] == "pong"
    comm.inbox.hold(frame)
    assert await comm.next_frame() is frame  # held frames come first
    assert (await comm.next_frame())["action"] == "complete"
    assert comm.pending_events() == []
    await comm.disconnect()
    assert comm.is_disconnected
    with pytest.raises(AssertionError, match="disconnected"):
        comm.check_usable()


async def test_frames_within_stops_at_none_and_at_the_deadline() -> None:
    import asyncio
    from typing import Any

    from chanx.testing.inbox import frames_within

    queued: list[dict[str, Any] | None] = [{"n": 1}, {"n": 2}, None, {"n": 3}]

    async def read_queued() -> dict[str, Any] | None:
        return queued.pop(0)

    assert [f async for f in frames_within(1, read_queued)] == [{"n": 1}, {"n": 2}]

    never = asyncio.Event()

    async def read_slowly() -> dict[str, Any] | None:
        if not queued:
            await never.wait()
        return queued.pop(0) if queued else None

    assert [f async for f in frames_within(0.05, read_slowly)] == [{"n": 3}]
