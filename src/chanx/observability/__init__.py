"""Optional traces and metrics for chanx.

Nothing here is imported by the core except :mod:`chanx.observability.state`, which imports
no optional package. Call :func:`enable` once at start-up to turn observability on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from chanx.observability import state

if TYPE_CHECKING:
    from opentelemetry.metrics import MeterProvider
    from opentelemetry.trace import TracerProvider
    from prometheus_client import CollectorRegistry

    from chanx.observability.metrics import PrometheusMetrics
    from chanx.observability.observer import Observer
else:

    def __getattr__(name: str) -> object:
        """``PrometheusMetrics``/``Observer`` on first use: importing this imports nothing optional."""
        if name == "PrometheusMetrics":
            from chanx.observability.metrics import PrometheusMetrics

            return PrometheusMetrics
        if name == "Observer":
            from chanx.observability.observer import Observer

            return Observer
        raise AttributeError(name)


__all__ = ["Observer", "PrometheusMetrics", "configure", "disable", "enable"]

# ``configure`` keys (any case) and the ``enable`` arguments they set.
_OPTIONS = {
    "METRICS": "prometheus",
    "PROMETHEUS": "prometheus",
    "TRACING": "tracing",
    "INCLUDE_PAYLOADS": "include_payloads",
    "OTEL_METRICS": "otel_metrics",
}


def enable(
    *,
    registry: CollectorRegistry | None = None,
    prometheus: bool = True,
    tracing: bool = False,
    tracer_provider: TracerProvider | None = None,
    include_payloads: bool = False,
    otel_metrics: bool = False,
    meter_provider: MeterProvider | None = None,
) -> Observer:
    """Turn chanx's observability on for this process.

    * ``prometheus`` (default on): the ``chanx_*`` metrics in ``registry`` (default:
      prometheus-client's global registry).
    * ``tracing``: OpenTelemetry spans, from ``tracer_provider`` (default: the global one);
      passing a ``tracer_provider`` turns tracing on. ``include_payloads`` keeps the frame
      text (at most 4096 characters) in ``chanx.payload``: off by default.
    * ``otel_metrics``: the same metrics through the OpenTelemetry metrics API, from
      ``meter_provider`` (default: the global one); passing one turns them on.

    Calling it again replaces the previous set-up (call :func:`disable` first to drop
    Prometheus collectors from a registry you reuse).
    """
    try:
        from chanx.observability.observer import MetricSink, Observer
    except ModuleNotFoundError as missing:
        raise ImportError(
            f"chanx observability needs the observability extra ({missing.name} is not "
            "installed): pip install 'chanx[observability]'"
        ) from missing

    sinks: list[MetricSink] = []
    if prometheus:
        from chanx.observability.metrics import PrometheusMetrics

        sinks.append(PrometheusMetrics(registry))
    if otel_metrics or meter_provider is not None:
        from chanx.observability.otel_metrics import OtelMetrics

        sinks.append(OtelMetrics(meter_provider))
    tracer = None
    if tracing or tracer_provider is not None:
        from chanx.observability.tracing import Tracing

        tracer = Tracing(tracer_provider, include_payloads=include_payloads)
    observer = Observer(sinks, tracer)
    state.active = observer
    return observer


def disable() -> None:
    """Turn instrumentation off: the core stops reporting; Prometheus collectors are unregistered."""
    observer = state.active
    state.active = None
    if observer is None:
        return
    from chanx.observability.metrics import PrometheusMetrics

    for sink in getattr(observer, "sinks", ()):
        if isinstance(sink, PrometheusMetrics):
            sink.unregister()


def configure(options: Mapping[str, Any] | None) -> Observer | None:
    """``enable`` from a settings mapping (Django's ``CHANX["OBSERVABILITY"]``).

    Keys, in any case: ``METRICS`` (default ``True``), ``TRACING``, ``INCLUDE_PAYLOADS``,
    ``OTEL_METRICS`` (default ``False``). ``None`` or ``{"ENABLED": False}`` leaves
    observability off. Unknown keys are a ``ValueError``.
    """
    if options is None:
        return None
    arguments: dict[str, Any] = {}
    enabled = True
    for key, value in options.items():
        name = str(key).upper()
        if name == "ENABLED":
            enabled = bool(value)
        elif name in _OPTIONS:
            arguments[_OPTIONS[name]] = bool(value)
        else:
            known = ", ".join(sorted({"ENABLED", *_OPTIONS}))
            raise ValueError(f"Unknown observability option {key!r} (known: {known})")
    if not enabled:
        return None
    return enable(**arguments)
