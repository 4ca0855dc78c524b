"""Topic history and recovery, and presence, on both adapters (in-memory stores)."""

import json
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest

from chanx.core.topics import history as history_module
from chanx.core.topics.history import MemoryHistoryStore
from chanx.testing.history import publish_with_history, read_history, trim_history
from tests.conftest import Adapter
from tests.suites.behaviour.history import NewComment, build

TOPIC = "comments:1"
ROOM = "room:1"


@pytest.fixture
async def app(adapter: Adapter, chanx_topic_stores: None) -> AsyncIterator[SimpleNamespace]:
    yield build(adapter.Consumer)


def comments(*texts: str) -> list[NewComment]:
    return [NewComment(payload=text) for text in texts]


async def test_subscribe_reply_carries_epoch_and_offset_and_pushes_carry_offsets(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.subscribe(TOPIC)
        assert reply["action"] == "subscribed"
        assert reply["offset"] == 0 and isinstance(reply["epoch"], str)
        assert "recovered" not in reply
        assert await publish_with_history(app.CommentsTopic, TOPIC, comments("a", "b")) == [1, 2]
        pushes = await comm.receive_pushes(TOPIC, 2)
        assert [p for p in pushes if p["action"] == "comment_posted"] == [
            {"action": "comment_posted", "payload": "a", "version": 1, "topic": TOPIC,
             "offset": 1},
            {"action": "comment_posted", "payload": "b", "version": 1, "topic": TOPIC,
             "offset": 2},
        ]  # fmt: skip


async def test_subscribing_again_reports_the_delivered_position(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    async with adapter.communicator(app.Consumer) as comm:
        first = await comm.subscribe(TOPIC)
        await publish_with_history(app.CommentsTopic, TOPIC, comments("a"))
        await comm.receive_pushes(TOPIC, 1)
        again = await comm.subscribe(TOPIC, ref="2")
        assert (again["epoch"], again["offset"], again["ref"]) == (first["epoch"], 1, "2")
        await comm.assert_no_message()  # nothing is sent twice


async def test_plain_topic_replies_and_pushes_are_unchanged(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.recover("plain:1", {"offset": 3, "epoch": "x"})
        assert reply == {
            "action": "subscribed", "payload": None, "version": 1, "topic": "plain:1", "ref": "1"
        }  # fmt: skip
        assert await app.PlainTopic.broadcast("plain:1", NewComment(payload="p")) is None
        (push,) = await comm.receive_pushes("plain:1", 1)
        assert push == {
            "action": "comment_posted",
            "payload": "p",
            "version": 1,
            "topic": "plain:1",
        }


async def test_reconnect_with_since_recovers_every_missed_publication_then_live_ones(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    async with adapter.communicator(app.Consumer) as comm:
        first = await comm.subscribe(TOPIC)
        await publish_with_history(app.CommentsTopic, TOPIC, comments("a", "b"))
        seen = await comm.receive_pushes(TOPIC, 2)
    since = {"offset": seen[-1]["offset"], "epoch": first["epoch"]}
    missed = await publish_with_history(app.CommentsTopic, TOPIC, comments("c", "d", "e"))
    assert missed == [3, 4, 5]
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.recover(TOPIC, since)
        assert (reply["recovered"], reply["offset"], reply["epoch"]) == (True, 5, first["epoch"])
        pushes = await comm.receive_pushes(TOPIC, 3)
        assert [(p["payload"], p["offset"]) for p in pushes] == [("c", 3), ("d", 4), ("e", 5)]
        await publish_with_history(app.CommentsTopic, TOPIC, comments("live"))
        (live,) = await comm.receive_pushes(TOPIC, 1)
        assert (live["payload"], live["offset"]) == ("live", 6)
        await comm.assert_no_message()


async def test_recovery_from_the_current_offset_recovers_nothing_and_succeeds(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    await publish_with_history(app.CommentsTopic, TOPIC, comments("a"))
    state = await read_history(app.CommentsTopic, TOPIC)
    async with adapter.communicator(app.Consumer) as comm:
        pushes = await comm.assert_recovered(TOPIC, {"offset": 1, "epoch": state.epoch}, [])
        assert pushes == []


@pytest.mark.parametrize(
    "since",
    [
        {"offset": 0, "epoch": "another-epoch"},  # the history was lost since
        {"offset": 99, "epoch": None},  # ahead of the history: not this history
    ],
)
async def test_unknown_epoch_or_offset_is_not_recovered(
    adapter: Adapter, app: SimpleNamespace, since: dict[str, Any]
) -> None:
    await publish_with_history(app.CommentsTopic, TOPIC, comments("a", "b"))
    state = await read_history(app.CommentsTopic, TOPIC)
    since = {**since, "epoch": since["epoch"] or state.epoch}
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.recover(TOPIC, since)
        assert (reply["recovered"], reply["offset"], reply["epoch"]) == (False, 2, state.epoch)
        await publish_with_history(app.CommentsTopic, TOPIC, comments("c"))
        (live,) = await comm.receive_pushes(TOPIC, 1)
        assert (live["payload"], live["offset"]) == ("c", 3)


async def test_trimmed_history_is_not_recovered(adapter: Adapter, app: SimpleNamespace) -> None:
    offsets = await publish_with_history(app.TinyTopic, "tiny:1", comments(*"abcde"))
    state = await read_history(app.TinyTopic, "tiny:1")
    assert [p.offset for p in state.publications] == [3, 4, 5]
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.recover("tiny:1", {"offset": 1, "epoch": state.epoch})
        assert reply["recovered"] is False and reply["offset"] == offsets[-1]
    async with adapter.communicator(app.Consumer) as comm:
        await comm.assert_recovered("tiny:1", {"offset": 2, "epoch": state.epoch}, [3, 4, 5])
    await trim_history(app.TinyTopic, "tiny:1", 1)
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.recover("tiny:1", {"offset": 3, "epoch": state.epoch})
        assert reply["recovered"] is False


@pytest.mark.parametrize(
    "since",
    [{"offset": -1, "epoch": "e"}, {"offset": "1", "epoch": "e"}, {"offset": 1}, "x"],
)
async def test_malformed_since_is_a_validation_error_and_joins_nothing(
    adapter: Adapter, app: SimpleNamespace, since: Any
) -> None:
    async with adapter.communicator(app.Consumer) as comm:
        reply = await comm.recover(TOPIC, since)
        assert reply["action"] == "error"
        assert reply["payload"][0]["loc"][0] == "since"
        await publish_with_history(app.CommentsTopic, TOPIC, comments("a"))
        reply = await comm.subscribe(TOPIC, ref="2")
        assert reply["action"] == "subscribed" and reply["offset"] == 1


async def test_presence_lists_every_subscriber_with_its_info_and_pushes_join_and_leave(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    async with adapter.communicator(app.Consumer, "/ws?name=ann") as ann:
        await ann.subscribe(ROOM)
        (own_join,) = await ann.receive_pushes(ROOM, 1)
        assert own_join["action"] == "presence_join"
        assert own_join["payload"]["info"] == {"name": "ann"}
        async with adapter.communicator(app.Consumer, "/ws?name=bob") as bob:
            await bob.subscribe(ROOM)
            (join,) = await ann.receive_pushes(ROOM, 1)
            assert join["action"] == "presence_join"
            assert join["payload"]["info"] == {"name": "bob"}
            bob_id = join["payload"]["id"]
            members = await ann.presence(ROOM)
            assert sorted(m.info["name"] for m in members) == ["ann", "bob"]
            assert bob_id in {m.id for m in members}
            await bob.unsubscribe(ROOM)
            (leave,) = await ann.receive_pushes(ROOM, 1)
            assert leave["action"] == "presence_leave"
            assert leave["payload"] == {"id": bob_id, "info": {"name": "bob"}}
            assert [m.info["name"] for m in await ann.presence(ROOM, ref="p2")] == ["ann"]
            await bob.subscribe(ROOM, ref="again")
            await ann.receive_pushes(ROOM, 1)
        # bob's connection ended: he leaves without unsubscribing.
        (gone,) = await ann.receive_pushes(ROOM, 1)
        assert gone["action"] == "presence_leave"
        assert [m.info["name"] for m in await ann.presence(ROOM, ref="p3")] == ["ann"]


async def test_presence_needs_a_subscription(adapter: Adapter, app: SimpleNamespace) -> None:
    async with adapter.communicator(app.Consumer) as comm:
        await comm.send_to(
            text_data=json.dumps({"version": 1, "topic": ROOM, "ref": "p", "action": "presence"})
        )
        reply = await comm.receive_reply("p", topic=ROOM)
        assert reply["action"] == "error"
        assert reply["payload"] == {
            "reason": "not_subscribed", "detail": f"Not subscribed to '{ROOM}'"
        }  # fmt: skip


async def test_a_one_topic_consumer_answers_presence_without_a_topic_key(
    adapter: Adapter, app: SimpleNamespace
) -> None:
    comm = adapter.Communicator(app.application, "/ws/room/7/?name=cy", consumer=app.Room)
    async with comm:
        await comm.send_to(text_data=json.dumps({"action": "presence", "ref": "p"}))
        reply = await comm.receive_reply("p", topic="room:7")  # the route's topic
        assert reply["action"] == "presence_state"
        assert [m["info"] for m in reply["payload"]["members"]] == [{"name": "cy"}]


async def test_memory_history_drops_entries_older_than_the_ttl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(history_module, "time", SimpleNamespace(time=lambda: now[0]))
    store = MemoryHistoryStore()
    _, epoch = await store.append("t", {"n": 1}, size=10, ttl=10)
    now[0] += 7
    await store.append("t", {"n": 2}, size=10, ttl=10)
    now[0] += 7  # entry 1 is 14 s old, entry 2 is 7 s old
    state = await store.read("t", 0, ttl=10)
    assert state.epoch == epoch and state.offset == 2
    assert [p.offset for p in state.publications] == [2]
    assert state.covers(1) and not state.covers(0)
    now[0] += 4  # idle for longer than the ttl: the history is gone, a new epoch starts
    fresh = await store.read("t", None, ttl=10)
    assert fresh.epoch != epoch and fresh.offset == 0
