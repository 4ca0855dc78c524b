"""DjangoRouteDiscovery: middleware, nested routers, parameters, skipped routes."""

import pytest
from django.test import RequestFactory, override_settings

from chanx.channels.discovery import (
    DJANGO_PATH_CONVERTERS,
    DjangoRouteDiscovery,
    get_websocket_routes,
)
from chanx.channels.utils.settings import settings_context
from chanx.routing import RouteInfo
from tests.unit.asyncapi.consumers import ChatConsumer, EmptyConsumer, NoDocConsumer

APP = "tests.unit.asyncapi.django_app.application"


def by_path(routes: list[RouteInfo]) -> dict[str, RouteInfo]:
    return {route.path: route for route in routes}


@override_settings(ASGI_APPLICATION=APP)
def test_discovers_chanx_routes_through_middleware() -> None:
    routes = by_path(DjangoRouteDiscovery().discover_routes("ws://example.org"))
    assert list(routes) == [
        "ws/chat/<str:room>/",
        r"ws/nodoc/(?P<pk>\d+)/",
        "ws/plain/",
        "org/<slug:org>/empty/",
        "named/(?P<name>[^/]+)/",
        "bare/<name>/",
    ]
    chat = routes["ws/chat/<str:room>/"]
    assert chat.consumer is ChatConsumer
    assert chat.base_url == "ws://example.org"
    assert chat.path_params == {"room": "str"}
    assert chat.channel_path == "ws/chat/{room}/"
    assert getattr(chat.handler, "consumer_class", None) is ChatConsumer
    nodoc = routes[r"ws/nodoc/(?P<pk>\d+)/"]
    assert (nodoc.consumer, nodoc.path_params) == (NoDocConsumer, {"pk": r"\d+"})
    assert nodoc.channel_path == "ws/nodoc/{pk}/"


@override_settings(ASGI_APPLICATION=APP)
def test_prefix_parameters_and_per_route_middleware() -> None:
    routes = by_path(DjangoRouteDiscovery().discover_routes())
    empty = routes["org/<slug:org>/empty/"]
    assert empty.consumer is EmptyConsumer
    assert empty.path_params == {"org": "slug"}
    assert empty.channel_path == "org/{org}/empty/"


@override_settings(ASGI_APPLICATION=APP)
def test_character_classes_and_bare_names() -> None:
    routes = by_path(DjangoRouteDiscovery().discover_routes())
    assert routes["named/(?P<name>[^/]+)/"].channel_path == "named/{name}/"
    assert routes["bare/<name>/"].path_params == {"name": "str"}
    assert routes["bare/<name>/"].channel_path == "bare/{name}/"


@override_settings(ASGI_APPLICATION=APP)
def test_non_chanx_consumers_are_listed_and_bare_callables_skipped() -> None:
    from tests.unit.asyncapi.django_app import NotChanxConsumer

    routes = by_path(DjangoRouteDiscovery().discover_routes())
    assert routes["ws/plain/"].consumer is NotChanxConsumer
    assert "ws/bare/" not in routes  # no consumer class at all


@override_settings(ASGI_APPLICATION=APP)
def test_a_setting_leaves_non_chanx_consumers_out() -> None:
    with settings_context(ASYNCAPI_INCLUDE_NON_CHANX_ROUTES=False):
        paths = [route.path for route in DjangoRouteDiscovery().discover_routes()]
    assert "ws/plain/" not in paths and "ws/chat/<str:room>/" in paths
    explicit = DjangoRouteDiscovery(include_non_chanx_routes=False).discover_routes()
    assert "ws/plain/" not in [route.path for route in explicit]


@override_settings(ASGI_APPLICATION="tests.unit.asyncapi.django_app.no_websocket_application")
def test_no_websocket_application() -> None:
    assert DjangoRouteDiscovery().discover_routes() == []


def test_extract_rejects_non_routers() -> None:
    with pytest.raises(TypeError, match="Expected URLRouter, got <class 'str'>"):
        DjangoRouteDiscovery().extract_routes_from_router("x", "", [], "")


def test_test_project_routes() -> None:
    routes = by_path(DjangoRouteDiscovery().discover_routes())
    assert routes["ws/chat/<str:room>/"].channel_path == "ws/chat/{room}/"


def test_base_url_from_request_and_setting() -> None:
    factory = RequestFactory()
    discovery = DjangoRouteDiscovery()
    assert discovery.get_base_url(factory.get("/", HTTP_HOST="h:81")) == "ws://h:81"
    assert discovery.get_base_url(factory.get("/", secure=True, HTTP_HOST="h")) == "wss://h"
    with settings_context(WEBSOCKET_BASE_URL="wss://configured"):
        assert discovery.get_base_url(factory.get("/")) == "wss://configured"


@override_settings(ASGI_APPLICATION=APP)
def test_get_websocket_routes_uses_request_base_url() -> None:
    request = RequestFactory().get("/", HTTP_HOST="docs.example:9000")
    routes = get_websocket_routes(request)
    assert {route.base_url for route in routes} == {"ws://docs.example:9000"}


def test_path_converters_constant() -> None:
    assert DJANGO_PATH_CONVERTERS["int"] == "[0-9]+"
    assert set(DJANGO_PATH_CONVERTERS) == {"str", "int", "slug", "uuid", "path"}
