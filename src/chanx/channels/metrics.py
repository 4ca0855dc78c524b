"""``/metrics`` for Django: the Prometheus text of chanx's registry, as a plain view."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def metrics_view(request: HttpRequest) -> HttpResponse:
    """Serve the enabled registry (the global one when metrics were enabled without one)."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    from chanx.observability.metrics import active_registry

    registry = active_registry()
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
