"""FastAPIRouteDiscovery: mounts, typed parameters, skipped endpoints."""

from typing import Any

from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from chanx.fast_channels.discovery import FastAPIRouteDiscovery, extract_consumer
from tests.unit.asyncapi.fastapi_app import (
    ItemConsumer,
    RoomChatConsumer,
    build_fastapi_app,
    build_starlette_app,
    plain_endpoint,
)


def test_fastapi_mounts_and_parameters() -> None:
    routes = FastAPIRouteDiscovery(build_fastapi_app()).discover_routes("ws://h:1")
    assert [(r.path, r.consumer, r.path_params) for r in routes] == [
        ("/ws/room/{room_name}", RoomChatConsumer, {"room_name": "str"}),
        ("/ws/item/{item_id:int}", ItemConsumer, {"item_id": "int"}),
        ("/ws/plain", None, None),  # a FastAPI WebSocket function: listed, no consumer
    ]
    assert routes[2].handler is plain_endpoint
    assert [r.channel_path for r in routes][:2] == ["/ws/room/{room_name}", "/ws/item/{item_id}"]
    assert {r.base_url for r in routes} == {"ws://h:1"}


def test_non_chanx_endpoints_can_be_left_out() -> None:
    discovery = FastAPIRouteDiscovery(build_fastapi_app(), include_non_chanx_routes=False)
    assert [r.path for r in discovery.discover_routes()] == [
        "/ws/room/{room_name}",
        "/ws/item/{item_id:int}",
    ]


def test_bare_starlette_app() -> None:
    routes = FastAPIRouteDiscovery(build_starlette_app()).discover_routes()
    assert [(r.path, r.consumer) for r in routes] == [
        ("/items/{item_id}", ItemConsumer),
        ("/nested/room/{room_name}", RoomChatConsumer),
    ]


def test_no_app_yields_nothing() -> None:
    assert FastAPIRouteDiscovery(None).discover_routes() == []
    app = Starlette()
    assert FastAPIRouteDiscovery(app).get_websocket_application() is app


def test_extract_consumer_from_bound_handler() -> None:
    class Holder(ItemConsumer):
        async def endpoint(self, websocket: Any) -> None:
            return None

    assert extract_consumer(Holder().endpoint) is Holder
    assert extract_consumer(ItemConsumer.as_asgi()) is ItemConsumer
    assert extract_consumer(len) is None


def test_extract_routes_from_router_with_prefix() -> None:
    routes: list[Any] = []
    router = Starlette(routes=[WebSocketRoute("/x", ItemConsumer.as_asgi())])
    FastAPIRouteDiscovery(None).extract_routes_from_router(router, "/pre", routes, "ws://b")
    assert [r.path for r in routes] == ["/pre/x"]
