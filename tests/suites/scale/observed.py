"""Observability of the scale servers, on when ``CHANX_OBSERVE`` is set in their environment.

Metrics go to prometheus-client's global registry (served at ``/metrics``); with
``CHANX_TRACE_DIR`` set, spans are traced with the OpenTelemetry SDK and each process writes
its finished spans to ``spans-<pid>.jsonl`` there. ``/notify?text=...`` is an HTTP view that
broadcasts ``Notify(text)`` to the room inside a span of its own, as an instrumented web
framework would open one.
"""

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind

from chanx import observability

VIEW_SPAN = "notify view"


class JsonLinesExporter(SpanExporter):
    """Appends each finished span to a file, one JSON object a line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = []
        for span in spans:
            context = span.get_span_context()
            assert context is not None
            lines.append(
                json.dumps(
                    {
                        "name": span.name,
                        "kind": span.kind.name,
                        "trace_id": format(context.trace_id, "032x"),
                        "span_id": format(context.span_id, "016x"),
                        "parent_id": (
                            format(span.parent.span_id, "016x") if span.parent is not None else None
                        ),
                        "attributes": dict(span.attributes or {}),
                        "start": span.start_time,
                        "end": span.end_time,
                        "pid": os.getpid(),
                    }
                )
            )
        with self._lock, self.path.open("a") as out:
            out.write("".join(line + "\n" for line in lines))
        return SpanExportResult.SUCCESS


def configure() -> None:
    """Enable chanx's metrics (global registry) and, with ``CHANX_TRACE_DIR``, its tracing."""
    if not os.environ.get("CHANX_OBSERVE"):
        return
    trace_dir = os.environ.get("CHANX_TRACE_DIR")
    if trace_dir is None:
        observability.enable()
        return
    provider = TracerProvider()
    exporter = JsonLinesExporter(Path(trace_dir) / f"spans-{os.getpid()}.jsonl")
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    observability.enable(tracing=True)


async def notify(consumer: type[Any], text: str) -> None:
    """What the ``/notify`` views do: broadcast to the room inside the request's span."""
    from tests.suites.scale.consumers import ROOM, Notify

    tracer = trace.get_tracer("tests.scale.http")
    attributes = {"http.request.method": "GET", "url.path": "/notify"}
    with tracer.start_as_current_span(VIEW_SPAN, kind=SpanKind.SERVER, attributes=attributes):
        await consumer.broadcast_event(Notify(payload=text), ROOM)
