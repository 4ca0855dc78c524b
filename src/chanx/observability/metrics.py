"""Prometheus metrics for chanx (needs ``prometheus-client``: ``chanx[observability]``).

Labels are class names, action names, outcomes and kinds: never a topic string, a user or a
``ref``, so the number of series stays bounded whatever clients send.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString

# Handler and layer latencies are mostly well under a millisecond.
_FAST_BUCKETS = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)


class FrameStats(Collector):
    """``chanx_frames_received_total``, ``chanx_frames_sent_total`` and
    ``chanx_handler_duration_seconds``, kept as plain numbers and read at scrape time."""

    def __init__(self, buckets: Sequence[float]) -> None:
        self.bounds = list(buckets)
        self.received: dict[tuple[str, str, str], int] = {}
        self.sent: dict[tuple[str, str], int] = {}
        # Per label set: the count of each bucket (the last one is +Inf), then the sum.
        self.timings: dict[tuple[str, str], list[float]] = {}

    def _families(self) -> tuple[CounterMetricFamily, CounterMetricFamily, HistogramMetricFamily]:
        return (
            CounterMetricFamily(
                "chanx_frames_received",
                "Client frames handled, by consumer class, action and outcome.",
                labels=["consumer", "action", "outcome"],
            ),
            CounterMetricFamily(
                "chanx_frames_sent",
                "Frames sent to clients, by consumer class and action.",
                labels=["consumer", "action"],
            ),
            HistogramMetricFamily(
                "chanx_handler_duration_seconds",
                "Time to handle a client frame: decoding, handler and replies.",
                labels=["consumer", "action"],
            ),
        )

    def describe(self) -> Iterable[Metric]:
        return self._families()

    def collect(self) -> Iterable[Metric]:
        received, sent, timings = self._families()
        # ``list(...)`` copies each dict in one step: the event loop may add to it meanwhile.
        for frame_labels, frames in list(self.received.items()):
            received.add_metric(list(frame_labels), frames)
        for sent_labels, sends in list(self.sent.items()):
            sent.add_metric(list(sent_labels), sends)
        bounds = [*(floatToGoString(b) for b in self.bounds), "+Inf"]  # type: ignore[no-untyped-call]
        for timing_labels, timing in list(self.timings.items()):
            values = list(timing)
            cumulative = 0.0
            buckets = []
            for bound, count in zip(bounds, values[:-1], strict=True):
                cumulative += count
                buckets.append((bound, cumulative))
            timings.add_metric(list(timing_labels), buckets, values[-1])
        return (received, sent, timings)


class PrometheusMetrics:
    """The ``chanx_*`` collectors, registered in ``registry`` (default: the global one)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        reg = REGISTRY if registry is None else registry
        self.registry = reg
        # Per-frame figures are plain numbers, turned into metric families at scrape time:
        # no lock and no ``labels()`` lookup on the frame path.
        self.frame_stats = FrameStats(_FAST_BUCKETS)
        reg.register(self.frame_stats)
        self.errors = Counter(
            "chanx_errors",
            "Failed or refused client frames by kind.",
            ["consumer", "kind"],
            registry=reg,
        )
        self.open_connections = Gauge(
            "chanx_open_connections",
            "Connections open now, by consumer class.",
            ["consumer"],
            registry=reg,
        )
        self.connects = Counter(
            "chanx_connects",
            "Connection attempts by consumer class and outcome (accepted or the refusal reason).",
            ["consumer", "outcome"],
            registry=reg,
        )
        self.closes = Counter(
            "chanx_closes",
            "Closed connections by close code and by whom the close was started.",
            ["consumer", "code", "by"],
            registry=reg,
        )
        self.subscriptions = Gauge(
            "chanx_topic_subscriptions",
            "Topic subscriptions held now, by topic class.",
            ["topic_class"],
            registry=reg,
        )
        self.presence_members = Gauge(
            "chanx_presence_members",
            "Presence members held by this process, by topic class.",
            ["topic_class"],
            registry=reg,
        )
        self.recoveries = Counter(
            "chanx_history_recoveries",
            "Subscriptions that asked for missed publications, by topic class and result.",
            ["topic_class", "recovered"],
            registry=reg,
        )
        self.broadcasts = Counter(
            "chanx_broadcasts",
            "Messages published on the channel layer, by sending class and kind.",
            ["source", "kind"],
            registry=reg,
        )
        self.deliveries = Counter(
            "chanx_deliveries",
            "Channel-layer messages handled by a connection, by consumer class and kind.",
            ["consumer", "kind"],
            registry=reg,
        )
        self.layer_send_seconds = Histogram(
            "chanx_layer_send_duration_seconds",
            "Time for one publication's sends to the channel layer, by kind.",
            ["kind"],
            buckets=_FAST_BUCKETS,
            registry=reg,
        )

    def unregister(self) -> None:
        """Remove every ``chanx_*`` collector from the registry (``disable``)."""
        for value in list(vars(self).values()):
            if isinstance(value, Counter | Gauge | Histogram | FrameStats):
                self.registry.unregister(value)

    def frame_handled(self, consumer: str, action: str, seconds: float, outcome: str) -> None:
        """Count the frame, observe its duration, count an error when it failed."""
        stats = self.frame_stats
        key = (consumer, action, outcome)
        received = stats.received
        received[key] = received.get(key, 0) + 1
        timing = stats.timings.get((consumer, action))
        if timing is None:
            timing = stats.timings[(consumer, action)] = [0.0] * (len(stats.bounds) + 2)
        timing[bisect_left(stats.bounds, seconds)] += 1
        timing[-1] += seconds
        if outcome != "ok":
            self.errors.labels(consumer, outcome).inc()

    def frame_sent(self, consumer: str, action: str) -> None:
        """One frame sent to a client."""
        sent = self.frame_stats.sent
        key = (consumer, action)
        sent[key] = sent.get(key, 0) + 1

    def error(self, consumer: str, kind: str) -> None:
        """An error outside a handled frame (a refused frame)."""
        self.errors.labels(consumer, kind).inc()

    def connect(self, consumer: str, outcome: str) -> None:
        """A connection attempt ended its connect phase with ``outcome``."""
        self.connects.labels(consumer, outcome).inc()

    def closed(self, consumer: str, code: str, by: str) -> None:
        """A connection ended with close ``code``, started by ``by`` (server or client)."""
        self.closes.labels(consumer, code, by).inc()

    def connection_opened(self, consumer: str) -> None:
        """One more open connection."""
        self.open_connections.labels(consumer).inc()

    def connection_closed(self, consumer: str) -> None:
        """One fewer open connection."""
        self.open_connections.labels(consumer).dec()

    def subscription(self, topic_class: str, delta: int) -> None:
        """A subscription of ``topic_class`` started (+1) or ended (-1)."""
        self.subscriptions.labels(topic_class).inc(delta)

    def presence(self, topic_class: str, delta: int) -> None:
        """A presence member of ``topic_class`` joined (+1) or left (-1)."""
        self.presence_members.labels(topic_class).inc(delta)

    def recovery(self, topic_class: str, recovered: bool) -> None:
        """A subscription asked for missed publications; ``recovered`` says if it got them."""
        self.recoveries.labels(topic_class, "true" if recovered else "false").inc()

    def broadcast(self, source: str, kind: str, seconds: float) -> None:
        """A publication left for the channel layer, its sends taking ``seconds``."""
        self.broadcasts.labels(source, kind).inc()
        self.layer_send_seconds.labels(kind).observe(seconds)

    def delivery(self, consumer: str, kind: str) -> None:
        """A connection handled a channel-layer message of ``kind``."""
        self.deliveries.labels(consumer, kind).inc()


def active_registry() -> CollectorRegistry:
    """The registry chanx's metrics are in now (prometheus-client's global one by default)."""
    from chanx.observability import state

    metrics = getattr(state.active, "metrics", None)
    return metrics.registry if isinstance(metrics, PrometheusMetrics) else REGISTRY
