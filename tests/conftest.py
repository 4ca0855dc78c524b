"""Shared fixtures: one behaviour suite, parametrised over both framework adapters."""

import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer as django_get_channel_layer
from django.db import connections
from fast_channels.layers import (
    InMemoryChannelLayer,
    register_channel_layer,
    unregister_channel_layer,
)

from chanx.channels.testing import WebsocketCommunicator as ChannelsCommunicator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.fast_channels.testing import WebsocketCommunicator as FastCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from tests.services import PasswordRedis, sentinel_for
from tests.services import password_redis as start_password_redis


@dataclass(frozen=True)
class Adapter:
    """One framework binding: its consumer base, its communicator, its layer lookup."""

    name: str
    # Plain ``type``: mypy does not treat ``type[Any]`` as Hashable, and the suites pass it
    # to functools.cache'd builders.
    Consumer: type
    Communicator: type[Any]
    get_layer: Callable[[], Any]

    def communicator(self, consumer: type[Any], path: str = "/ws", **kwargs: Any) -> Any:
        return self.Communicator(consumer.as_asgi(), path, consumer=consumer, **kwargs)


CHANNELS = Adapter(
    "channels",
    ChannelsConsumer,
    ChannelsCommunicator,
    lambda: django_get_channel_layer("default"),
)


def _fast_layer() -> Any:
    from fast_channels.layers import get_channel_layer

    return get_channel_layer("default")


FAST = Adapter("fast_channels", FastConsumer, FastCommunicator, _fast_layer)
ADAPTERS = {"channels": CHANNELS, "fast_channels": FAST}


@pytest.fixture(params=["channels", "fast_channels"])
async def adapter(request: pytest.FixtureRequest) -> AsyncIterator[Adapter]:
    """Each framework in turn, with a fresh in-memory channel layer."""
    chosen = ADAPTERS[request.param]
    if chosen is FAST:
        register_channel_layer("default", InMemoryChannelLayer())
    try:
        yield chosen
    finally:
        if chosen is FAST:
            unregister_channel_layer("default")
        else:
            layer = chosen.get_layer()
            if layer is not None:
                await layer.flush()


def _forget_connections() -> None:
    for alias in list(connections):
        with contextlib.suppress(AttributeError):  # this thread never opened it
            del connections[alias]


@pytest.fixture(autouse=True)
async def forget_worker_db_connections() -> AsyncIterator[None]:
    """Drop DB connections a test opened in asgiref's worker thread.

    Django never closes in-memory sqlite connections, and Channels consumers check them on
    every event: left behind, they trip pytest-django's database blocker in later tests.
    """
    yield
    await sync_to_async(_forget_connections)()


# Suites that start servers, extra processes or a browser. Everything else runs inside the
# pytest process and is what the version matrix (noxfile.py) runs: ``-m "not system"``.
_SYSTEM_DIRS = frozenset({"e2e", "scale", "benchmarks", "packaging"})
# test_deploy_checklist.py runs the deploy page's commands (``uv run ...``, servers) as a user does.
_SYSTEM_FILES = ("test_browser.py", "test_deploy_checklist.py")
_TESTS_ROOT = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the out-of-process suites ``system``."""
    for item in items:
        relative = item.path.relative_to(_TESTS_ROOT)
        if _SYSTEM_DIRS.intersection(relative.parts[:-1]) or relative.name in _SYSTEM_FILES:
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def password_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PasswordRedis]:
    """A password-protected Redis (``requirepass secret``) on a free port, for the session."""
    with start_password_redis(tmp_path_factory.mktemp("password-redis")) as server:
        yield server


@pytest.fixture(scope="session")
def redis_sentinel(
    password_redis: PasswordRedis, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[int]:
    """Port of a Redis Sentinel watching ``password_redis`` as ``mymaster``."""
    with sentinel_for(password_redis, tmp_path_factory.mktemp("sentinel")) as port:
        yield port
