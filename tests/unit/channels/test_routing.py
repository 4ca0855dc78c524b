"""Routing helpers for Channels URLRouter tables."""

import types

import pytest
from channels.routing import URLRouter

from chanx.channels.routing import include, path, re_path
from chanx.channels.testing import WebsocketCommunicator
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.django_project.consumers import ChatConsumer


def test_path_and_re_path_build_patterns() -> None:
    app = ChatConsumer.as_asgi()
    p = path("room/<str:room>/", app)
    r = re_path(r"^lobby/(?P<floor>\d+)/$", app, name="lobby")
    assert str(p.pattern) == "room/<str:room>/"
    assert p.name == ""
    assert r.name == "lobby"


def test_include_forms() -> None:
    router = URLRouter([])
    assert include(router) is router
    module = types.ModuleType("m")
    module.router = router  # type: ignore[attr-defined]
    assert include(module) is router
    assert include("tests.django_project.routing") is not None
    with pytest.raises(ModuleNotFoundError):
        include("tests.no_such_module")
    with pytest.raises(AttributeError):
        include(types.ModuleType("no_router"))


async def test_nested_router_merges_kwargs() -> None:
    inner = URLRouter([path("room/<str:room>/", ChatConsumer.as_asgi())])
    outer = URLRouter([path("ws/<str:tenant>/", include(inner))])
    comm = WebsocketCommunicator(outer, "/ws/acme/room/blue/", consumer=ChatConsumer)
    await comm.connect()
    await comm.send_message(PingMessage())
    assert await comm.receive_all_messages() == [PongMessage()]
    await comm.disconnect()


def test_no_asgi_application_means_no_websocket_app() -> None:
    from django.test import override_settings

    from chanx.channels.utils import get_websocket_application

    assert get_websocket_application() is not None
    with override_settings(ASGI_APPLICATION=None):
        assert get_websocket_application() is None


def test_without_asgi_application_channels_default_application_is_asked() -> None:
    """A test that stands in Channels' default application (patched) gets its websocket app."""
    from unittest import mock

    from channels.routing import ProtocolTypeRouter
    from django.test import override_settings

    from chanx.channels.utils import get_websocket_application

    websocket_app = ChatConsumer.as_asgi()
    router = ProtocolTypeRouter({"websocket": websocket_app})
    with override_settings(ASGI_APPLICATION=None):
        with mock.patch("channels.routing.get_default_application", return_value=router):
            assert get_websocket_application() is websocket_app
        with mock.patch("chanx.channels.utils.asgi.get_default_application", return_value=router):
            assert get_websocket_application() is websocket_app


def test_an_asgi_application_that_cannot_be_imported_is_an_error() -> None:
    from django.core.exceptions import ImproperlyConfigured
    from django.test import override_settings

    from chanx.channels.utils import get_websocket_application

    with (
        override_settings(ASGI_APPLICATION="tests.no_such_module.application"),
        pytest.raises(ImproperlyConfigured),
    ):
        get_websocket_application()
