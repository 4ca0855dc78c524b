"""``/metrics`` for FastAPI/Starlette: the Prometheus text of chanx's registry.

``instrument(app)`` is the one call that turns chanx's observability on and mounts the route.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from chanx.observability.observer import Observer


async def metrics_endpoint(request: Request) -> Response:
    """Serve the enabled registry (the global one when metrics were enabled without one)."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    from chanx.observability.metrics import active_registry

    registry = active_registry()
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def instrument(app: Starlette, *, path: str | None = "/metrics", **options: Any) -> Observer:
    """Enable chanx's observability (``options`` as ``chanx.observability.enable``) and serve
    the metrics at ``path`` on ``app`` (a FastAPI or Starlette app; ``None``: no route)."""
    from chanx import observability

    observer = observability.enable(**options)
    if path is not None:
        app.add_route(path, metrics_endpoint, methods=["GET"], include_in_schema=False)
    return observer
