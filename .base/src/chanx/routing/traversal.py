"""Depth-first walk from an ASGI application through its middleware to its routers."""

from typing import Any, Protocol

from chanx.utils.logging import logger

WRAPPED_APP_ATTRIBUTES = ("inner", "app", "application")
# Middleware chains are short; the bound only protects against cycles.
_MAX_DEPTH = 100


class RouteExtractor(Protocol):
    """Signature of ``RouteDiscovery.extract_routes_from_router``."""

    def __call__(self, router: Any, prefix: str, routes: list[Any], base_url: str) -> None: ...


class MiddlewareTraverser(Protocol):
    """Something that lists the routes reachable from an application."""

    def traverse(self, app: Any, prefix: str = "") -> list[Any]: ...


def traverse_middleware_stack(
    app: Any,
    prefix: str,
    routes: list[Any],
    base_url: str,
    extract_routes_fn: RouteExtractor,
) -> None:
    """Hand ``app`` to ``extract_routes_fn``; if it is not a router, descend into what it wraps.

    A router is recognised by ``extract_routes_fn`` returning normally; ``AttributeError`` or
    ``TypeError`` mean "not a router", and the wrapped app is looked up in ``inner``, ``app``
    then ``application``.
    """
    current = app
    for _ in range(_MAX_DEPTH):
        if current is None:
            return
        try:
            extract_routes_fn(current, prefix, routes, base_url)
            return
        except (AttributeError, TypeError):
            pass
        wrapped = next(
            (
                getattr(current, attr)
                for attr in WRAPPED_APP_ATTRIBUTES
                if getattr(current, attr, None) is not None
            ),
            None,
        )
        if wrapped is None:
            logger.debug(f"End of middleware traversal at {type(current).__name__}")
            return
        current = wrapped
