"""Topics multiplexed over one connection: identical on both adapters."""

import asyncio
import json
import threading
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from chanx.constants import MAX_TOPIC_LENGTH
from chanx.messages.incoming import PingMessage
from chanx.messages.topic import SubscribedMessage
from tests.conftest import Adapter
from tests.suites.behaviour.topics import (
    CommentAccepted,
    CommentPosted,
    Explode,
    NewComment,
    Peek,
    PostComment,
    Unhandled,
    Wait,
    Welcome,
    build,
)

TOPIC = "discussion:5"


@pytest.fixture
def board(adapter: Adapter) -> Iterator[SimpleNamespace]:
    consumers = build(adapter.Consumer)
    consumers.journal.clear()
    yield consumers
    consumers.journal.clear()


def members(adapter: Adapter, group: str) -> set[str]:
    """Channels in ``group`` of the adapter's in-memory layer."""
    return set(adapter.get_layer().groups.get(group, {}))


def error(reason: str, detail: str, topic: str, ref: str = "1") -> dict[str, Any]:
    return {
        "action": "error",
        "payload": {"reason": reason, "detail": detail},
        "version": 1,
        "topic": topic,
        "ref": ref,
    }


async def test_subscribe_replies_then_runs_on_subscribe(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.send_to(
            text_data=json.dumps({"version": 1, "topic": TOPIC, "ref": "1", "action": "subscribe"})
        )
        assert await comm.receive_all_json() == [
            {"action": "subscribed", "payload": None, "version": 1, "topic": TOPIC, "ref": "1"},
            # on_subscribe runs after the reply; what it sends carries the topic, not the ref.
            # The consumer's send_completion does not reach topic paths: no ``complete``.
            {"action": "welcome", "payload": "5", "version": 1, "topic": TOPIC},
        ]
        assert board.journal == [("subscribed", TOPIC)]
        group = board.DiscussionTopic.group_name(TOPIC)
        assert group == "DiscussionTopic.discussion-5"
        assert len(members(adapter, group)) == 1


async def test_topic_action_reply_and_publication_reach_only_subscribers(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with (
        adapter.communicator(board.Board) as author,
        adapter.communicator(board.Board) as reader,
        adapter.communicator(board.Board) as elsewhere,
    ):
        assert (await author.subscribe(TOPIC))["action"] == "subscribed"
        assert (await reader.subscribe(TOPIC, ref="r"))["action"] == "subscribed"
        assert (await elsewhere.subscribe("discussion:6"))["action"] == "subscribed"
        await author.send_message(PostComment(payload="hello"), topic=TOPIC, ref="2")
        frames = await author.receive_all_json()
        assert {"action": "comment_accepted", "payload": "hello", "version": 1, "topic": TOPIC,
                "ref": "2"} in frames  # fmt: skip
        assert not [f for f in frames if f["action"] in ("complete", "event_complete")]
        pushed = {"action": "comment_posted", "payload": "hello", "version": 1, "topic": TOPIC,
                  "seq": 7}  # fmt: skip
        reader_frames = await reader.receive_all_json(timeout=0.3)
        assert [f for f in reader_frames if f["action"] != "welcome"] == [pushed]
        assert [f["action"] for f in await elsewhere.receive_all_json(timeout=0.2)] == ["welcome"]


async def test_receive_topic_message_returns_typed_push(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await comm.subscribe("discussion:6", ref="2")
        await board.DiscussionTopic.broadcast("discussion:6", NewComment(payload="six"))
        await board.DiscussionTopic.broadcast(TOPIC, NewComment(payload="five"), seq=3)
        first = await comm.receive_topic_message(board.DiscussionTopic, topic=TOPIC)
        assert first == Welcome(payload="5")
        assert await comm.receive_topic_message(board.DiscussionTopic, topic=TOPIC) == (
            CommentPosted(payload="five")
        )
        # The frames of the other topic stayed queued, in order.
        assert await comm.receive_topic_message(board.DiscussionTopic) == Welcome(payload="6")
        assert await comm.receive_topic_message(board.DiscussionTopic) == (
            CommentPosted(payload="six")
        )
        with pytest.raises(AssertionError, match="No DiscussionTopic message"):
            await comm.receive_topic_message(board.DiscussionTopic, timeout=0.1)


async def test_plain_frames_still_reach_the_consumer(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await comm.receive_all_json(timeout=0.1)
        await comm.send_message(PingMessage())
        assert await comm.receive_all_json() == [
            {"action": "pong", "payload": None},
            {"action": "complete", "payload": None},
        ]


async def test_unknown_topic(adapter: Adapter, board: SimpleNamespace) -> None:
    async with adapter.communicator(board.Board) as comm:
        reply = await comm.subscribe("weather:today")
        assert reply == error("unknown_topic", "Unknown topic 'weather:today'", "weather:today")
        # A pattern parameter never spans a ``:``; the whole topic must match.
        reply = await comm.subscribe("discussion:5:extra")
        assert reply["payload"]["reason"] == "unknown_topic"


async def test_unauthorized_subscribe_joins_nothing_and_handlers_never_run(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        reply = await comm.subscribe("secret:closed")
        assert reply == error(
            "unauthorized", "Not allowed to subscribe to 'secret:closed'", "secret:closed"
        )
        assert members(adapter, board.SecretTopic.group_name("secret:closed")) == set()
        await comm.send_message(Peek(), topic="secret:closed", ref="2")
        frames = await comm.receive_all_json()
        assert frames[0] == error(
            "not_subscribed", "Not subscribed to 'secret:closed'", "secret:closed", "2"
        )
        assert ("peek", "secret:closed") not in board.journal
        assert (await comm.subscribe("secret:open"))["action"] == "subscribed"
        await comm.send_message(Peek(), topic="secret:open", ref="3")
        frames = await comm.receive_all_json()
        assert frames[0]["payload"] == "secret:open"
        assert board.journal == [
            ("authorize", "secret:closed"),
            ("authorize", "secret:open"),
            ("peek", "secret:open"),
        ]


async def test_unsubscribe_stops_pushes_and_always_replies(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        reply = await comm.unsubscribe(TOPIC, ref="u")
        assert reply == {
            "action": "unsubscribed", "payload": None, "version": 1, "topic": TOPIC, "ref": "u"
        }  # fmt: skip
        assert ("unsubscribed", TOPIC) in board.journal
        assert members(adapter, board.DiscussionTopic.group_name(TOPIC)) == set()
        assert (await comm.unsubscribe(TOPIC))["action"] == "unsubscribed"
        assert (await comm.unsubscribe("nothing:here"))["action"] == "unsubscribed"
        await comm.receive_all_json(timeout=0.1)
        await board.DiscussionTopic.broadcast(TOPIC, NewComment(payload="late"))
        assert await comm.receive_all_json(timeout=0.2) == []


async def test_subscribing_twice_replies_twice_and_joins_once(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        assert (await comm.subscribe(TOPIC))["action"] == "subscribed"
        assert (await comm.subscribe(TOPIC, ref="again"))["ref"] == "again"
        assert board.journal == [("subscribed", TOPIC)]
        await board.DiscussionTopic.broadcast(TOPIC, NewComment(payload="once"))
        frames = await comm.receive_all_json(timeout=0.3)
        assert [f["payload"] for f in frames if f["action"] == "comment_posted"] == ["once"]


async def test_subscription_cap(adapter: Adapter, board: SimpleNamespace) -> None:
    async with adapter.communicator(board.SmallBoard) as comm:
        await comm.subscribe("discussion:1")
        await comm.subscribe("discussion:2")
        reply = await comm.subscribe("discussion:3")
        assert reply == error(
            "too_many_subscriptions",
            "Too many subscriptions (at most 2 per connection)",
            "discussion:3",
        )
        assert members(adapter, board.DiscussionTopic.group_name("discussion:3")) == set()
        await comm.unsubscribe("discussion:1")
        assert (await comm.subscribe("discussion:3"))["action"] == "subscribed"


async def test_disconnect_leaves_every_topic(adapter: Adapter, board: SimpleNamespace) -> None:
    comm = adapter.communicator(board.Board)
    await comm.connect()
    for pk in range(3):
        await comm.subscribe(f"discussion:{pk}")
    await comm.subscribe("secret:open")
    groups = [board.DiscussionTopic.group_name(f"discussion:{pk}") for pk in range(3)]
    groups.append(board.SecretTopic.group_name("secret:open"))
    assert all(len(members(adapter, g)) == 1 for g in groups)
    await comm.disconnect()
    assert all(members(adapter, g) == set() for g in groups)
    assert sorted(t for what, t in board.journal if what == "unsubscribed") == [
        "discussion:0", "discussion:1", "discussion:2"
    ]  # fmt: skip


async def test_topic_validation_error_and_handler_error_carry_envelope(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await comm.receive_all_json(timeout=0.1)
        await comm.send_to(
            text_data=json.dumps({"topic": TOPIC, "ref": "v", "action": "post_comment"})
        )
        frames = await comm.receive_all_json()
        assert frames[0]["action"] == "error"
        assert frames[0]["payload"][0]["loc"] == ["post_comment", "payload"]
        assert (frames[0]["topic"], frames[0]["ref"]) == (TOPIC, "v")
        await comm.send_message(Explode(), topic=TOPIC, ref="x")
        assert await comm.receive_all_json() == [
            {"action": "error", "payload": {"detail": "Failed to process message for explode"},
             "version": 1, "topic": TOPIC, "ref": "x"},
        ]  # fmt: skip


async def test_publication_without_a_topic_event_handler_is_not_delivered(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await comm.receive_all_json(timeout=0.1)
        await board.DiscussionTopic.broadcast(TOPIC, Unhandled())
        assert await comm.receive_all_json(timeout=0.2) == []


async def test_broadcast_sync_from_a_thread(adapter: Adapter, board: SimpleNamespace) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        worker = threading.Thread(
            target=board.DiscussionTopic.broadcast_sync,
            args=(TOPIC, NewComment(payload="from a task"), 11),
        )
        worker.start()
        await asyncio.get_running_loop().run_in_executor(None, worker.join, 5)
        message = await comm.receive_topic_message(board.DiscussionTopic, timeout=3)
        while message != CommentPosted(payload="from a task"):
            message = await comm.receive_topic_message(board.DiscussionTopic, timeout=3)


async def test_broadcast_to_a_topic_outside_the_pattern_reaches_nobody(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.subscribe(TOPIC)
        await comm.receive_all_json()
        assert await board.DiscussionTopic.broadcast("weather:1", NewComment(payload="x")) is None
        assert await comm.receive_all_json() == []


async def test_concurrent_topic_frames_keep_their_own_refs(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.ConcurrentBoard) as comm:
        await comm.subscribe(TOPIC)
        await comm.subscribe("discussion:6", ref="s6")
        await comm.receive_all_json(timeout=0.1)
        await comm.send_message(Wait(payload=0.2), topic=TOPIC, ref="slow")
        await comm.send_message(Wait(payload=0.0), topic="discussion:6", ref="fast")
        frames = await comm.receive_all_json(timeout=3)
        replies = [(f["topic"], f["ref"], f["payload"]) for f in frames if f["action"] == "waited"]
        assert replies == [("discussion:6", "fast", 0.0), (TOPIC, "slow", 0.2)]
        assert not [f for f in frames if f["action"] == "complete"]


async def test_camelized_consumer_keeps_envelope_keys(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.CamelBoard) as comm:
        reply = await comm.subscribe(TOPIC, ref="c")
        assert reply == {
            "action": "subscribed", "payload": None, "version": 1, "topic": TOPIC, "ref": "c"
        }  # fmt: skip
        await comm.send_message(PostComment(payload="hi"), topic=TOPIC, ref="d")
        messages = await comm.receive_all_messages()
        assert CommentAccepted(payload="hi") in messages
        assert Welcome(payload="5") in messages


async def test_receive_all_messages_strips_envelope_keys(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.send_to(
            text_data=json.dumps({"version": 1, "topic": TOPIC, "ref": "1", "action": "subscribe"})
        )
        assert await comm.receive_all_messages() == [SubscribedMessage(), Welcome(payload="5")]


async def test_as_consumer_subscribes_from_the_url(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    assert board.Discussion.__name__ == "DiscussionConsumer"
    comm = adapter.Communicator(board.application, "/ws/discussion/9/", consumer=board.Discussion)
    async with comm:
        # The topic named by the URL is subscribed on connect, as a ``subscribe`` without a ref.
        assert await comm.receive_all_json() == [
            {"action": "subscribed", "payload": None, "version": 1, "topic": "discussion:9"},
            {"action": "welcome", "payload": "9", "version": 1, "topic": "discussion:9"},
        ]
        await comm.send_message(PostComment(payload="plain"))
        frames = await comm.receive_all_json()
        await comm.send_message(PostComment(payload="with ref"), ref="7")
        frames += await comm.receive_all_json()
        # Frames without a topic are the default topic's: its replies carry the topic.
        assert [f for f in frames if f["action"] in ("comment_accepted", "complete")] == [
            {"action": "comment_accepted", "payload": "plain", "version": 1,
             "topic": "discussion:9"},
            {"action": "comment_accepted", "payload": "with ref", "version": 1,
             "topic": "discussion:9", "ref": "7"},
        ]  # fmt: skip
        assert [f for f in frames if f["action"] == "comment_posted"] == [
            {"action": "comment_posted", "payload": "plain", "version": 1,
             "topic": "discussion:9", "seq": 7},
            {"action": "comment_posted", "payload": "with ref", "version": 1,
             "topic": "discussion:9", "seq": 7},
        ]  # fmt: skip
        # An action the topic does not handle is the topic's validation error.
        await comm.send_message(PingMessage(), ref="p")
        (reply,) = await comm.receive_all_json()
        assert reply["payload"][0]["type"] == "union_tag_invalid"
        assert (reply["topic"], reply["ref"]) == ("discussion:9", "p")
    group = board.DiscussionTopic.group_name("discussion:9")
    assert members(adapter, group) == set()


async def test_as_consumer_refused_topic_answers_and_stays_open(
    adapter: Adapter, board: SimpleNamespace
) -> None:
    comm = adapter.Communicator(board.application, "/ws/secret/closed/", consumer=board.Secret)
    async with comm:
        assert await comm.receive_all_json() == [
            {"action": "error", "version": 1, "topic": "secret:closed",
             "payload": {"reason": "unauthorized",
                         "detail": "Not allowed to subscribe to 'secret:closed'"}},
        ]  # fmt: skip
        assert members(adapter, board.SecretTopic.group_name("secret:closed")) == set()
        await comm.send_message(Peek(), ref="k")
        assert await comm.receive_all_json() == [
            error("not_subscribed", "Not subscribed to 'secret:closed'", "secret:closed", "k")
        ]
    comm = adapter.Communicator(board.application, "/ws/secret/open/", consumer=board.Secret)
    async with comm:
        assert (await comm.receive_all_json())[0]["action"] == "subscribed"
        await comm.send_message(Peek())
        assert await comm.receive_all_json() == [
            {"action": "peeked", "payload": "secret:open", "version": 1, "topic": "secret:open"}
        ]


async def test_as_consumer_refuses_other_topics(adapter: Adapter, board: SimpleNamespace) -> None:
    """A route for one topic decided access from its URL: no other topic is served there."""
    comm = adapter.Communicator(board.application, "/ws/discussion/1/", consumer=board.Discussion)
    async with comm:
        await comm.receive_all_json()
        assert await comm.subscribe("discussion:2", ref="o") == error(
            "unauthorized", "Not allowed to subscribe to 'discussion:2'", "discussion:2", "o"
        )
        assert members(adapter, board.DiscussionTopic.group_name("discussion:2")) == set()


def test_topic_for_needs_every_parameter(adapter: Adapter) -> None:
    topic = build(adapter.Consumer).DiscussionTopic
    assert topic.topic_for(pk=5) == "discussion:5"
    with pytest.raises(ValueError, match=r"needs parameters \['pk'\]"):
        topic.topic_for()
    with pytest.raises(ValueError, match="does not match"):
        topic.topic_for(pk="a:b")


@pytest.mark.parametrize(
    ("topic", "error_type"),
    [
        ("d" * (MAX_TOPIC_LENGTH + 1), "string_too_long"),
        (5, "string_type"),
        ("discussion:\ud800", "string_unicode"),  # an unpaired surrogate cannot be sent back
    ],
)
async def test_invalid_topic_is_a_validation_error(
    adapter: Adapter, board: SimpleNamespace, topic: Any, error_type: str
) -> None:
    async with adapter.communicator(board.Board) as comm:
        await comm.send_to(
            text_data=json.dumps({"topic": topic, "ref": "1", "action": "subscribe"})
        )
        frames = await comm.receive_all_json()
        assert [(e["type"], e["loc"]) for e in frames[0]["payload"]] == [(error_type, ["topic"])]
        assert len(frames) == 1  # refused before anything that sends ``complete``
        assert adapter.get_layer().groups == {}


async def test_consumer_without_topics_answers_topic_frames_with_errors(adapter: Adapter) -> None:
    from tests.suites.behaviour.consumers import build as build_plain

    consumers = build_plain(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        assert await comm.subscribe("discussion:1") == error(
            "unknown_topic", "Unknown topic 'discussion:1'", "discussion:1"
        )
        await comm.send_message(PingMessage(), topic="discussion:1", ref="2")
        frames = await comm.receive_all_json()
        assert frames[0] == error(
            "not_subscribed", "Not subscribed to 'discussion:1'", "discussion:1", "2"
        )
