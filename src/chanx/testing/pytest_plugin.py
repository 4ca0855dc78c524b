"""pytest plugin (entry point ``chanx``): fixtures for testing chanx consumers.

* ``chanx_channel_layer`` — fresh in-memory channel layers for this test (every installed
  framework, aliases from ``@pytest.mark.chanx_layers(...)``, default ``"default"``); the
  value is the active framework's ``"default"`` layer.
* ``chanx_communicator`` — async factory of connected communicators, all disconnected at
  teardown (``chanx.testing.factory.CommunicatorFactory``).
* ``chanx_auth_communicator`` — Django only: connects as a logged-in user (needs
  pytest-django; uses ``transactional_db``).
* ``chanx_settings`` — ``chanx_settings(SEND_COMPLETION=True)`` overrides settings until
  the test ends.
* ``chanx_topic_stores`` — every topic history and presence store in use is emptied before
  and after the test (``chanx.testing.history.clear_stores``).

Async tests need no configuration: when the project has not chosen a pytest-asyncio mode,
the plugin selects its ``auto`` mode (set ``asyncio_mode`` yourself to keep another one);
without pytest-asyncio installed, the plugin runs ``async def`` tests itself, each in a
fresh event loop (async fixtures then need pytest-asyncio).

Nothing framework-specific is imported until a fixture runs, so the plugin loads in
projects without Django or fast-channels (and before pytest-django configures Django).
"""

import asyncio
import inspect
import warnings
from collections.abc import AsyncIterator, Iterator
from importlib import import_module
from typing import Any

import pytest

try:
    import pytest_asyncio

    _async_fixture: Any = pytest_asyncio.fixture
except ImportError:  # pragma: no cover - async fixtures need pytest-asyncio
    _async_fixture = None


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("asyncio") and _asyncio_mode_unset(config):
        config.option.asyncio_mode = "auto"
    config.addinivalue_line(
        "markers",
        "chanx_layers(*aliases): channel-layer aliases chanx_channel_layer isolates "
        "(default: 'default')",
    )


def _asyncio_mode_unset(config: pytest.Config) -> bool:
    if getattr(config.option, "asyncio_mode", None) is not None:
        return False
    # ``getini`` cannot tell an unset key from its default, so read the raw ini values.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return "asyncio_mode" not in config.inicfg


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests when pytest-asyncio is not installed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    if pyfuncitem.config.pluginmanager.hasplugin("asyncio"):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def chanx_channel_layer(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Fresh in-memory channel layers for this test; yields the active framework's default."""
    from chanx.core.check import IS_USING_DJANGO
    from chanx.testing.layers import isolated_channel_layers

    marker = request.node.get_closest_marker("chanx_layers")
    aliases = list(marker.args) if marker and marker.args else ["default"]
    if "default" not in aliases:
        aliases.insert(0, "default")
    with isolated_channel_layers(aliases) as layers:
        active = layers["channels"] if IS_USING_DJANGO else layers["fast_channels"]
        yield active.get("default")


@pytest.fixture
def chanx_settings() -> Iterator[Any]:
    """Call with upper-case keys to override chanx settings for the rest of the test."""
    from chanx.testing.overrides import SettingsOverride

    override = SettingsOverride()
    try:
        yield override
    finally:
        override.restore()


if _async_fixture is not None:

    @_async_fixture  # type: ignore[untyped-decorator]
    async def chanx_communicator() -> AsyncIterator[Any]:
        """``await chanx_communicator(Consumer)`` → a connected communicator (auto-closed)."""
        from chanx.testing.factory import CommunicatorFactory

        async with CommunicatorFactory() as factory:
            yield factory

    @_async_fixture  # type: ignore[untyped-decorator]
    async def chanx_topic_stores() -> AsyncIterator[None]:
        """Empty topic histories and presence before and after the test."""
        from chanx.testing.history import clear_stores

        await clear_stores()
        yield
        await clear_stores()

    @_async_fixture  # type: ignore[untyped-decorator]
    async def chanx_auth_communicator(
        transactional_db: None, chanx_communicator: Any
    ) -> AsyncIterator[Any]:
        """``await chanx_auth_communicator(path, consumer=C, user=None)`` (Django).

        Uses pytest-django's ``transactional_db``: the consumer reads the session from
        another thread, which must see the committed user. At teardown the communicators are
        disconnected and that thread's database connections closed.
        """
        auth = import_module("chanx.channels.testing_auth")

        yield auth.AuthCommunicatorFactory(chanx_communicator)
        await chanx_communicator.close_all()
        await auth.close_worker_db_connections()
