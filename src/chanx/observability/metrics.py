"""Prometheus metrics for chanx (needs ``prometheus-client``: ``chanx[observability]``)."""

from __future__ import annotations

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram


class PrometheusMetrics:
    """The ``chanx_*`` collectors, registered in ``registry``; labels stay low-cardinality."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        reg = REGISTRY if registry is None else registry
        self._frame_children: dict[tuple[str, str, str], tuple[Counter, Histogram]] = {}
        self.registry = reg
        self.frames_in = Counter(
            "chanx_frames_received",
            "Frames that reached a handler, by consumer class, action and outcome.",
            ["consumer", "action", "outcome"],
            registry=reg,
        )
        self.handler_seconds = Histogram(
            "chanx_handler_duration_seconds",
            "Time spent in a frame handler, reply included.",
            ["consumer", "action"],
            registry=reg,
        )
        self.errors = Counter(
            "chanx_errors",
            "Errors by kind (handler_error, ...).",
            ["consumer", "kind"],
            registry=reg,
        )
        self.open_connections = Gauge(
            "chanx_open_connections",
            "Connections open now, by consumer class.",
            ["consumer"],
            registry=reg,
        )

    def frame_handled(self, consumer: str, action: str, seconds: float, outcome: str) -> None:
        """Count the frame, observe its duration, count an error when it failed."""
        key = (consumer, action, outcome)
        children = self._frame_children.get(key)
        if children is None:  # bound once per label set: ``labels()`` is the costly part
            children = (
                self.frames_in.labels(consumer, action, outcome),
                self.handler_seconds.labels(consumer, action),
            )
            self._frame_children[key] = children
        children[0].inc()
        children[1].observe(seconds)
        if outcome != "ok":
            self.errors.labels(consumer, outcome).inc()

    def connection_opened(self, consumer: str) -> None:
        """One more open connection."""
        self.open_connections.labels(consumer).inc()

    def connection_closed(self, consumer: str) -> None:
        """One fewer open connection."""
        self.open_connections.labels(consumer).dec()
