"""Request ``ref``s on plain frames: every frame sent while handling one echoes its ``ref``."""

import asyncio
import json
from typing import Any

from chanx.constants import MAX_REF_LENGTH
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import build

ENVELOPE = {"version": 1}


async def _exchange(comm: Any, frame: dict[str, Any]) -> list[dict[str, Any]]:
    await comm.send_to(text_data=json.dumps(frame))
    replies: list[dict[str, Any]] = await comm.receive_all_json()
    return replies


async def test_ping_with_ref_echoes_it_on_reply_and_complete(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data='{"action": "ping", "ref": "a1"}')
        [pong, complete] = await comm.receive_all_json()
    assert pong == {"action": "pong", "payload": None, "version": 1, "ref": "a1"}
    assert complete == {"action": "complete", "payload": None, "version": 1, "ref": "a1"}


async def test_reply_keys_follow_the_message_on_the_wire(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data='{"ref": "z", "action": "ping"}')
        event = await comm.receive_output()
    assert event["text"] == '{"action":"pong","payload":null,"version":1,"ref":"z"}'


async def test_errors_carry_the_ref(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        unknown = await _exchange(comm, {"action": "nope", "ref": "c"})
        raised = await _exchange(comm, {"action": "boom", "ref": "d"})
        invalid = await _exchange(comm, {"action": "echo", "payload": {}, "ref": "e"})
    assert unknown[0]["payload"][0]["type"] == "union_tag_invalid"
    assert {k: unknown[0][k] for k in ("version", "ref")} == {"version": 1, "ref": "c"}
    assert raised[0] == {
        "action": "error",
        "payload": {"detail": "Failed to process message for boom"},
        "version": 1,
        "ref": "d",
    }
    assert invalid[0]["payload"][0]["loc"] == ["echo", "payload", "text"]
    assert invalid[0]["ref"] == "e"
    for replies, ref in ((unknown, "c"), (raised, "d"), (invalid, "e")):
        assert replies[-1] == {"action": "complete", "payload": None, "version": 1, "ref": ref}


async def test_any_client_version_is_answered_with_the_servers(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        [pong, _complete] = await _exchange(comm, {"action": "ping", "version": 2, "ref": "b"})
    assert pong["version"] == 1 and pong["ref"] == "b"


async def test_non_string_ref_is_a_validation_error_alone(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        [error] = await _exchange(comm, {"action": "ping", "ref": 1})
    assert error["action"] == "error"
    assert [(e["type"], e["loc"]) for e in error["payload"]] == [("string_type", ["ref"])]
    assert "ref" not in error and "version" not in error


async def test_overlong_ref_is_refused(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        [error] = await _exchange(comm, {"action": "ping", "ref": "r" * (MAX_REF_LENGTH + 1)})
        [pong, _] = await _exchange(comm, {"action": "ping", "ref": "r" * MAX_REF_LENGTH})
    assert [(e["type"], e["loc"]) for e in error["payload"]] == [("string_too_long", ["ref"])]
    assert len(error["payload"][0]["msg"]) < 200
    assert pong["ref"] == "r" * MAX_REF_LENGTH


async def test_client_seq_and_version_alone_add_nothing(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        seq_only = await _exchange(comm, {"action": "ping", "seq": 5})
        version_only = await _exchange(comm, {"action": "ping", "version": 1})
    expected = [{"action": "pong", "payload": None}, {"action": "complete", "payload": None}]
    assert seq_only == expected
    assert version_only == expected


async def test_payload_mentioning_ref_takes_the_same_answer(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        replies = await _exchange(comm, {"action": "echo", "payload": {"text": '"ref"'}})
    assert replies[0] == {"action": "echo_reply", "payload": {"text": '"ref"', "count": 1}}


async def test_camelizing_consumer_echoes_ref_unchanged(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Camel) as comm:
        [reply, complete] = await _exchange(
            comm, {"action": "echo", "payload": {"text": "hi"}, "ref": "k"}
        )
    assert reply == {
        "action": "echo_reply",
        "payload": {"text": "hi", "count": 1},
        "version": 1,
        "ref": "k",
    }
    assert complete["ref"] == "k"


async def test_concurrent_frames_keep_their_own_refs(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data=json.dumps({"action": "slow", "payload": 0.05, "ref": "s"}))
        await comm.send_to(text_data=json.dumps({"action": "ping", "ref": "p"}))
        await comm.send_to(text_data=json.dumps({"action": "ping"}))
        frames = await comm.receive_all_json(timeout=5)
    by_action: dict[str, list[Any]] = {}
    for frame in frames:
        by_action.setdefault(frame["action"], []).append(frame.get("ref"))
    assert by_action["slow_done"] == ["s"]
    assert sorted(by_action["pong"], key=str) == [None, "p"]
    assert sorted(by_action["complete"], key=str) == [None, "p", "s"]
    # The slow frame was still running when the pings were answered.
    assert [f["action"] for f in frames][-2:] == ["slow_done", "complete"]
    await asyncio.sleep(0)


async def test_group_relays_and_events_never_carry_the_senders_ref(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data=json.dumps({"action": "shout", "payload": "x", "ref": "g"}))
        frames = await comm.receive_all_json()
        frames += await comm.receive_all_json(timeout=0.2)
    relayed = [f for f in frames if f["action"] in ("shouted", "group_complete")]
    assert relayed and all("ref" not in f and "version" not in f for f in relayed)
    assert {"action": "complete", "payload": None, **ENVELOPE, "ref": "g"} in frames
