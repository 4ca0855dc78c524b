"""``/metrics`` for FastAPI/Starlette: the Prometheus text of chanx's registry."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response


async def metrics_endpoint(request: Request) -> Response:
    """Serve the enabled registry (the global one when metrics were enabled without one)."""
    from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

    from chanx.observability import state
    from chanx.observability.metrics import PrometheusMetrics

    active = state.active
    registry = active.registry if isinstance(active, PrometheusMetrics) else REGISTRY
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
