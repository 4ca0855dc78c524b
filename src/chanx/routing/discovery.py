"""Framework-neutral route description and the discovery interface."""

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chanx.routing.patterns import render_channel_path

if TYPE_CHECKING:
    from chanx.core.websocket import AsyncJsonWebsocketConsumer


@dataclass(frozen=True)
class RouteInfo:
    """One WebSocket route: its full pattern text, ASGI handler and consumer class.

    ``consumer`` is a chanx consumer, or, for a route served by something else (a plain
    Channels consumer, a FastAPI WebSocket function), that consumer class or ``None``:
    :func:`is_chanx_consumer` tells them apart.
    """

    path: str
    handler: Any
    base_url: str
    consumer: "type[AsyncJsonWebsocketConsumer[Any]] | Any"
    path_params: dict[str, str] | None = None

    @property
    def channel_path(self) -> str:
        """``path`` with every parameter rendered as ``{name}`` (the AsyncAPI address)."""
        return render_channel_path(self.path, self.path_params)


class RouteDiscovery(ABC):
    """Lists the WebSocket routes of an application.

    Routes not served by a chanx consumer are listed too (documented without messages),
    unless ``include_non_chanx_routes`` is false.
    """

    include_non_chanx_routes: bool = True

    @abstractmethod
    def discover_routes(self, base_url: str = "ws://localhost:8000") -> list[RouteInfo]:
        """All WebSocket routes served by chanx consumers."""

    @abstractmethod
    def extract_routes_from_router(
        self, router: Any, prefix: str, routes: list[RouteInfo], base_url: str
    ) -> None:
        """Append the routes of ``router`` (under ``prefix``) to ``routes``."""


def plain_route_name(route: RouteInfo) -> str:
    """The channel name of a route not served by a chanx consumer.

    The consumer class name in snake case, else the endpoint's function name, else the
    route's path.
    """
    named = route.consumer if isinstance(route.consumer, type) else route.handler
    name = getattr(named, "__name__", None)
    if isinstance(name, str) and name and name != "<lambda>":
        return _snake(name)
    return _snake(re.sub(r"[^0-9A-Za-z]+", "_", route.channel_path).strip("_") or "websocket")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def is_chanx_consumer(consumer: Any) -> bool:
    """True for a class built on chanx's consumer machinery (handler maps, ``snake_name``).

    Recognised by what chanx computes on every consumer class, so routing needs no import
    of the consumer itself.
    """
    return (
        isinstance(consumer, type)
        and isinstance(getattr(consumer, "_MESSAGE_HANDLER_INFO_MAP", None), dict)
        and isinstance(getattr(consumer, "_EVENT_HANDLER_INFO_MAP", None), dict)
        and isinstance(getattr(consumer, "snake_name", None), str)
    )


@dataclass(frozen=True)
class TopicRoute:
    """One topic served at a route: documented as its own channel at the route's address."""

    route: RouteInfo
    topic: Any  # a ``chanx.core.topic.Topic`` subclass

    @property
    def channel_name(self) -> str:
        """``<consumer snake_name>_<topic snake_name>``, unless ``@channel(name=...)`` on the topic."""
        info = getattr(self.topic, "_channel_info", None)
        if info is not None and info.get("name"):
            return str(info["name"])
        return f"{self.route.consumer.snake_name}_{self.topic.snake_name}"


def expand_topic_routes(routes: list[RouteInfo]) -> list[TopicRoute]:
    """Every (route, topic) pair of ``routes``, in route order then the consumer's topic order."""
    return [
        TopicRoute(route, topic)
        for route in routes
        for topic in getattr(route.consumer, "_topic_classes", ())
    ]
