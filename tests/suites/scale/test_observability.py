"""Observability across real processes: one trace from an HTTP view in server A to the pushes
in servers A and B over a real Redis layer; ``/metrics`` scraped while clients send frames."""

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from websockets.asyncio.client import ClientConnection

from tests.suites.scale.client import expect_silence, open_client, recv_json
from tests.suites.scale.conftest import (
    STACK_SERVERS,
    GroupMembers,
    delete_prefix,
    unique_prefix,
)
from tests.suites.scale.consumers import ROOM
from tests.suites.scale.observed import VIEW_SPAN
from tests.suites.scale.servers import Server, servers

Observed = tuple[str, str, list[Server], Path]


@pytest.fixture(scope="module", params=sorted(STACK_SERVERS))
def observed_stack(
    request: pytest.FixtureRequest, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Observed]:
    """(stack, prefix, two traced server processes, the directory of their span files)."""
    name: str = request.param
    prefix = unique_prefix()
    logs = tmp_path_factory.mktemp(f"observed-{name}")
    spans = tmp_path_factory.mktemp(f"spans-{name}")
    # Presence members do not expire during a test: no presence change but the test's own.
    env = {"CHANX_OBSERVE": "1", "CHANX_TRACE_DIR": str(spans), "CHANX_TEST_PRESENCE_TTL": "60"}
    with servers(name, STACK_SERVERS[name], redis_url, prefix, logs, **env) as running:
        yield name, prefix, running, spans
    delete_prefix(redis_url, prefix)


def read_spans(directory: Path) -> list[dict[str, Any]]:
    spans = []
    for path in sorted(directory.glob("spans-*.jsonl")):
        spans += [json.loads(line) for line in path.read_text().splitlines() if line]
    return spans


async def wait_for(check: Any, timeout: float = 10.0) -> Any:
    """Poll ``check()`` until it returns something truthy (bounded in time)."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


async def test_one_trace_from_an_http_view_in_a_to_pushes_in_a_and_b(
    observed_stack: Observed, group_members: GroupMembers
) -> None:
    name, prefix, (a, b), spans_dir = observed_stack
    clients = [await open_client(a.url), await open_client(b.url)]
    try:
        await wait_for(lambda: group_members.count(prefix, ROOM) >= len(clients))
        text = f"traced-{uuid.uuid4().hex[:6]}"
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.get(f"http://127.0.0.1:{a.port}/notify", params={"text": text})
        assert response.status_code == 200, response.text
        for ws in clients:
            frame = await recv_json(ws)
            while frame.get("payload") != text:  # bounded by recv_json's timeout
                frame = await recv_json(ws)
            # The trace context rode in the layer message; the client sees only the event.
            assert frame == {"action": "noticed", "payload": text}, (name, frame)

        def complete() -> list[dict[str, Any]] | None:
            spans = read_spans(spans_dir)
            views = [s for s in spans if s["name"] == VIEW_SPAN]
            if not views:
                return None
            trace = [s for s in spans if s["trace_id"] == views[-1]["trace_id"]]
            processed = [s for s in trace if s["name"] == "ScaleConsumer process event"]
            return trace if len(processed) >= 2 else None

        trace = await wait_for(complete)
        assert trace, (name, read_spans(spans_dir))
        view = next(s for s in trace if s["name"] == VIEW_SPAN)
        publish = next(s for s in trace if s["name"] == "publish ScaleConsumer")
        processed = [s for s in trace if s["name"] == "ScaleConsumer process event"]
        assert view["pid"] == a.pid
        assert publish["pid"] == a.pid and publish["kind"] == "PRODUCER"
        assert publish["parent_id"] == view["span_id"]
        assert publish["attributes"]["messaging.system"] == "chanx"
        assert sorted(s["pid"] for s in processed) == sorted([a.pid, b.pid])
        for span in processed:
            assert span["kind"] == "CONSUMER"
            assert span["parent_id"] == publish["span_id"]
            assert span["attributes"]["chanx.event.action"] == "notify"
    finally:
        for ws in clients:
            await ws.close()


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(server: Server) -> Samples:
    """The server's chanx series (counters, gauges, histogram counts), parsed by prometheus-client."""
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.get(f"http://127.0.0.1:{server.port}/metrics")
    assert response.status_code == 200
    found: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if not sample.name.startswith("chanx_"):
                continue
            if sample.name.endswith(("_created", "_bucket", "_sum")):
                continue
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def changes(before: Samples, after: Samples) -> Samples:
    """Every series whose value moved, by how much."""
    moved = {}
    for key in before.keys() | after.keys():
        delta = after.get(key, 0.0) - before.get(key, 0.0)
        if delta:
            moved[key] = delta
    return moved


def series(name: str, **labels: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    return name, tuple(sorted(labels.items()))


async def exchange(ws: ClientConnection, frame: str) -> list[dict[str, Any]]:
    """Send ``frame`` text; everything the server sent back until it went quiet."""
    await ws.send(frame)
    return await expect_silence(ws, 0.5)


def sent_by_action(consumer: str, frames: list[dict[str, Any]]) -> Samples:
    counts: Samples = {}
    for frame in frames:
        key = series("chanx_frames_sent_total", consumer=consumer, action=frame["action"])
        counts[key] = counts.get(key, 0.0) + 1
    return counts


def topic_frame(topic: str, action: str, **extra: Any) -> str:
    return json.dumps({"version": 1, "topic": topic, "action": action, **extra})


async def test_metrics_scraped_while_clients_send_valid_and_invalid_frames(
    observed_stack: Observed, group_members: GroupMembers
) -> None:
    name, prefix, (a, _b), _spans = observed_stack
    await wait_for(lambda: group_members.count(prefix, ROOM) == 0)
    before = await scrape(a)
    scale = await open_client(a.url)
    live = await open_client(a.live_url)
    scale_frames: list[dict[str, Any]] = []
    live_frames: list[dict[str, Any]] = []
    live_deliveries = series("chanx_deliveries_total", consumer="LiveConsumer", kind="topic")
    try:
        await wait_for(lambda: group_members.count(prefix, ROOM) == 1)
        for _ in range(3):
            scale_frames += await exchange(scale, '{"action":"ping"}')
        scale_frames += await exchange(scale, "not json")
        scale_frames += await exchange(scale, '{"action":"no_such_action"}')
        scale_frames += await exchange(scale, '{"action":"shout","payload":"hi"}')
        await scale.send(b"binary frames are refused")
        scale_frames += await expect_silence(scale, 0.5)
        assert [f["action"] for f in scale_frames] == [
            *["pong"] * 3,
            *["error"] * 2,
            "shouted",
            "error",
        ], scale_frames

        who, topic = f"who:{uuid.uuid4().hex[:8]}", f"live:{uuid.uuid4().hex[:8]}"
        live_frames += await exchange(live, topic_frame(who, "subscribe"))
        first = await exchange(live, topic_frame(topic, "subscribe"))
        live_frames += first
        position = next(f for f in first if f["action"] == "subscribed")
        publish = {"count": 2, "prefix": "m"}
        live_frames += await exchange(live, topic_frame(topic, "publish_many", payload=publish))
        pushed = [f for f in live_frames if f["action"] == "live_comment_pushed"]
        assert len(pushed) == 2, live_frames
        live_frames += await exchange(live, topic_frame(topic, "unsubscribe"))
        since = {"epoch": position["epoch"], "offset": pushed[-1]["offset"]}
        again = await exchange(live, topic_frame(topic, "subscribe", since=since))
        assert [f.get("recovered") for f in again if f["action"] == "subscribed"] == [True]
        live_frames += again
        live_frames += await exchange(live, topic_frame(topic, "unsubscribe"))
        lost = {"epoch": "another-epoch", "offset": 0}
        gone = await exchange(live, topic_frame(topic, "subscribe", since=lost))
        assert [f.get("recovered") for f in gone if f["action"] == "subscribed"] == [False]
        live_frames += gone

        live_frames += await expect_silence(live, 0.3)
        assert [f["action"] for f in live_frames].count("presence_join") == 1, live_frames
        during = changes(before, await scrape(a))
        assert during[live_deliveries] == 3  # the two publications and the presence join
        assert during[series("chanx_open_connections", consumer="ScaleConsumer")] == 1
        assert during[series("chanx_open_connections", consumer="LiveConsumer")] == 1
        assert during[series("chanx_topic_subscriptions", topic_class="WhoTopic")] == 1
        assert during[series("chanx_topic_subscriptions", topic_class="LiveTopic")] == 1
        assert during[series("chanx_presence_members", topic_class="WhoTopic")] == 1
    finally:
        await scale.close()
        await live.close()

    closed = series("chanx_closes_total", consumer="LiveConsumer", code="1000", by="client")

    async def settled() -> Samples | None:
        moved = changes(before, await scrape(a))
        return moved if moved.get(closed) == 1 else None

    deadline = time.monotonic() + 10
    after = await settled()
    while after is None and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        after = await settled()
    assert after is not None
    received = "chanx_frames_received_total"
    durations = "chanx_handler_duration_seconds_count"
    expected: Samples = {
        series(received, consumer="ScaleConsumer", action="ping", outcome="ok"): 3,
        series(received, consumer="ScaleConsumer", action="shout", outcome="ok"): 1,
        series(received, consumer="ScaleConsumer", action="_invalid", outcome="invalid"): 1,
        series(
            received, consumer="ScaleConsumer", action="_invalid", outcome="validation_error"
        ): 1,
        series(received, consumer="LiveConsumer", action="subscribe", outcome="ok"): 4,
        series(received, consumer="LiveConsumer", action="publish_many", outcome="ok"): 1,
        series(received, consumer="LiveConsumer", action="unsubscribe", outcome="ok"): 2,
        series(durations, consumer="ScaleConsumer", action="ping"): 3,
        series(durations, consumer="ScaleConsumer", action="shout"): 1,
        series(durations, consumer="ScaleConsumer", action="_invalid"): 2,
        series(durations, consumer="LiveConsumer", action="subscribe"): 4,
        series(durations, consumer="LiveConsumer", action="publish_many"): 1,
        series(durations, consumer="LiveConsumer", action="unsubscribe"): 2,
        series("chanx_errors_total", consumer="ScaleConsumer", kind="invalid"): 1,
        series("chanx_errors_total", consumer="ScaleConsumer", kind="validation_error"): 1,
        series("chanx_errors_total", consumer="ScaleConsumer", kind="refused"): 1,
        **sent_by_action("ScaleConsumer", scale_frames),
        **sent_by_action("LiveConsumer", live_frames),
        series("chanx_connects_total", consumer="ScaleConsumer", outcome="accepted"): 1,
        series("chanx_connects_total", consumer="LiveConsumer", outcome="accepted"): 1,
        series("chanx_closes_total", consumer="ScaleConsumer", code="1000", by="client"): 1,
        closed: 1,
        series("chanx_history_recoveries_total", topic_class="LiveTopic", recovered="true"): 1,
        series("chanx_history_recoveries_total", topic_class="LiveTopic", recovered="false"): 1,
        series("chanx_broadcasts_total", source="ScaleConsumer", kind="group"): 1,
        series("chanx_broadcasts_total", source="LiveTopic", kind="topic"): 2,
        series("chanx_layer_send_duration_seconds_count", kind="group"): 1,
        series("chanx_layer_send_duration_seconds_count", kind="topic"): 2,
        series("chanx_deliveries_total", consumer="ScaleConsumer", kind="group"): 1,
    }
    # The two publications and this connection's presence join (asserted while it was open);
    # its presence leave, announced while it closes, reaches it before it stops reading the
    # layer, or not.
    assert after.pop(live_deliveries) in (3, 4)
    assert after == expected, (name, [f["action"] for f in live_frames], sorted(after.items()))
