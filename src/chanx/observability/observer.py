"""``Observer``: what ``state.active`` holds once observability is enabled.

It receives the core's reports (frames, connection lifecycle, channel-layer messages,
publications, subscriptions) and hands them to the enabled metric sinks (Prometheus, the
OpenTelemetry metrics API) and to the tracer. Everything here runs only when enabled.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable
from time import perf_counter
from typing import TYPE_CHECKING, Any, Protocol

from opentelemetry.trace import SpanKind

from chanx.core.envelope import current_ref
from chanx.observability.state import TRACE_KEY

if TYPE_CHECKING:
    from opentelemetry.trace import Span

    from chanx.observability.tracing import Tracing

Dispatch = Callable[[Any], Awaitable[None]]

INVALID_ACTION = "_invalid"
"""Action label of a frame whose action is not one the consumer handles."""
OTHER = "_other"
"""Label of a sent frame, close code or layer message kind outside the known set."""
TOPIC_PROTOCOL_ACTIONS = frozenset({"subscribe", "unsubscribe", "presence"})
LAYER_KINDS = {
    "handle_channel_event": "event",
    "handle_topic_event": "topic",
    "handle_group_message": "group",
}
_MAX_SENT_ACTIONS = 256  # distinct sent actions labelled per consumer class; then "_other"

_MAX_FAILED_PENDING = 1024  # failed handlers not yet matched with their frame, at most


class MetricSink(Protocol):
    """What a metrics backend records (``PrometheusMetrics``, ``OtelMetrics``)."""

    def frame_handled(self, consumer: str, action: str, seconds: float, outcome: str) -> None: ...
    def frame_sent(self, consumer: str, action: str) -> None: ...
    def error(self, consumer: str, kind: str) -> None: ...
    def connect(self, consumer: str, outcome: str) -> None: ...
    def closed(self, consumer: str, code: str, by: str) -> None: ...
    def connection_opened(self, consumer: str) -> None: ...
    def connection_closed(self, consumer: str) -> None: ...
    def subscription(self, topic_class: str, delta: int) -> None: ...
    def presence(self, topic_class: str, delta: int) -> None: ...
    def recovery(self, topic_class: str, recovered: bool) -> None: ...
    def broadcast(self, source: str, kind: str, seconds: float) -> None: ...
    def delivery(self, consumer: str, kind: str) -> None: ...


def close_code_label(code: Any) -> str:
    """A close code as a bounded label: the standard codes as numbers, ``4xxx`` for app codes."""
    if code is None or code is True:
        return "1000"
    if not isinstance(code, int):
        return OTHER
    if 1000 <= code <= 1015:
        return str(code)
    if 3000 <= code <= 3999:
        return "3xxx"
    if 4000 <= code <= 4999:
        return "4xxx"
    return OTHER


def known_actions(consumer_class: type[Any]) -> frozenset[str]:
    """Actions a consumer class handles: its own, its topics', the topic protocol's (cached)."""
    found = consumer_class.__dict__.get("_chanx_observed_actions")
    if found is not None:
        return found  # type: ignore[no-any-return]
    names: set[str] = set(getattr(consumer_class, "_MESSAGE_HANDLER_INFO_MAP", {}) or {})
    topics = getattr(consumer_class, "_topic_classes", []) or []
    for topic_class in topics:
        names.update(getattr(topic_class, "_MESSAGE_HANDLER_INFO_MAP", {}) or {})
    if topics:
        names.update(TOPIC_PROTOCOL_ACTIONS)
    actions = frozenset(names)
    consumer_class._chanx_observed_actions = actions
    return actions


def _sent_action(text: str, head: re.Pattern[str], seen: set[str]) -> str:
    """The action of a sent frame's text (``_other`` when it has none at its start).

    Both ``{"action":"x"`` (chanx's serialiser) and ``{"action": "x"`` (``json.dumps``, group
    relays) are read; past ``_MAX_SENT_ACTIONS`` distinct actions on one connection, a new
    one is ``_other``.
    """
    found = head.match(text)
    if found is None:
        return OTHER
    action = found.group(1)
    if action not in seen:
        if len(seen) >= _MAX_SENT_ACTIONS:
            return OTHER
        seen.add(action)
    return action


class _Connection:
    """What the observer keeps about one connection."""

    __slots__ = ("close_code", "closed_by_server", "refusal", "sent_actions")

    def __init__(self) -> None:
        self.closed_by_server = False
        self.close_code: Any = None  # what the server's ``websocket.close`` carried
        self.refusal: str | None = None
        self.sent_actions: set[str] = set()


class _Frame:
    """One client frame in flight (the ``FrameObservation`` of ``state``).

    It is the connection's ``_chanx_frame`` from its start: errors reported synchronously
    while a frame is being decoded (before it could yield to another frame of the same
    connection) are its own. A handler's failure is reported with its message instead, as
    concurrent frames may have started meanwhile. No context variable is set: setting one
    would slow down every other context variable lookup of the frame.
    """

    __slots__ = (
        "action",
        "consumer",
        "decoded",
        "ended",
        "observer",
        "outcome",
        "raw",
        "size",
        "span",
        "started",
        "token",
        "topic",
    )

    def __init__(self, observer: Observer, consumer: Any, raw: Any) -> None:
        self.observer = observer
        self.consumer = consumer
        self.raw = raw
        self.topic: str | None = None
        self.decoded: Any = None
        self.action: Any = None
        self.outcome: str | None = None
        self.ended = False
        self.size = len(raw) if type(raw) is str or type(raw) is bytes else None
        self.span: Span | None = None
        self.token: object = None
        consumer.__dict__["_chanx_frame"] = self
        tracing = observer.tracing
        if tracing is not None:
            # Attributes are set once, when the frame ends: one pass of the SDK's checks.
            self.span = span = tracing.start(f"{type(consumer).__name__} frame", SpanKind.SERVER)
            self.token = tracing.activate(span)
        self.started = perf_counter()

    def topic_frame(self, frame: Any) -> None:
        """Addressed to a topic: its action is the frame's (checked when the frame ends); the
        topic validates ``frame`` in place."""
        self.decoded = frame
        self.action = frame.action
        if frame.topic is not None:
            self.topic = str(frame.topic)

    def _claimed_action(self) -> str:
        """The action a frame without a valid message named, if the consumer handles it."""
        action = self.action
        raw = self.raw
        if action is None and self.outcome == "validation_error":
            if isinstance(raw, dict):
                action = raw.get(self.consumer.discriminator_field)
            elif isinstance(raw, str):
                from chanx.core.wire.frame_head import read_head

                head = read_head(raw, self.consumer.discriminator_field)
                action = None if head is None else head.get(self.consumer.discriminator_field)
        if isinstance(action, str) and action in known_actions(type(self.consumer)):
            return action
        return INVALID_ACTION

    def end(self, message: Any) -> None:
        seconds = perf_counter() - self.started
        self.ended = True
        consumer = self.consumer
        observer = self.observer
        decoded = self.decoded
        if decoded is not None and message is None:  # a topic's frame, validated by the topic
            message = decoded.message
            if message is None and decoded.error is not None and self.outcome is None:
                self.outcome = "validation_error"
        if message is not None and observer.failed_messages:
            failed = observer.failed_messages.pop(id(message), None)
            if failed is not None and self.outcome is None:
                self.outcome = failed
        if message is not None:
            action = str(getattr(message, consumer.discriminator_field, INVALID_ACTION))
        else:
            action = self._claimed_action()
        outcome = self.outcome
        if outcome is None:
            outcome = "ok" if action != INVALID_ACTION else "invalid"
        name = type(consumer).__name__
        for sink in observer.sinks:
            sink.frame_handled(name, action, seconds, outcome)
        span = self.span
        if span is not None:
            if span.is_recording():
                self._describe(span, name, action, outcome)
            span.end()
            observer.deactivate(self.token)

    def _describe(self, span: Span, name: str, action: str, outcome: str) -> None:
        """Name the frame's span after its action and set its attributes (one call)."""
        span.update_name(f"{name} {action}")
        attributes: dict[str, Any] = {
            "chanx.consumer": name,
            "url.path": str(self.consumer.scope.get("path", "")),
            "chanx.action": action,
            "chanx.outcome": outcome,
        }
        if self.topic is not None:
            attributes["chanx.topic"] = self.topic
        if self.size is not None:
            attributes["messaging.message.body.size"] = self.size
        ref = current_ref.get()
        if ref is not None:
            attributes["chanx.ref"] = str(ref)
        text = self.observer.payload(self.raw)
        if text is not None:
            attributes["chanx.payload"] = text
        span.set_attributes(attributes)
        if outcome != "ok":
            self.observer.tracing_failed(span, outcome)


class Observer:
    """Receives the core's reports when observability is on (``state.active``)."""

    def __init__(self, sinks: list[MetricSink], tracing: Tracing | None) -> None:
        self.sinks = tuple(sinks)
        self.tracing = tracing
        # ``id`` of a message whose handler failed -> the error kind, until its frame ends.
        self.failed_messages: dict[int, str] = {}

    @property
    def metrics(self) -> Any:
        """The Prometheus metrics, when enabled (else ``None``)."""
        from chanx.observability.metrics import PrometheusMetrics

        for sink in self.sinks:
            if isinstance(sink, PrometheusMetrics):
                return sink
        return None

    # -- client frames ------------------------------------------------------------------------
    def frame(self, consumer: Any, raw: Any) -> _Frame | None:
        if getattr(consumer, "_chanx_topic", False):
            return None  # a topic's own ``handle_json``: its host's frame is observed
        return _Frame(self, consumer, raw)

    def frame_error(
        self, consumer: Any, kind: str, action: Any = None, message: Any = None
    ) -> None:
        if message is not None:  # a handler failed: its frame finds out by its message
            failed = self.failed_messages
            if len(failed) >= _MAX_FAILED_PENDING:  # reported outside any observed frame
                failed.clear()
            failed[id(message)] = kind
            return
        host = (
            getattr(consumer, "consumer", None)
            if getattr(consumer, "_chanx_topic", False)
            else consumer
        )
        frame = None if host is None else host.__dict__.get("_chanx_frame")
        if frame is not None and not frame.ended and frame.outcome is None:
            frame.outcome = kind
            if action is not None and frame.action is None:
                frame.action = action

    def frame_refused(self, consumer: Any, detail: str) -> None:
        name = type(consumer).__name__
        for sink in self.sinks:
            sink.error(name, "refused")

    def tracing_failed(self, span: Span, kind: str) -> None:
        if self.tracing is not None:
            self.tracing.failed(span, kind)

    def payload(self, raw: Any) -> str | None:
        return None if self.tracing is None else self.tracing.payload(raw)

    def deactivate(self, token: object) -> None:
        if self.tracing is not None:
            self.tracing.deactivate(token)

    # -- connection lifecycle and channel-layer messages ---------------------------------------
    def dispatcher(self, consumer: Any, dispatch: Dispatch) -> Dispatch:
        """``dispatch`` with connect, disconnect and layer messages observed (frames pass)."""

        def observed(message: Any) -> Awaitable[None]:
            kind = message.get("type")
            if kind == "websocket.receive":
                return dispatch(message)  # observed in the frame path itself
            if kind == "websocket.connect":
                return self._connect(consumer, dispatch, message)
            if kind == "websocket.disconnect":
                return self._disconnect(consumer, dispatch, message)
            return self._layer_message(consumer, dispatch, message)

        return observed

    def _watch_sends(self, consumer: Any, conn: _Connection) -> None:
        """Count frames sent and note the server's close code, at the connection's ASGI send."""
        inner = consumer.base_send
        name = type(consumer).__name__
        head = re.compile(
            '\\{"' + re.escape(consumer.discriminator_field) + '" ?: ?"([^"\\\\]{1,64})"'
        )
        sinks = self.sinks
        seen = conn.sent_actions

        def send(message: Any) -> Any:
            kind = message.get("type")
            if kind == "websocket.send":
                if sinks:
                    text = message.get("text")
                    action = OTHER if text is None else _sent_action(text, head, seen)
                    for sink in sinks:
                        sink.frame_sent(name, action)
            elif kind == "websocket.close" and not conn.closed_by_server:
                conn.closed_by_server = True
                conn.close_code = message.get("code")
            return inner(message)

        consumer.base_send = send

    def _watch_authentication(self, consumer: Any, conn: _Connection) -> None:
        authenticator = getattr(consumer, "authenticator", None)
        if authenticator is None:
            return
        original = authenticator.authenticate
        tracing = self.tracing
        name = type(consumer).__name__

        async def authenticate(scope: Any) -> bool:
            span = None
            token = None
            if tracing is not None:
                span = tracing.start(
                    f"{name} authenticate", SpanKind.INTERNAL, {"chanx.consumer": name}
                )
                token = tracing.activate(span)
            try:
                ok = bool(await original(scope))
            except BaseException as exc:
                conn.refusal = "authenticator_error"
                if span is not None and tracing is not None:
                    tracing.failed(span, type(exc).__qualname__, exc)
                raise
            else:
                if not ok:
                    conn.refusal = "unauthenticated"
                if span is not None:
                    span.set_attribute("chanx.outcome", "accepted" if ok else "unauthenticated")
                return ok
            finally:
                if span is not None and tracing is not None:
                    span.end()
                    tracing.deactivate(token)

        with contextlib.suppress(AttributeError):  # an authenticator with slots: no span
            authenticator.authenticate = authenticate

    async def _connect(self, consumer: Any, dispatch: Dispatch, message: Any) -> None:
        conn = _Connection()
        consumer.__dict__["_chanx_observed"] = conn
        self._watch_sends(consumer, conn)
        self._watch_authentication(consumer, conn)
        name = type(consumer).__name__
        tracing = self.tracing
        span = None
        token = None
        if tracing is not None:
            attributes = {
                "chanx.consumer": name,
                "url.path": str(consumer.scope.get("path", "")),
                "network.protocol.name": "websocket",
            }
            span = tracing.start(f"{name} connect", SpanKind.SERVER, attributes)
            token = tracing.activate(span)
        try:
            await dispatch(message)
        finally:
            outcome = "accepted"
            if getattr(consumer, "_closed_for_frames", False):
                code = conn.close_code
                outcome = conn.refusal or (
                    "layer_unavailable" if code == 1013 else "error" if code == 1011 else "refused"
                )
            for sink in self.sinks:
                sink.connect(name, outcome)
            if span is not None and tracing is not None:
                span.set_attribute("chanx.outcome", outcome)
                if outcome in ("error", "authenticator_error"):
                    tracing.failed(span, outcome)
                span.end()
                tracing.deactivate(token)

    async def _disconnect(self, consumer: Any, dispatch: Dispatch, message: Any) -> None:
        conn = consumer.__dict__.get("_chanx_observed")
        name = type(consumer).__name__
        if conn is not None and conn.closed_by_server:
            code, by = conn.close_code, "server"
        else:
            code, by = message.get("code", 1005), "client"
        label = close_code_label(code)
        for sink in self.sinks:
            sink.closed(name, label, by)
        tracing = self.tracing
        if tracing is None:
            await dispatch(message)
            return
        attributes = {"chanx.consumer": name, "chanx.close_code": label, "chanx.closed_by": by}
        span = tracing.start(f"{name} disconnect", SpanKind.SERVER, attributes)
        token = tracing.activate(span)
        try:
            await dispatch(message)
        finally:
            span.end()
            tracing.deactivate(token)

    async def _layer_message(self, consumer: Any, dispatch: Dispatch, message: Any) -> None:
        name = type(consumer).__name__
        message_type = message.get("type")
        kind = LAYER_KINDS.get(message_type, OTHER) if isinstance(message_type, str) else OTHER
        for sink in self.sinks:
            sink.delivery(name, kind)
        tracing = self.tracing
        if tracing is None:
            await dispatch(message)
            return
        attributes: dict[str, Any] = {
            "chanx.consumer": name,
            "messaging.system": "chanx",
            "messaging.operation.type": "process",
            "messaging.operation.name": str(message_type),
        }
        data = message.get("event_data")
        if isinstance(data, dict) and isinstance(data.get("action"), str):
            attributes["chanx.event.action"] = data["action"]
        topic = message.get("topic")
        if isinstance(topic, str):
            attributes["chanx.topic"] = topic
        span = tracing.start(
            f"{name} process {kind}", SpanKind.CONSUMER, attributes, tracing.parent_of(message)
        )
        token = tracing.activate(span)
        try:
            await dispatch(message)
        except BaseException as exc:
            tracing.failed(span, type(exc).__qualname__, exc)
            raise
        finally:
            span.end()
            tracing.deactivate(token)

    def connection_opened(self, consumer: str) -> None:
        for sink in self.sinks:
            sink.connection_opened(consumer)

    def connection_closed(self, consumer: str) -> None:
        for sink in self.sinks:
            sink.connection_closed(consumer)

    # -- publications --------------------------------------------------------------------------
    async def publish(
        self,
        send: Callable[[str, dict[str, Any]], Awaitable[None]],
        targets: list[str],
        message: dict[str, Any],
        source: str,
        kind: str,
    ) -> None:
        started = perf_counter()
        tracing = self.tracing
        if tracing is None:
            for target in targets:
                await send(target, message)
        else:
            attributes: dict[str, Any] = {
                "messaging.system": "chanx",
                "messaging.operation.type": "send",
                "messaging.operation.name": "publish",
                "messaging.destination.name": source,
                "messaging.batch.message_count": len(targets),
                "chanx.publish.kind": kind,
            }
            topic = message.get("topic")
            if isinstance(topic, str):
                attributes["chanx.topic"] = topic
            span = tracing.start(f"publish {source}", SpanKind.PRODUCER, attributes)
            carried = {**message, TRACE_KEY: tracing.carrier(span)}
            try:
                for target in targets:
                    await send(target, carried)
            except BaseException as exc:
                tracing.failed(span, type(exc).__qualname__, exc)
                raise
            finally:
                span.end()
        seconds = perf_counter() - started
        for sink in self.sinks:
            sink.broadcast(source, kind, seconds)

    # -- topics --------------------------------------------------------------------------------
    def subscribed(self, subscription: Any, extra: dict[str, Any]) -> None:
        topic_class = type(subscription)
        name = topic_class.__name__
        presence = bool(getattr(topic_class, "track_presence", False))
        recovered = extra.get("recovered") if extra else None
        for sink in self.sinks:
            sink.subscription(name, 1)
            if presence:
                sink.presence(name, 1)
            if recovered is not None:
                sink.recovery(name, bool(recovered))

    def unsubscribed(self, subscription: Any) -> None:
        topic_class = type(subscription)
        name = topic_class.__name__
        presence = bool(getattr(topic_class, "track_presence", False))
        for sink in self.sinks:
            sink.subscription(name, -1)
            if presence:
                sink.presence(name, -1)
