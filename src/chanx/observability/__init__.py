"""Optional traces and metrics for chanx.

Nothing here is imported by the core except :mod:`chanx.observability.state`, which imports
no optional package. Call :func:`enable` once at start-up to turn metrics on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chanx.observability import state

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

    from chanx.observability.metrics import PrometheusMetrics
else:

    def __getattr__(name: str) -> object:
        """``PrometheusMetrics`` on first use, so importing this package imports nothing optional."""
        if name == "PrometheusMetrics":
            from chanx.observability.metrics import PrometheusMetrics

            return PrometheusMetrics
        raise AttributeError(name)


__all__ = ["PrometheusMetrics", "disable", "enable"]


def enable(*, registry: CollectorRegistry | None = None) -> PrometheusMetrics:
    """Turn chanx's Prometheus metrics on for this process, in ``registry`` (default: the global one)."""
    from chanx.observability.metrics import PrometheusMetrics

    metrics = PrometheusMetrics(registry)
    state.active = metrics
    return metrics


def disable() -> None:
    """Turn instrumentation off: the core stops reporting."""
    state.active = None
