"""Tracing on, in process, both adapters: spans per frame, layer message, connect,
authentication and disconnect; the trace context crosses the channel layer unseen."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from chanx import observability
from chanx.core.authenticator import BaseAuthenticator
from chanx.observability.state import TRACE_KEY
from tests.conftest import Adapter
from tests.shared.messages import Notify
from tests.suites.behaviour.consumers import build
from tests.suites.behaviour.topics import build as build_topics

TOPIC = "discussion:5"


class Refuse(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        return False


class Tracer:
    """An SDK tracer provider whose finished spans are kept in memory."""

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.provider = TracerProvider()
        self.provider.add_span_processor(SimpleSpanProcessor(self.exporter))

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def named(self, name: str) -> ReadableSpan:
        found = [s for s in self.spans() if s.name == name]
        assert len(found) == 1, (name, [s.name for s in self.spans()])
        return found[0]


@pytest.fixture
def tracer() -> Iterator[Tracer]:
    traced = Tracer()
    observability.enable(prometheus=False, tracer_provider=traced.provider)
    yield traced
    observability.disable()


def attrs(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


async def test_a_span_per_frame_with_its_outcome(adapter: Adapter, tracer: Tracer) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo, "/ws/echo") as comm:
        await comm.send_to(text_data='{"action":"ping","ref":"r1","version":1}')
        await comm.receive_all_json(timeout=0.3)
        await comm.send_to(text_data='{"action":"echo","payload":{"text":1}}')
        await comm.receive_all_json(timeout=0.3)
        await comm.send_to(text_data='{"action":"boom"}')
        await comm.receive_all_json(timeout=0.3)
        await comm.send_to(text_data='{"action":"no_such_thing"}')
        await comm.receive_all_json(timeout=0.3)
        await comm.send_to(text_data="not json")
        await comm.receive_all_json(timeout=0.3)
    frames = [s for s in tracer.spans() if attrs(s).get("chanx.outcome") is not None]
    frames = [s for s in frames if s.kind is SpanKind.SERVER and "connect" not in s.name]
    by_action = {
        attrs(s)["chanx.action"]: s for s in frames if attrs(s)["chanx.action"] != "_invalid"
    }
    ping = by_action["ping"]
    assert ping.name == "EchoConsumer ping"
    assert attrs(ping) == {
        "chanx.consumer": "EchoConsumer",
        "url.path": "/ws/echo",
        "messaging.message.body.size": len('{"action":"ping","ref":"r1","version":1}'),
        "chanx.action": "ping",
        "chanx.outcome": "ok",
        "chanx.ref": "r1",
    }
    assert ping.status.status_code is StatusCode.UNSET
    assert attrs(by_action["boom"])["chanx.outcome"] == "handler_error"
    assert attrs(by_action["boom"])["error.type"] == "handler_error"
    assert by_action["boom"].status.status_code is StatusCode.ERROR
    assert attrs(by_action["echo"])["error.type"] == "validation_error"
    invalid = [s for s in frames if attrs(s)["chanx.action"] == "_invalid"]
    # An unknown action is a validation error; text that is not JSON has no action at all.
    assert sorted(attrs(s)["chanx.outcome"] for s in invalid) == ["invalid", "validation_error"]
    assert all(s.name == "EchoConsumer _invalid" for s in invalid)
    # No payload content unless opted in.
    assert not any("chanx.payload" in attrs(s) for s in tracer.spans())


async def test_payloads_only_when_opted_in(adapter: Adapter) -> None:
    traced = Tracer()
    observability.enable(prometheus=False, tracer_provider=traced.provider, include_payloads=True)
    try:
        consumers = build(adapter.Consumer)
        async with adapter.communicator(consumers.Echo) as comm:
            await comm.send_to(text_data='{"action":"ping"}')
            await comm.receive_all_json(timeout=0.3)
    finally:
        observability.disable()
    assert attrs(traced.named("EchoConsumer ping"))["chanx.payload"] == '{"action":"ping"}'


async def test_connect_authenticate_disconnect_spans(adapter: Adapter, tracer: Tracer) -> None:
    consumers = build(adapter.Consumer)

    class Guarded(consumers.Echo):  # type: ignore[name-defined,misc]
        authenticator_class = Refuse

    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data='{"action":"ping"}')
        await comm.receive_all_json(timeout=0.3)
    connect = tracer.named("EchoConsumer connect")
    assert attrs(connect)["chanx.outcome"] == "accepted"
    disconnect = tracer.named("EchoConsumer disconnect")
    assert attrs(disconnect)["chanx.closed_by"] == "client"
    comm = adapter.communicator(Guarded)
    try:
        await comm.connect()
        await comm.receive_output()  # the close
    finally:
        await comm.disconnect()
    auth = tracer.named("Guarded authenticate")
    assert attrs(auth)["chanx.outcome"] == "unauthenticated"
    refused = tracer.named("Guarded connect")
    assert attrs(refused)["chanx.outcome"] == "unauthenticated"
    assert auth.parent is not None and auth.parent.span_id == refused.context.span_id


async def test_broadcast_event_joins_the_callers_trace(adapter: Adapter, tracer: Tracer) -> None:
    consumers = build(adapter.Consumer)
    view_tracer = tracer.provider.get_tracer("view")
    async with adapter.communicator(consumers.Echo) as a, adapter.communicator(consumers.Echo) as b:
        with view_tracer.start_as_current_span("POST /notify", kind=SpanKind.SERVER):
            await consumers.Echo.broadcast_event(Notify(payload="hello"))
        for comm in (a, b):
            frames = await comm.receive_all_json(timeout=0.5)
            assert frames[0] == {"action": "noticed", "payload": "hello"}
    view = tracer.named("POST /notify")
    publish = tracer.named("publish EchoConsumer")
    processed = [s for s in tracer.spans() if s.name == "EchoConsumer process event"]
    assert len(processed) == 2
    assert publish.kind is SpanKind.PRODUCER
    assert publish.parent is not None and publish.parent.span_id == view.context.span_id
    for span in processed:
        assert span.kind is SpanKind.CONSUMER
        assert span.context.trace_id == view.context.trace_id
        assert span.parent is not None and span.parent.span_id == publish.context.span_id
        assert attrs(span)["chanx.event.action"] == "notify"


async def test_topic_broadcast_from_a_frame_handler(adapter: Adapter, tracer: Tracer) -> None:
    board = build_topics(adapter.Consumer)
    async with adapter.communicator(board.Board) as comm:
        await comm.send_to(
            text_data=json.dumps({"version": 1, "topic": TOPIC, "ref": "1", "action": "subscribe"})
        )
        await comm.receive_all_json(timeout=0.3)
        post = {"version": 1, "topic": TOPIC, "ref": "2", "action": "post_comment", "payload": "x"}
        await comm.send_to(text_data=json.dumps(post))
        got = await comm.receive_all_json(timeout=0.5)
        assert {f["action"] for f in got} >= {"comment_accepted", "comment_posted"}
    frame = tracer.named("BoardConsumer post_comment")
    assert attrs(frame)["chanx.topic"] == TOPIC
    assert attrs(frame)["chanx.outcome"] == "ok"
    publish = tracer.named("publish DiscussionTopic")
    assert attrs(publish)["chanx.topic"] == TOPIC
    assert publish.parent is not None and publish.parent.span_id == frame.context.span_id
    processed = tracer.named("BoardConsumer process topic")
    assert processed.context.trace_id == frame.context.trace_id
    assert processed.parent is not None and processed.parent.span_id == publish.context.span_id
    subscribe = tracer.named("BoardConsumer subscribe")
    assert attrs(subscribe)["chanx.outcome"] == "ok"


async def raw_frames(adapter: Adapter, carried: dict[str, Any] | None) -> list[str]:
    """The text frames a client gets for one event, the layer message carrying ``carried``."""
    consumers = build(adapter.Consumer)
    message: dict[str, Any] = {
        "type": "handle_channel_event",
        "event_data": {"action": "notify", "payload": "same"},
    }
    if carried is not None:
        message[TRACE_KEY] = carried
    async with adapter.communicator(consumers.Echo) as comm:
        await adapter.get_layer().group_send("lobby", message)
        texts = []
        for _ in range(2):  # the pushed frame and its ``event_complete``
            texts.append(await comm.receive_from(timeout=2))
    return texts


async def test_consumers_without_tracing_ignore_the_carried_context(adapter: Adapter) -> None:
    carried = {"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}
    plain = await raw_frames(adapter, None)
    assert plain[0] == '{"action":"noticed","payload":"same"}'
    assert await raw_frames(adapter, carried) == plain


async def test_clients_see_the_same_frames_with_tracing_on(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    async def pushed() -> list[str]:
        async with adapter.communicator(consumers.Echo) as comm:
            await consumers.Echo.broadcast_event(Notify(payload="same"))
            return [await comm.receive_from(timeout=2) for _ in range(2)]

    off = await pushed()
    traced = Tracer()
    observability.enable(prometheus=False, tracer_provider=traced.provider)
    try:
        on = await pushed()
    finally:
        observability.disable()
    assert on == off
    assert any(s.name == "EchoConsumer process event" for s in traced.spans())
