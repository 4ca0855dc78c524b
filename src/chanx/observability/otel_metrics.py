"""The ``chanx_*`` metrics through the OpenTelemetry metrics API (for OTLP exporters).

Same names, labels (attributes) and meanings as the Prometheus metrics; gauges are
up-down counters, durations are histograms in seconds.
"""

from __future__ import annotations

from opentelemetry import metrics
from opentelemetry.metrics import MeterProvider


class OtelMetrics:
    """Records chanx's metrics with a meter of ``meter_provider`` (default: the global one)."""

    def __init__(self, meter_provider: MeterProvider | None = None) -> None:
        from chanx import __version__

        meter = metrics.get_meter("chanx", __version__, meter_provider=meter_provider)
        self.frames_in = meter.create_counter(
            "chanx_frames_received", description="Client frames handled."
        )
        self.frames_out = meter.create_counter(
            "chanx_frames_sent", description="Frames sent to clients."
        )
        self.handler_seconds = meter.create_histogram(
            "chanx_handler_duration_seconds", unit="s", description="Time to handle a frame."
        )
        self.errors = meter.create_counter("chanx_errors", description="Failed or refused frames.")
        self.open_connections = meter.create_up_down_counter(
            "chanx_open_connections", description="Connections open now."
        )
        self.connects = meter.create_counter(
            "chanx_connects", description="Connection attempts by outcome."
        )
        self.closes = meter.create_counter("chanx_closes", description="Closes by code.")
        self.subscriptions = meter.create_up_down_counter(
            "chanx_topic_subscriptions", description="Topic subscriptions held now."
        )
        self.presence_members = meter.create_up_down_counter(
            "chanx_presence_members", description="Presence members held by this process."
        )
        self.recoveries = meter.create_counter(
            "chanx_history_recoveries", description="History recoveries by result."
        )
        self.broadcasts = meter.create_counter(
            "chanx_broadcasts", description="Publications sent to the channel layer."
        )
        self.deliveries = meter.create_counter(
            "chanx_deliveries", description="Channel-layer messages handled."
        )
        self.layer_send_seconds = meter.create_histogram(
            "chanx_layer_send_duration_seconds", unit="s", description="Layer send time."
        )

    def frame_handled(self, consumer: str, action: str, seconds: float, outcome: str) -> None:
        attributes = {"consumer": consumer, "action": action}
        self.handler_seconds.record(seconds, attributes)
        self.frames_in.add(1, {**attributes, "outcome": outcome})
        if outcome != "ok":
            self.errors.add(1, {"consumer": consumer, "kind": outcome})

    def frame_sent(self, consumer: str, action: str) -> None:
        self.frames_out.add(1, {"consumer": consumer, "action": action})

    def error(self, consumer: str, kind: str) -> None:
        self.errors.add(1, {"consumer": consumer, "kind": kind})

    def connect(self, consumer: str, outcome: str) -> None:
        self.connects.add(1, {"consumer": consumer, "outcome": outcome})

    def closed(self, consumer: str, code: str, by: str) -> None:
        self.closes.add(1, {"consumer": consumer, "code": code, "by": by})

    def connection_opened(self, consumer: str) -> None:
        self.open_connections.add(1, {"consumer": consumer})

    def connection_closed(self, consumer: str) -> None:
        self.open_connections.add(-1, {"consumer": consumer})

    def subscription(self, topic_class: str, delta: int) -> None:
        self.subscriptions.add(delta, {"topic_class": topic_class})

    def presence(self, topic_class: str, delta: int) -> None:
        self.presence_members.add(delta, {"topic_class": topic_class})

    def recovery(self, topic_class: str, recovered: bool) -> None:
        self.recoveries.add(
            1, {"topic_class": topic_class, "recovered": "true" if recovered else "false"}
        )

    def broadcast(self, source: str, kind: str, seconds: float) -> None:
        self.broadcasts.add(1, {"source": source, "kind": kind})
        self.layer_send_seconds.record(seconds, {"kind": kind})

    def delivery(self, consumer: str, kind: str) -> None:
        self.deliveries.add(1, {"consumer": consumer, "kind": kind})
