"""Topic code written for chanx 2.13 runs unchanged, on both adapters."""

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from chanx.core import envelope, websocket
from chanx.core.topic import Topic
from chanx.core.websocket import ChanxWebsocketConsumerMixin
from chanx.messages.incoming import PingMessage
from tests.conftest import Adapter
from tests.suites.compat213.kits import (
    Boom,
    ChatMessage,
    CheckRef,
    Notice,
    RoomJoined,
    RunDelta,
    RunEvent,
    SayMessage,
    build,
)

ROOM = "room:7"


@pytest.fixture
def kit(adapter: Adapter) -> Iterator[SimpleNamespace]:
    built = build(adapter.Consumer)
    built.journal.clear()
    yield built
    built.journal.clear()


def stamped(action: str, payload: Any, topic: str, **keys: Any) -> dict[str, Any]:
    return {"action": action, "payload": payload, "version": 1, "topic": topic, **keys}


def test_topic_is_a_generic_consumer_mixin(adapter: Adapter, kit: SimpleNamespace) -> None:
    assert issubclass(Topic, ChanxWebsocketConsumerMixin)
    assert Topic[ChatMessage] is not None and Topic[ChatMessage | Notice] is not None
    topics: list[type[Topic[Any]]] = [kit.RoomChatTopic]
    assert topics[0].param_names == ("room_id",)
    assert kit.RoomChatTopic.parse("room:a/b c") == {"room_id": "a/b c"}
    assert kit.RoomChatTopic.parse("room:a:b") is None
    assert kit.RoomChatTopic.parse("room:") is None
    assert kit.AgentRunTopic.param_names == ("thread", "run")
    assert kit.RoomChatTopic.group_name(ROOM) == "RoomChatTopic.room-7"
    assert kit.RoomChatTopic.name == "RoomChatTopic"
    assert kit.RoomChatTopic.snake_name == "room_chat_topic"
    assert kit.RoomChatTopic.channel_layer_alias == "default"
    # Its own handlers, adapters and outputs, like a consumer's.
    assert set(kit.RoomChatTopic._MESSAGE_HANDLER_INFO_MAP) == {"say"}
    assert kit.RoomChatTopic.incoming_event_adapter is not None
    assert kit.PresenceTopic.emits == [Notice]
    with pytest.raises(AttributeError):
        kit.ChatTopicBase.parse(ROOM)  # an abstract base matches nothing


def test_envelope_context_variables_and_reexports() -> None:
    assert envelope.current_ref.name == "chanx_current_ref"
    assert envelope.current_seq.name == "chanx_current_seq"
    assert envelope.current_ref.get() is None and envelope.current_seq.get() is None
    assert websocket.current_ref is envelope.current_ref
    assert websocket.current_seq is envelope.current_seq
    assert envelope.strip_envelope({"action": "a", "ref": "1", "topic": "t", "seq": 1}) == {
        "action": "a"
    }
    assert envelope.Envelope().version == 1
    assert [r.value for r in envelope.TopicErrorReason][:3] == [
        "unknown_topic",
        "unauthorized",
        "not_subscribed",
    ]


def test_as_consumer_builds_a_dedicated_consumer(adapter: Adapter, kit: SimpleNamespace) -> None:
    dedicated = kit.RoomChatTopic.as_consumer(adapter.Consumer)
    assert dedicated.__name__ == "RoomChatConsumer"
    assert dedicated.topics == [kit.RoomChatTopic]
    assert dedicated.default_topic is kit.RoomChatTopic
    assert dedicated.channel_layer_alias == "default"
    assert issubclass(dedicated, adapter.Consumer)


async def test_subscription_instance_has_the_consumer_api(
    adapter: Adapter, kit: SimpleNamespace
) -> None:
    async with adapter.communicator(kit.Kit) as comm:
        assert (await comm.subscribe(ROOM))["action"] == "subscribed"
        await comm.receive_all_json()
        subscriptions = [c.subscriptions for c in _consumers(comm)]
        (subscription,) = [s[ROOM] for s in subscriptions if ROOM in s]
        consumer = subscription.consumer
        assert isinstance(subscription, kit.RoomChatTopic)
        assert subscription.topic == ROOM and subscription.params == {"room_id": "7"}
        assert subscription.room == "7"  # its own __init__(consumer, topic) ran
        assert subscription.channel_name == consumer.channel_name
        assert subscription.channel_layer is consumer.channel_layer
        assert subscription.scope is consumer.scope
        assert subscription.should_camelize is False
        assert subscription.should_send_completion is False  # not the consumer's True
        assert kit.journal == [("init", ROOM)]


def _consumers(comm: Any) -> list[Any]:
    from chanx.testing.activity import PROBE

    return [c for c in list(PROBE._consumers) if c.scope is not None and c.dispatch_loop]


async def test_handler_reply_broadcast_and_replay_with_seq(
    adapter: Adapter, kit: SimpleNamespace
) -> None:
    async with adapter.communicator(kit.Kit) as comm:
        assert await comm.subscribe(ROOM, ref="s") == stamped("subscribed", None, ROOM, ref="s")
        # on_subscribe replays stored events stamped with their numbers, without the ref.
        assert await comm.receive_all_json() == [
            stamped("history_entry", "first", ROOM, seq=1),
            stamped("history_entry", "second", ROOM, seq=2),
        ]
        await comm.send_message(SayMessage(payload="hi"), topic=ROOM, ref="c")
        frames = await comm.receive_all_json()
        assert sorted(frames, key=lambda f: f["action"]) == [
            stamped("chat_ack", {"room": "7", "by": True}, ROOM, ref="c"),
            stamped("chat_message", "hi", ROOM, seq=1),
        ]
        # The consumer's own handlers keep their completion (its send_completion).
        await comm.send_message(PingMessage(), ref="p")
        assert await comm.receive_all_json() == [
            {"action": "pong", "payload": None, "version": 1, "ref": "p"},
            {"action": "complete", "payload": None, "version": 1, "ref": "p"},
        ]


async def test_refused_and_repeated_subscriptions(adapter: Adapter, kit: SimpleNamespace) -> None:
    async with adapter.communicator(kit.Kit) as comm:
        assert await comm.subscribe("room:locked", ref="l") == stamped(
            "error",
            {"reason": "unauthorized", "detail": "Not allowed to subscribe to 'room:locked'"},
            "room:locked",
            ref="l",
        )
        assert kit.journal == [("init", "room:locked")]  # built, then thrown away
        await comm.subscribe(ROOM)
        await comm.receive_all_json()
        assert await comm.subscribe(ROOM, ref="again") == stamped(
            "subscribed", None, ROOM, ref="again"
        )
        assert await comm.receive_all_json() == []  # no second on_subscribe
        await comm.send_message(SayMessage(payload="x"), topic="room:8", ref="n")
        assert await comm.receive_all_json() == [
            stamped(
                "error",
                {"reason": "not_subscribed", "detail": "Not subscribed to 'room:8'"},
                "room:8",
                ref="n",
            )
        ]


async def test_presence_topic_joins_an_extra_group_heard_by_the_consumer(
    adapter: Adapter, kit: SimpleNamespace
) -> None:
    topic = "presence:3"
    async with adapter.communicator(kit.Kit) as comm:
        await comm.subscribe(topic)
        assert await comm.receive_all_json() == [stamped("notice", "welcome", topic)]
        await kit.Kit.broadcast_event(RoomJoined(payload="ann"), "presence-extra-3")
        # Anything sent to that group is handled by the consumer's handlers, not the topic's.
        frames = await comm.receive_all_json()
        assert frames == [
            {"action": "notice", "payload": "joined ann"},
            {"action": "event_complete", "payload": None},
        ]
        # on_unsubscribe runs with the request's ref and before ``unsubscribed``.
        await comm.send_to(
            text_data='{"action": "unsubscribe", "topic": "presence:3", "ref": "u", "version": 1}'
        )
        assert await comm.receive_all_json() == [
            stamped("notice", "bye", topic, ref="u"),
            stamped("unsubscribed", None, topic, ref="u"),
        ]
        assert kit.journal == [("left", topic, "u")]


async def test_overridden_send_message_sees_passthrough_broadcasts(
    adapter: Adapter, kit: SimpleNamespace
) -> None:
    topic = "run:t1:r1"
    async with adapter.communicator(kit.Kit) as comm:
        await comm.subscribe(topic)
        await comm.receive_all_json()
        event = RunEvent(payload=RunDelta(message_id="m1", delta_text="hel"))
        await kit.AgentRunTopic.broadcast(topic, event, seq=4)
        assert await comm.receive_all_json() == [
            stamped("run_event", {"messageId": "m1", "deltaText": "hel"}, topic, seq=4)
        ]


async def test_completion_follows_the_topic_class(adapter: Adapter, kit: SimpleNamespace) -> None:
    topic = "done:1"
    async with adapter.communicator(kit.Kit) as comm:
        # Protocol replies never complete.
        assert await comm.subscribe(topic, ref="s") == stamped("subscribed", None, topic, ref="s")
        assert await comm.receive_all_json() == []
        await comm.send_message(PingMessage(), topic=topic, ref="p")
        assert await comm.receive_all_json() == [
            stamped("pong", None, topic, ref="p"),
            stamped("complete", None, topic, ref="p"),
        ]
        await comm.send_message(Boom(), topic=topic, ref="b")
        assert await comm.receive_all_json() == [
            stamped("error", {"detail": "Failed to process message for boom"}, topic, ref="b"),
            stamped("complete", None, topic, ref="b"),
        ]
        await comm.send_to(text_data='{"action": "nope", "topic": "done:1", "ref": "z"}')
        invalid, complete = await comm.receive_all_json()
        assert invalid["payload"][0]["type"] == "union_tag_invalid" and "reason" not in invalid
        assert complete == stamped("complete", None, topic, ref="z")
        await comm.send_message(CheckRef(), topic=topic, ref="r")
        assert (await comm.receive_all_json())[0]["payload"] == "r"  # current_ref is readable
        await kit.CompletingTopic.broadcast(topic, Notice(payload="n"), seq=9)
        assert await comm.receive_all_json() == [
            stamped("notice", "n", topic, seq=9),
            stamped("event_complete", None, topic, seq=9),
        ]


async def test_topic_without_handlers_answers_a_processing_error(
    adapter: Adapter, kit: SimpleNamespace
) -> None:
    async with adapter.communicator(kit.Kit) as comm:
        await comm.subscribe("bare:1")
        await comm.send_message(PingMessage(), topic="bare:1", ref="q")
        assert await comm.receive_all_json() == [
            stamped("error", {"detail": "Failed to process message"}, "bare:1", ref="q")
        ]


async def test_disconnect_runs_on_unsubscribe_and_leaves_every_group(
    adapter: Adapter, kit: SimpleNamespace
) -> None:
    comm = adapter.communicator(kit.Kit)
    await comm.connect()
    await comm.subscribe("presence:9")
    await comm.subscribe(ROOM)
    await comm.receive_all_json()
    await comm.disconnect()
    layer = adapter.get_layer()
    for group in ("presence-extra-9", kit.PresenceTopic.group_name("presence:9"),
                  kit.RoomChatTopic.group_name(ROOM)):  # fmt: skip
        assert not layer.groups.get(group)
    assert ("left", "presence:9", None) in kit.journal


async def test_broadcast_without_a_channel_layer_is_a_lookup_error(adapter: Adapter) -> None:
    class Orphan(Topic):
        pattern = "orphan:{pk}"
        channel_layer_alias = "nowhere"

    with pytest.raises(LookupError, match="No channel layer registered under alias 'nowhere'"):
        await Orphan.broadcast("orphan:1", Notice(payload="x"))


def test_topic_emits_must_be_messages(adapter: Adapter) -> None:
    with pytest.raises(TypeError, match="must be a BaseMessage subclass"):

        class Wrong(Topic):
            pattern = "wrong:{pk}"
            emits = [int]  # type: ignore[list-item]
