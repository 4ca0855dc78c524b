"""``ref`` correlation on plain frames (no topic): identical on both adapters."""

import json
from typing import Any

import pytest

from chanx.constants import MAX_REF_LENGTH
from chanx.messages.incoming import PingMessage
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import Boom, Echo, EchoPayload, EchoReply, Slow, build


def keyed(frame: dict[str, Any], ref: str) -> dict[str, Any]:
    return {**frame, "version": 1, "ref": ref}


PONG = {"action": "pong", "payload": None}
COMPLETE = {"action": "complete", "payload": None}


async def send_raw(comm: Any, frame: dict[str, Any]) -> None:
    await comm.send_to(text_data=json.dumps(frame))


async def test_ping_with_ref_echoes_it_on_reply_and_complete(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(PingMessage(), ref="a1")
        assert await comm.receive_all_json() == [keyed(PONG, "a1"), keyed(COMPLETE, "a1")]


async def test_frames_without_envelope_are_unchanged_byte_for_byte(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data='{"action": "ping"}')
        texts = [(await comm.receive_output())["text"] for _ in range(2)]
        assert texts == ['{"action":"pong","payload":null}', '{"action":"complete","payload":null}']


async def test_unknown_action_with_ref(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await send_raw(comm, {"action": "nope", "ref": "c"})
        error, complete = await comm.receive_all_json()
        assert error["action"] == "error"
        assert error["payload"][0]["type"] == "union_tag_invalid"
        assert (error["version"], error["ref"]) == (1, "c")
        assert complete == keyed(COMPLETE, "c")


async def test_handler_raising_with_ref(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(Boom(), ref="d")
        assert await comm.receive_all_json() == [
            keyed({"action": "error", "payload": {"detail": "Failed to process message for boom"}},
                  "d"),
            keyed(COMPLETE, "d"),
        ]  # fmt: skip


async def test_client_version_2_gets_server_version(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await send_raw(comm, {"action": "ping", "version": 2, "ref": "b"})
        assert await comm.receive_all_json() == [keyed(PONG, "b"), keyed(COMPLETE, "b")]


@pytest.mark.parametrize(
    ("ref", "error_type"),
    [(1, "string_type"), ("x" * (MAX_REF_LENGTH + 1), "string_too_long"), (None, None)],
)
async def test_invalid_ref_is_a_validation_error_alone(
    adapter: Adapter, ref: Any, error_type: str | None
) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await send_raw(comm, {"action": "ping", "ref": ref})
        frames = await comm.receive_all_json()
        if error_type is None:  # an explicit null ref: no envelope, today's reply
            assert frames == [PONG, COMPLETE]
            return
        # Refused before the frame reaches anything that completes: no ``complete``.
        assert len(frames) == 1
        assert frames[0]["action"] == "error"
        assert [(e["type"], e["loc"]) for e in frames[0]["payload"]] == [(error_type, ["ref"])]
        assert "ref" not in frames[0] and "version" not in frames[0]


async def test_longest_ref_is_echoed(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    ref = "r" * MAX_REF_LENGTH
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(PingMessage(), ref=ref)
        assert await comm.receive_all_json() == [keyed(PONG, ref), keyed(COMPLETE, ref)]


async def test_client_seq_is_ignored(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await send_raw(comm, {"action": "ping", "seq": 5})
        assert await comm.receive_all_json() == [PONG, COMPLETE]


async def test_ref_hidden_behind_a_unicode_escape_is_still_echoed(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data='{"action": "ping", "r\\u0065f": "esc"}')
        assert await comm.receive_all_json() == [keyed(PONG, "esc"), keyed(COMPLETE, "esc")]


async def test_ref_on_the_send_json_path(adapter: Adapter) -> None:
    """A camelizing consumer sends through ``send_json``: the keys are added there too."""
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Camel) as comm:
        await comm.send_message(Echo(payload=EchoPayload(text="hi")), ref="cam")
        frames = await comm.receive_all_json()
        assert frames == [
            keyed({"action": "echo_reply", "payload": {"text": "hi", "count": 1}}, "cam"),
            keyed(COMPLETE, "cam"),
        ]
        await comm.send_message(Echo(payload=EchoPayload(text="x")), ref="m")
        assert await comm.receive_all_messages() == [EchoReply(payload=EchoPayload(text="x"))]


async def test_broadcast_to_the_group_does_not_carry_the_senders_ref(adapter: Adapter) -> None:
    from tests.shared.messages import Shout

    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as a, adapter.communicator(consumers.Echo) as b:
        await a.send_message(Shout(payload="hey"), ref="s")
        frames = await a.receive_all_json() + await a.receive_all_json(timeout=0.2)
        assert {"action": "shouted", "payload": "hey"} in frames
        assert keyed(COMPLETE, "s") in frames
        assert await b.receive_all_json(timeout=0.3) == [
            {"action": "shouted", "payload": "hey"},
            {"action": "group_complete", "payload": None},
        ]


async def test_concurrent_frames_keep_their_own_refs(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        assert consumers.Echo.max_concurrent_messages is None  # the default cap (32) applies
        await comm.send_message(Slow(payload=0.2), ref="slow")
        await comm.send_message(PingMessage(), ref="fast")
        await comm.send_message(PingMessage())
        frames = await comm.receive_all_json(timeout=3)
        assert frames == [
            keyed(PONG, "fast"),
            keyed(COMPLETE, "fast"),
            PONG,
            COMPLETE,
            keyed({"action": "slow_done", "payload": 0.2}, "slow"),
            keyed(COMPLETE, "slow"),
        ]


@pytest.mark.parametrize("where", ["first", "last"])
async def test_ref_of_a_large_frame_is_found_first_or_last(adapter: Adapter, where: str) -> None:
    consumers = build(adapter.Consumer)
    body = {"action": "echo", "payload": {"text": "x" * 20_000, "count": 2}}
    frame = {"ref": "big", **body} if where == "first" else {**body, "ref": "big"}
    async with adapter.communicator(consumers.Echo) as comm:
        await send_raw(comm, frame)
        reply, complete = await comm.receive_all_json()
        assert (reply["action"], reply["ref"], reply["version"]) == ("echo_reply", "big", 1)
        assert reply["payload"]["count"] == 2
        assert complete == keyed(COMPLETE, "big")


def test_envelope_search_of_large_frames_covers_both_ends_only() -> None:
    from chanx.core.wire.codec import may_carry_envelope

    pad = "x" * 5_000
    assert may_carry_envelope('{"ref": "1", "payload": "' + pad + '"}')
    assert may_carry_envelope('{"payload": "' + pad + '", "topic": "t"}')
    assert may_carry_envelope('{"payload": "' + pad + '", "r\\u0065f": "1"}')
    # Envelope keys are top-level: a key between two large values is not looked for.
    assert not may_carry_envelope('{"a": "' + pad + '", "ref": "1", "b": "' + pad + '"}')
    assert not may_carry_envelope('{"action": "echo", "payload": "' + pad + '"}')
    assert not may_carry_envelope('{"action": "ping", "payload": "caf\\u00e9"}')
