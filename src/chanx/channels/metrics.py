"""``/metrics`` for Django: the Prometheus text of chanx's registry, as a plain view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Serve the enabled registry (the global one when metrics were enabled without one)."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

    from chanx.observability import state
    from chanx.observability.metrics import PrometheusMetrics

    active = state.active
    registry = active.registry if isinstance(active, PrometheusMetrics) else REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
