"""Topic history on Redis: publish cost vs a plain topic broadcast, and recovery of 1,000.

``uv run python -m benchmarks.history [--redis-url URL] [-n 2000] [--members 10] [--reps 5]``
(default URL: ``CHANX_BENCH_REDIS_URL`` or ``redis://127.0.0.1:6379/0``; keys use a fresh
prefix and are deleted at the end).

* **publish** — ``Topic.broadcast`` to a topic with ``--members`` channels in its group,
  plain topic vs history topic (append + broadcast), blocks of 200 alternated; µs per
  publication (median of the blocks) and the ratio history / plain.
* **recover** — a subscription recovering 1,000 missed publications through the same code
  a reconnecting client runs (history read, then delivery): time, and the Redis commands it
  sent (counted on the store's client).
"""

import argparse
import asyncio
import os
import statistics
import time
import uuid
from types import SimpleNamespace
from typing import Any, Literal

from fast_channels.layers import register_channel_layer

from chanx.core.decorators import event_handler
from chanx.core.framework_adapter import NO_FRAMEWORK
from chanx.core.topic import Topic
from chanx.core.topics.stores import history_store, store_key
from chanx.core.topics.streams import TopicStreams
from chanx.ext.fast_channels.layers import create_redis_layer
from chanx.messages.base import BaseMessage
from chanx.messages.presence import Since


class Comment(BaseMessage):
    action: Literal["comment"] = "comment"
    payload: str


class PlainTopic(Topic):
    pattern = "plain:{pk}"

    @event_handler
    async def comment(self, event: Comment) -> Comment:
        return event


class HistoryTopic(PlainTopic):
    pattern = "kept:{pk}"
    history_size = 5000


async def publish_block(topic_class: type[Topic], topic: str, count: int) -> float:
    event = Comment(payload="x" * 100)
    start = time.perf_counter()
    for _ in range(count):
        await topic_class.broadcast(topic, event)
    return (time.perf_counter() - start) / count * 1e6


async def bench_publish(layer: Any, n: int, members: int) -> tuple[float, float]:
    plain, kept = "plain:1", "kept:1"
    for topic_class, topic in ((PlainTopic, plain), (HistoryTopic, kept)):
        for i in range(members):
            await layer.group_add(topic_class.group_name(topic), f"bench.member{i}")
        await publish_block(topic_class, topic, 50)  # warm-up: connections, script load
    samples: dict[str, list[float]] = {"plain": [], "history": []}
    block = 200
    for index in range(max(1, n // block)):
        order = [("plain", PlainTopic, plain), ("history", HistoryTopic, kept)]
        for name, topic_class, topic in order if index % 2 == 0 else order[::-1]:
            samples[name].append(await publish_block(topic_class, topic, block))
    return statistics.median(samples["plain"]), statistics.median(samples["history"])


class Counting:
    """Counts the commands sent through a Redis client (scripts included, one each)."""

    def __init__(self, client: Any) -> None:
        self.calls = 0
        original = client.execute_command

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return await original(*args, **kwargs)

        client.execute_command = counted


async def bench_recover(missed: int) -> tuple[float, int, int]:
    topic = f"kept:{uuid.uuid4().hex[:6]}"
    first = await HistoryTopic.broadcast(topic, Comment(payload="seen"))
    assert first is not None
    state = await history_store(HistoryTopic).read(
        store_key(HistoryTopic, topic), None, ttl=HistoryTopic.history_ttl
    )
    for _ in range(missed):
        await HistoryTopic.broadcast(topic, Comment(payload="missed"))
    delivered: list[int] = []

    async def deliver(event: dict[str, Any]) -> None:
        delivered.append(event["offset"])

    store: Any = history_store(HistoryTopic)
    counter = Counting(store.client())
    streams = TopicStreams("bench.reader", deliver)
    # A subscription of a connection that is never written to (the reader is ``deliver``).
    connection = SimpleNamespace(
        scope={}, channel_name="bench.reader", channel_layer=None,
        channel_layer_alias="default", chanx_adapter=NO_FRAMEWORK, _write_text=None,
    )  # fmt: skip
    subscription = HistoryTopic(connection, topic)
    start = time.perf_counter()
    fields = await streams.open(subscription, Since(offset=first, epoch=state.epoch))
    await streams.start(topic)
    elapsed = time.perf_counter() - start
    assert fields["recovered"] is True
    assert delivered == list(range(first + 1, first + missed + 1))
    return elapsed * 1000, counter.calls, len(delivered)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("CHANX_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
    )
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--reps", type=int, default=5)
    options = parser.parse_args()
    prefix = f"chanx-bench-{uuid.uuid4().hex[:8]}"
    layer = create_redis_layer(options.redis_url, prefix=prefix)
    register_channel_layer("default", layer)
    try:
        plain, kept = await bench_publish(layer, options.n, options.members)
        print(f"publish ({options.members} members, n={options.n}, µs/publication, median)")
        print(f"  plain topic broadcast   {plain:8.1f}")
        print(f"  history topic           {kept:8.1f}   ratio {kept / plain:.2f}")
        runs = [await bench_recover(1000) for _ in range(options.reps)]
        ms = statistics.median(run[0] for run in runs)
        print(f"recover 1,000 missed publications (median of {options.reps})")
        print(f"  {ms:.1f} ms, {runs[0][1]} Redis commands, {runs[0][2]} delivered")
    finally:
        store: Any = history_store(HistoryTopic)
        client = store.client()
        async for key in client.scan_iter(match=f"{prefix}*", count=500):
            await client.delete(key)
        await layer.flush()


if __name__ == "__main__":
    asyncio.run(main())
