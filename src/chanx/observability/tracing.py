"""OpenTelemetry spans for chanx (needs ``opentelemetry-api``: ``chanx[observability]``).

Spans follow OpenTelemetry's semantic conventions where they exist (``url.path``,
``error.type``, ``messaging.*``); chanx's own attributes are under ``chanx.*``. The trace
context of a publication travels inside the channel-layer message, under
:data:`chanx.observability.state.TRACE_KEY`, in the W3C ``traceparent`` format of the
globally configured propagator; consumers read only their own keys of a layer message, so
neither clients nor consumers without tracing ever see it.
"""

from __future__ import annotations

from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, TracerProvider

from chanx.observability.state import TRACE_KEY

PAYLOAD_LIMIT = 4096
"""Characters of a frame kept in ``chanx.payload`` when payloads are included."""

MESSAGING_SYSTEM = "chanx"


class Tracing:
    """chanx's tracer, and how its trace context crosses the channel layer."""

    def __init__(
        self, tracer_provider: TracerProvider | None = None, *, include_payloads: bool = False
    ) -> None:
        from chanx import __version__

        self.tracer = trace.get_tracer("chanx", __version__, tracer_provider=tracer_provider)
        self.include_payloads = include_payloads

    def start(
        self,
        name: str,
        kind: SpanKind,
        attributes: dict[str, Any] | None = None,
        parent: otel_context.Context | None = None,
    ) -> Span:
        """A started span (a child of ``parent``, else of the current span)."""
        return self.tracer.start_span(name, context=parent, kind=kind, attributes=attributes)

    @staticmethod
    def activate(span: Span) -> object:
        """Make ``span`` the current one; returns the token for :meth:`deactivate`."""
        return otel_context.attach(trace.set_span_in_context(span))

    @staticmethod
    def deactivate(token: object) -> None:
        otel_context.detach(token)  # type: ignore[arg-type]

    @staticmethod
    def carrier(span: Span) -> dict[str, str]:
        """The trace context of ``span`` as the propagator's text fields."""
        fields: dict[str, str] = {}
        propagate.inject(fields, context=trace.set_span_in_context(span))
        return fields

    @staticmethod
    def parent_of(message: dict[str, Any]) -> otel_context.Context | None:
        """The sender's trace context carried by a layer message (``None``: none carried)."""
        fields = message.get(TRACE_KEY)
        if not isinstance(fields, dict):
            return None
        return propagate.extract({str(k): str(v) for k, v in fields.items()})

    @staticmethod
    def failed(span: Span, kind: str, exc: BaseException | None = None) -> None:
        """Mark ``span`` as failed with error kind ``kind``."""
        span.set_attribute("error.type", kind)
        if exc is not None:
            span.record_exception(exc)
        span.set_status(Status(StatusCode.ERROR))

    def payload(self, raw: Any) -> str | None:
        """What a span may keep of a frame: nothing unless payloads were opted in."""
        if not self.include_payloads or not isinstance(raw, str | bytes):
            return None
        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
        return text[:PAYLOAD_LIMIT]
