"""WebSocket route discovery for FastAPI/Starlette apps (routes, mounts, sub-apps)."""

import inspect
import re
from typing import Any

from starlette.routing import Mount, WebSocketRoute

from chanx.routing.discovery import RouteDiscovery, RouteInfo, is_chanx_consumer
from chanx.utils.logging import logger

_PATH_PARAM = re.compile(r"\{([^}:]+)(?::([^}]+))?\}")
_MAX_DEPTH = 50


class FastAPIRouteDiscovery(RouteDiscovery):
    """Lists the WebSocket routes of ``app`` (``Mount``s are followed)."""

    def __init__(self, app: Any, include_non_chanx_routes: bool = True) -> None:
        self.app = app
        self.include_non_chanx_routes = include_non_chanx_routes

    def get_websocket_application(self) -> Any:
        """The app itself."""
        return self.app

    def discover_routes(self, base_url: str = "ws://localhost:8000") -> list[RouteInfo]:
        """Every WebSocket route (those of other endpoints unless ``include_non_chanx_routes``
        is false)."""
        routes: list[RouteInfo] = []
        if self.app:
            self.extract_routes_from_router(self.app, "", routes, base_url)
        return routes

    def extract_routes_from_router(
        self, router: Any, prefix: str, routes: list[RouteInfo], base_url: str
    ) -> None:
        """Walk ``router.routes``, descending into mounts."""
        self._walk(router, prefix, routes, base_url, 0)

    def _walk(
        self, router: Any, prefix: str, routes: list[RouteInfo], base_url: str, depth: int
    ) -> None:
        if depth > _MAX_DEPTH:
            return
        for route in getattr(router, "routes", None) or []:
            if isinstance(route, Mount):
                self._walk(route, prefix + route.path, routes, base_url, depth + 1)
            elif isinstance(route, WebSocketRoute):
                self._add_route(route, prefix, routes, base_url)

    def _add_route(
        self, route: WebSocketRoute, prefix: str, routes: list[RouteInfo], base_url: str
    ) -> None:
        consumer = extract_consumer(route.endpoint)
        if not is_chanx_consumer(consumer) and not self.include_non_chanx_routes:
            logger.debug(f"Skipping WebSocket route {prefix + route.path}: not a chanx consumer")
            return
        params = {name: type_ or "str" for name, type_ in _PATH_PARAM.findall(route.path)}
        routes.append(
            RouteInfo(
                path=prefix + route.path,
                handler=route.endpoint,
                base_url=base_url,
                consumer=consumer,
                path_params=params or None,
            )
        )


def extract_consumer(endpoint: Any) -> Any:
    """The consumer class behind an endpoint (``as_asgi()`` app or bound handler), or ``None``."""
    consumer = getattr(endpoint, "consumer_class", None)
    if consumer is not None:
        return consumer
    if inspect.ismethod(endpoint):
        owner = endpoint.__self__
        owner_class = owner if isinstance(owner, type) else type(owner)
        if hasattr(owner_class, "_MESSAGE_HANDLER_INFO_MAP"):
            return owner_class
    return None
