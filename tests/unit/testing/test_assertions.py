"""assert_message_pushed / assert_no_message: matching, selective receive, readable failures."""

import re
from typing import Any
from unittest.mock import ANY

import pytest

from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import ErrorMessage, PongMessage
from chanx.testing import assert_message_pushed, assert_no_message
from tests.conftest import Adapter
from tests.shared.messages import Noticed, Notify
from tests.suites.behaviour.consumers import Echo, EchoPayload, EchoReply, build
from tests.unit.testing.consumers import Crash, Garble, Hangup, build_rude

LONG = 30  # only a failing assertion could wait this long; passing ones return on arrival


async def test_pushed_by_class_returns_the_validated_message(
    adapter: Adapter, connect: Any
) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    await comm.send_message(Echo(payload=EchoPayload(text="hi", count=2)))
    reply = await comm.assert_message_pushed(EchoReply, timeout=LONG)
    assert reply == EchoReply(payload=EchoPayload(text="hi", count=2))


@pytest.mark.parametrize(
    "expected, payload",
    [
        ("echo_reply", {"text": "hi"}),
        (EchoReply, {"text": "hi", "count": ANY}),
        (EchoReply, lambda p: p["count"] == 3),
        (EchoReply, EchoPayload(text="hi", count=3)),
        (EchoReply(payload=EchoPayload(text="hi", count=3)), None),
    ],
)
async def test_pushed_matches_action_payload_subset_predicate_or_instance(
    adapter: Adapter, connect: Any, expected: Any, payload: Any
) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    await comm.send_message(Echo(payload=EchoPayload(text="hi", count=3)))
    if payload is None:
        got = await assert_message_pushed(comm, expected, timeout=LONG)
    else:
        got = await assert_message_pushed(comm, expected, payload, timeout=LONG)
    assert got == EchoReply(payload=EchoPayload(text="hi", count=3))


async def test_unmatched_frames_stay_queued_in_order(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Ordered)
    await comm.send_message(Echo(payload=EchoPayload(text="first")))
    await comm.send_message(PingMessage())
    assert await comm.assert_message_pushed(PongMessage, timeout=LONG) == PongMessage()
    # Everything skipped over is still there for the plain collectors, in order.
    assert await comm.receive_all_json(timeout=LONG) == [
        {"action": "echo_reply", "payload": {"text": "first", "count": 1}},
        {"action": "complete", "payload": None},
        {"action": "complete", "payload": None},
    ]


async def test_pushed_failure_lists_what_arrived(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    await comm.send_message(Echo(payload=EchoPayload(text="hi")))
    with pytest.raises(AssertionError) as caught:
        await comm.assert_message_pushed(EchoReply, {"text": "bye"}, timeout=0.2)
    text = str(caught.value)
    assert "Expected a 'echo_reply' message (EchoReply) with payload matching" in text
    assert '1. {"action": "echo_reply", "payload": {"text": "hi", "count": 1}}' in text
    assert '2. {"action": "complete", "payload": null}' in text
    assert "1 frame(s) had the expected action but a different payload" in text


async def test_zero_timeout_checks_only_what_arrived(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    with pytest.raises(
        AssertionError, match=r"(?s)within 0s, but it was not pushed.*nothing arrived"
    ):
        await comm.assert_message_pushed(PongMessage, timeout=0)
    await comm.send_message(PingMessage())
    await comm.receive_all_json(timeout=LONG)  # the reply is in; nothing more is queued
    await comm.send_message(PingMessage())
    await comm.assert_message_pushed("complete", timeout=LONG)
    # The pong skipped over is still queued: a zero timeout sees it without waiting.
    with pytest.raises(AssertionError, match=re.escape('1. {"action": "pong"')):
        await comm.assert_no_message(timeout=0)


async def test_close_while_waiting_names_the_close(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build_rude(adapter.Consumer).Rude)
    await comm.send_message(Hangup())
    with pytest.raises(AssertionError) as caught:
        await comm.assert_message_pushed(ErrorMessage, timeout=LONG)
    text = str(caught.value)
    assert "The server closed the socket (code 1000) while waiting for a 'error' message" in text
    assert '1. {"action": "pong", "payload": null}' in text


async def test_frame_failing_validation_is_reported(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build_rude(adapter.Consumer).Rude)
    await comm.send_message(Garble())
    with pytest.raises(AssertionError) as caught:
        await comm.assert_message_pushed("pong", timeout=LONG)
    text = str(caught.value)
    assert "a 'pong' message arrived but failed validation against" in text
    assert '"oops": 1' in text


async def test_crash_while_waiting_is_reported(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build_rude(adapter.Consumer).Rude)
    await comm.send_message(Crash())
    with pytest.raises(
        AssertionError, match=r"application raised RuntimeError\('consumer crashed'"
    ):
        await comm.assert_message_pushed(PongMessage, timeout=LONG)


async def test_helpers_refuse_unconnected_and_disconnected(adapter: Adapter) -> None:
    comm = adapter.communicator(build(adapter.Consumer).Echo)
    with pytest.raises(AssertionError, match="not connected: await connect"):
        await comm.assert_message_pushed(PongMessage)
    with pytest.raises(AssertionError, match="not connected"):
        await assert_no_message(comm)
    await comm.connect()
    await comm.disconnect()
    with pytest.raises(AssertionError, match=r"disconnected \(disconnect\(\) was called\)"):
        await comm.assert_message_pushed(PongMessage)


async def test_no_message_ignores_completion_frames(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    await comm.send_message(PingMessage())
    await comm.assert_message_pushed(PongMessage, timeout=LONG)
    await comm.assert_no_message(timeout=0.05)


async def test_no_message_failure_shows_the_frames(adapter: Adapter, connect: Any) -> None:
    consumers = build(adapter.Consumer)
    comm = await connect(consumers.Echo)
    await consumers.Echo.broadcast_event(Notify(payload="surprise"))
    with pytest.raises(AssertionError) as caught:
        await comm.assert_no_message(timeout=LONG)
    text = str(caught.value)
    assert text.startswith(f"Expected no message within {LONG}s, but received:")
    assert '{"action": "noticed", "payload": "surprise"}' in text


async def test_no_message_with_custom_ignore(adapter: Adapter, connect: Any) -> None:
    consumers = build(adapter.Consumer)
    comm = await connect(consumers.Echo)
    await consumers.Echo.broadcast_event(Notify(payload="x"))
    await comm.assert_message_pushed(Noticed, "x", timeout=LONG)
    with pytest.raises(AssertionError, match="event_complete"):
        await comm.assert_no_message(timeout=LONG, ignore=())


async def test_camelized_frames_match_snake_case(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Camel)
    await comm.send_message(Echo(payload=EchoPayload(text="camel")))
    reply = await comm.assert_message_pushed(EchoReply, {"text": "camel"}, timeout=LONG)
    assert reply.payload == EchoPayload(text="camel")


def test_expectation_rejects_bad_input() -> None:
    from chanx.testing.matching import Expectation

    with pytest.raises(TypeError, match="message class, an action string or a message instance"):
        Expectation.build(42)
    with pytest.raises(TypeError, match="not both"):
        Expectation.build(PongMessage(), payload=None)


async def test_failed_assertion_leaves_the_connection_usable(
    adapter: Adapter, connect: Any
) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    with pytest.raises(AssertionError):
        await comm.assert_message_pushed(PongMessage, timeout=0.05)
    await comm.send_message(PingMessage())
    await comm.assert_message_pushed(PongMessage, timeout=LONG)
