"""WebSocket route discovery for Django Channels (``URLRouter`` tables behind middleware)."""

from typing import Any

from channels.routing import URLRouter
from django.http import HttpRequest

from chanx.channels import settings as chanx_settings_module
from chanx.channels.utils.asgi import get_websocket_application
from chanx.routing.discovery import RouteDiscovery, RouteInfo, is_chanx_consumer
from chanx.routing.patterns import extract_path_parameters, get_pattern_string_and_params
from chanx.routing.traversal import WRAPPED_APP_ATTRIBUTES, traverse_middleware_stack
from chanx.utils.logging import logger

DJANGO_PATH_CONVERTERS: dict[str, str] = {
    "str": "[^/]+",
    "int": "[0-9]+",
    "slug": "[-a-zA-Z0-9_]+",
    "uuid": "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "path": ".+",
}
_MAX_UNWRAP = 50


class DjangoRouteDiscovery(RouteDiscovery):
    """Walks ``settings.ASGI_APPLICATION``'s ``websocket`` entry down to its consumers."""

    def __init__(self, include_non_chanx_routes: bool | None = None) -> None:
        # ``None``: CHANX["ASYNCAPI_INCLUDE_NON_CHANX_ROUTES"] (on by default).
        if include_non_chanx_routes is None:
            include_non_chanx_routes = bool(
                chanx_settings_module.chanx_settings.ASYNCAPI_INCLUDE_NON_CHANX_ROUTES
            )
        self.include_non_chanx_routes = include_non_chanx_routes

    def get_websocket_application(self) -> Any:
        """The ``websocket`` application (with middleware), or ``None``."""
        return get_websocket_application()

    def discover_routes(self, base_url: str = "ws://localhost:8000") -> list[RouteInfo]:
        """Every consumer route (``as_asgi()``), prefixes of nested routers joined."""
        routes: list[RouteInfo] = []
        app = self.get_websocket_application()
        if app is not None:
            traverse_middleware_stack(app, "", routes, base_url, self.extract_routes_from_router)
        return routes

    def extract_routes_from_router(
        self, router: Any, prefix: str, routes: list[RouteInfo], base_url: str
    ) -> None:
        """Append the routes of a ``URLRouter``; ``TypeError`` for anything else."""
        if not isinstance(router, URLRouter):
            raise TypeError(f"Expected URLRouter, got {type(router)}")
        for route in router.routes:
            try:
                self._add_route(route, prefix, routes, base_url)
            except AttributeError:
                logger.exception(f"AttributeError while parsing route: {route!r}")
            except Exception:
                logger.exception(f"Error parsing route: {route!r}")

    def _add_route(self, route: Any, prefix: str, routes: list[RouteInfo], base_url: str) -> None:
        pattern, _own_params = get_pattern_string_and_params(route)
        full_path = prefix + pattern
        target = _unwrap(route.callback)
        if isinstance(target, URLRouter):
            self.extract_routes_from_router(target, full_path, routes, base_url)
            return
        consumer = target.consumer_class
        if not is_chanx_consumer(consumer) and not self.include_non_chanx_routes:
            logger.debug(f"Skipping non-chanx consumer {consumer!r} at {full_path}")
            return
        # Parameters of the prefixes count too, so the whole address is rendered.
        params = extract_path_parameters(full_path) or None
        routes.append(
            RouteInfo(
                path=full_path,
                handler=route.callback,
                base_url=base_url,
                consumer=consumer,
                path_params=params,
            )
        )

    def get_base_url(self, request: HttpRequest) -> str:
        """``WEBSOCKET_BASE_URL`` if set, else ``ws(s)://`` + the request's host."""
        configured = chanx_settings_module.chanx_settings.WEBSOCKET_BASE_URL
        if configured:
            return str(configured)
        scheme = "wss://" if request.is_secure() else "ws://"
        return scheme + request.get_host()


def _unwrap(app: Any) -> Any:
    """Look through per-route middleware for the consumer app or a nested router."""
    current = app
    for _ in range(_MAX_UNWRAP):
        if isinstance(current, URLRouter) or hasattr(current, "consumer_class"):
            return current
        wrapped = next(
            (getattr(current, a) for a in WRAPPED_APP_ATTRIBUTES if getattr(current, a, None)),
            None,
        )
        if wrapped is None:
            return current
        current = wrapped
    return current


def get_websocket_routes(request: HttpRequest) -> list[RouteInfo]:
    """Routes of the project, with the base URL derived from ``request``."""
    discovery = DjangoRouteDiscovery()
    return discovery.discover_routes(base_url=discovery.get_base_url(request))
