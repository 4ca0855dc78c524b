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
    :func:`is_chanx_consumer` tells them apart. An entry made by :func:`expand_topic_routes`
    for a topic has ``topic`` set (and ``consumer`` is that topic class); ``host`` is the
    consumer serving it on the route, or ``None`` when the topic is the route's default topic.
    """

    path: str
    handler: Any
    base_url: str
    consumer: "type[AsyncJsonWebsocketConsumer[Any]] | Any"
    path_params: dict[str, str] | None = None
    topic: Any = None
    host: Any = None

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


def _topics_of(consumer: Any) -> list[Any]:
    """The topic classes a consumer serves, its default topic included."""
    bound = getattr(consumer, "_topic_classes", None)
    if bound is not None:
        return list(bound)
    topics = list(getattr(consumer, "topics", None) or [])
    default = getattr(consumer, "default_topic", None)
    if default is not None and default not in topics:
        topics.insert(0, default)
    return topics


def topic_routes(routes: list[RouteInfo]) -> list[TopicRoute]:
    """Every (route, topic) pair of ``routes``, in route order then the consumer's topic order.

    ``routes`` may hold entries of :func:`expand_topic_routes`: a topic entry with a host
    stands for that host's route.
    """
    pairs: list[TopicRoute] = []
    seen: set[tuple[str, Any, Any]] = set()
    for route in host_routes(routes):
        for topic in _topics_of(route.consumer):
            key = (route.path, route.consumer, topic)
            if key not in seen:
                seen.add(key)
                pairs.append(TopicRoute(route, topic))
    return pairs


def host_routes(routes: list[RouteInfo]) -> list[RouteInfo]:
    """``routes`` with the topic entries of :func:`expand_topic_routes` folded back into
    their hosts' routes (a host's route once per path; other routes are kept as they are)."""
    folded: list[RouteInfo] = []
    seen: set[tuple[str, Any]] = {(r.path, r.consumer) for r in routes if r.topic is None}
    for route in routes:
        if route.topic is not None and route.host is not None:
            key = (route.path, route.host)
            if key in seen:
                continue
            seen.add(key)
            route = RouteInfo(
                route.path, route.handler, route.base_url, route.host, route.path_params
            )
        folded.append(route)
    return folded


def expand_topic_routes(routes: list[RouteInfo]) -> list[RouteInfo]:
    """One entry per topic served at each route, as a client addresses them.

    A route whose consumer serves topics becomes: its default topic's entry alone
    (``consumer=topic=<default topic>``, ``host=None``) when it has one; otherwise the route
    itself (only if the consumer has ``@ws_handler`` methods of its own) followed by one
    entry per topic (``consumer=topic=<topic>``, ``host=<consumer>``). Other routes and
    entries already expanded are kept as they are.
    """
    expanded: list[RouteInfo] = []
    for route in routes:
        topics = _topics_of(route.consumer) if route.topic is None else []
        if not topics:
            expanded.append(route)
            continue
        base = (route.path, route.handler, route.base_url)
        default = getattr(route.consumer, "default_topic", None)
        if default is not None:
            expanded.append(RouteInfo(*base, default, route.path_params, topic=default))
            continue
        if getattr(route.consumer, "_MESSAGE_HANDLER_INFO_MAP", None):
            expanded.append(route)
        expanded += [
            RouteInfo(*base, topic, route.path_params, topic=topic, host=route.consumer)
            for topic in topics
        ]
    return expanded
