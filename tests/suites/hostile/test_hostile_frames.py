"""Property-based hostile input on both adapters: every frame gets its documented answer.

Invariants: no exception escapes the consumer (``disconnect`` re-raises one if it did), each
frame is answered by exactly one documented frame followed by ``complete``, and the connection
still answers a ping afterwards.
"""

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chanx.core.config import Config
from tests.conftest import Adapter
from tests.suites.hostile.consumers import build
from tests.suites.hostile.oracle import (
    BINARY,
    COMPLETE,
    DOCUMENTED_KINDS,
    completes,
    expected_kind,
    is_complete,
    kind_of,
)
from tests.suites.hostile.strategies import binary_frames, text_frames

LIMIT = Config.max_message_size
PING = json.dumps({"action": "ping"})
PONG = {"action": "pong", "payload": None}


async def send_raw(comm: Any, *, text: str | None = None, data: bytes | None = None) -> None:
    """Deliver one frame exactly as an ASGI server would (empty frames included)."""
    event: dict[str, Any] = {"type": "websocket.receive"}
    if text is not None:
        event["text"] = text
    else:
        event["bytes"] = data
    await comm.send_input(event)


async def next_frames(comm: Any, count: int) -> list[dict[str, Any]]:
    """The next ``count`` frames the consumer sent."""
    return [await comm.receive_json_from(timeout=5) for _ in range(count)]


async def assert_still_usable(comm: Any) -> None:
    """A ping is answered by exactly pong + complete (so nothing extra was pending either)."""
    await send_raw(comm, text=PING)
    assert await next_frames(comm, 2) == [PONG, COMPLETE]
    assert await comm.receive_nothing(timeout=0.01)


HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@HYPOTHESIS
@given(text=text_frames)
async def test_any_text_frame_gets_its_documented_answer(adapter: Adapter, text: str) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Target) as comm:
        await send_raw(comm, text=text)
        answer = (await next_frames(comm, 1))[0]
        kind = kind_of(answer, limit=LIMIT)
        assert kind in expected_kind(text, limit=LIMIT)
        if completes(kind):
            assert is_complete((await next_frames(comm, 1))[0])
        await assert_still_usable(comm)


@HYPOTHESIS
@given(text=text_frames)
async def test_dict_path_answers_every_text_frame(adapter: Adapter, text: str) -> None:
    """A camelizing consumer decodes with ``json.loads`` and validates the dict instead."""
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Camel) as comm:
        await send_raw(comm, text=text)
        answer = (await next_frames(comm, 1))[0]
        kind = kind_of(answer, limit=LIMIT)
        assert kind in DOCUMENTED_KINDS
        if completes(kind):
            assert is_complete((await next_frames(comm, 1))[0])
        await assert_still_usable(comm)


@settings(HYPOTHESIS, max_examples=15)
@given(data=binary_frames)
async def test_binary_frames_get_the_binary_error(adapter: Adapter, data: bytes) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Target) as comm:
        await send_raw(comm, data=data)
        assert await next_frames(comm, 2) == [BINARY, COMPLETE]
        await assert_still_usable(comm)


@settings(HYPOTHESIS, max_examples=5)
@given(flood=st.lists(text_frames, min_size=50, max_size=150))
async def test_flood_of_mixed_frames_is_answered_frame_by_frame(
    adapter: Adapter, flood: list[str]
) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Target) as comm:
        for text in flood:
            await send_raw(comm, text=text)
        expected = [expected_kind(t, limit=LIMIT) for t in flood]
        # Every expected set holds kinds that agree on whether ``complete`` follows.
        completed = sum(1 for e in expected if completes(next(iter(e))))
        got = await next_frames(comm, len(flood) + completed)
        answers = [f for f in got if not is_complete(f)]
        assert len(answers) == len(flood)
        assert len(got) - len(answers) == completed
        kinds = [kind_of(a, limit=LIMIT) for a in answers]
        for exact in ("pong", "echo_reply", "too_large", "undecodable", "not_object"):
            assert kinds.count(exact) == sum(1 for e in expected if e == {exact}), exact
        await assert_still_usable(comm)
