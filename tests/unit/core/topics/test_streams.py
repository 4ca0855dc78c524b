"""The per-connection history cursor: held-back publications, gap filling, epochs."""

from types import SimpleNamespace
from typing import Any

from chanx.core.framework_adapter import NO_FRAMEWORK
from chanx.core.topic import Topic
from chanx.core.topics.history import MemoryHistoryStore
from chanx.core.topics.stores import store_key
from chanx.core.topics.streams import TopicStreams
from chanx.messages.presence import Since

TOPIC = "feed:1"


STORE = MemoryHistoryStore()


class FeedTopic(Topic):
    pattern = "feed:{pk}"
    history_size = 10
    history_ttl = None
    history_store = STORE


class BrokenStore(MemoryHistoryStore):
    async def read(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("history unreachable")


class BrokenFeedTopic(FeedTopic):
    history_store = BrokenStore()


def subscription_of(topic_class: type[Topic]) -> Topic:
    """A subscription of ``topic_class`` to ``TOPIC`` on a connection that is never used."""
    connection = SimpleNamespace(
        scope={},
        channel_name="me",
        channel_layer=None,
        channel_layer_alias="default",
        chanx_adapter=NO_FRAMEWORK,
        _write_text=None,
    )
    return topic_class(connection, TOPIC)


def streams() -> tuple[TopicStreams, list[dict[str, Any]]]:
    got: list[dict[str, Any]] = []

    async def deliver(event: dict[str, Any]) -> None:
        got.append(event)

    return TopicStreams("me", deliver), got


async def publish(count: int, topic_class: type[Topic] = FeedTopic) -> list[dict[str, Any]]:
    """Append ``count`` publications; the channel messages a broadcast would carry."""
    store = topic_class.history_store
    assert store is not None
    events: list[dict[str, Any]] = []
    for _ in range(count):
        data = {"topic": TOPIC, "event_data": {"n": len(events)}}
        offset, epoch = await store.append(store_key(topic_class, TOPIC), data, size=10, ttl=None)
        events.append({**data, "offset": offset, "epoch": epoch})
    return events


def offsets(got: list[dict[str, Any]]) -> list[int]:
    return [event["offset"] for event in got]


async def test_publications_arriving_during_recovery_follow_the_history_once() -> None:
    await STORE.clear()
    events = await publish(5)
    conn, got = streams()
    subscription = subscription_of(FeedTopic)
    fields = await conn.open(subscription, Since(offset=2, epoch=events[0]["epoch"]))
    assert fields == {"epoch": events[0]["epoch"], "offset": 5, "recovered": True}
    # Broadcasts of offsets 4 and 5 (already in the history) and a new 6 arrive meanwhile.
    events += await publish(1)
    for event in events[3:]:
        assert await conn.receive(subscription, event)
    assert got == []  # held back until the reply is out
    await conn.start(TOPIC)
    assert offsets(got) == [3, 4, 5, 6]
    assert all("epoch" not in event for event in got)
    assert await conn.receive(subscription, events[5])  # a repeat is dropped
    assert offsets(got) == [3, 4, 5, 6]


async def test_a_skipped_offset_is_fetched_from_the_history_before_the_newer_one() -> None:
    await STORE.clear()
    conn, got = streams()
    subscription = subscription_of(FeedTopic)
    assert (await conn.open(subscription, None))["offset"] == 0
    await conn.start(TOPIC)
    events = await publish(3)
    await conn.receive(subscription, events[2])  # 1 and 2 are still on their way
    assert [(e["offset"], e["event_data"]) for e in got] == [
        (1, {"n": 0}),
        (2, {"n": 1}),
        (3, {"n": 2}),
    ]
    for event in events[:2]:
        await conn.receive(subscription, event)
    assert offsets(got) == [1, 2, 3]


async def test_a_new_epoch_is_followed_and_announced_on_its_first_push() -> None:
    await STORE.clear()
    conn, got = streams()
    subscription = subscription_of(FeedTopic)
    await conn.open(subscription, None)
    await conn.start(TOPIC)
    before = await publish(2)
    for event in before:
        await conn.receive(subscription, event)
    await STORE.clear()  # the history is lost
    after = await publish(2)
    assert after[0]["offset"] == 1 and after[0]["epoch"] != before[0]["epoch"]
    for event in after:
        await conn.receive(subscription, event)
    assert offsets(got) == [1, 2, 1, 2]
    assert got[2]["epoch"] == after[0]["epoch"]
    assert "epoch" not in got[3]


async def test_unreachable_history_subscribes_live_and_says_not_recovered() -> None:
    conn, _ = streams()
    subscription = subscription_of(BrokenFeedTopic)
    assert await conn.open(subscription, Since(offset=1, epoch="e")) == {"recovered": False}
    assert await conn.open(subscription, None) == {}
    await conn.start(TOPIC)
    assert not await conn.receive(subscription, {"topic": TOPIC, "offset": 9, "epoch": "e"})


async def test_covers_needs_every_offset_after_the_position() -> None:
    await STORE.clear()
    events = await publish(4)
    key = store_key(FeedTopic, TOPIC)
    state = await STORE.read(key, 1, ttl=None)
    assert [p.offset for p in state.publications] == [2, 3, 4]
    assert state.covers(1) and not state.covers(0) and not state.covers(5)
    await STORE.trim(key, 2)
    state = await STORE.read(key, 1, ttl=None)
    assert not state.covers(1)
    assert state.epoch == events[0]["epoch"]
