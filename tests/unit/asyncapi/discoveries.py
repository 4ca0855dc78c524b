"""Custom discovery classes for ``generate_asyncapi_schema --discovery-class``."""

from typing import Any

from chanx.routing import RouteDiscovery, RouteInfo
from tests.unit.asyncapi.consumers import NoDocConsumer, route_for


class NothingDiscovery(RouteDiscovery):
    def discover_routes(self, base_url: str = "ws://localhost:8000") -> list[RouteInfo]:
        return []

    def extract_routes_from_router(
        self, router: Any, prefix: str, routes: list[RouteInfo], base_url: str
    ) -> None:
        return None


class FixedDiscovery(NothingDiscovery):
    def discover_routes(self, base_url: str = "ws://localhost:8000") -> list[RouteInfo]:
        return [route_for(NoDocConsumer, "fixed/")]


class BrokenDiscovery(NothingDiscovery):
    def discover_routes(self, base_url: str = "ws://localhost:8000") -> list[RouteInfo]:
        raise RuntimeError("no routes today")
