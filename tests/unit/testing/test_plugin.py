"""The pytest plugin's fixtures, the factory, layer isolation and settings overrides."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer as django_layer
from fast_channels.layers import get_channel_layer as fast_layer
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from chanx.channels.testing import DjangoWebsocketCommunicator
from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.core.check import IS_USING_DJANGO
from chanx.core.decorators import ws_handler
from chanx.fast_channels.testing import WebsocketCommunicator as FastCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.testing import CommunicatorFactory, SettingsOverride, isolated_channel_layers
from tests.django_project.auth_consumers import Identity, ProfileConsumer, WhoAmI
from tests.shared.messages import Noticed, Notify
from tests.suites.behaviour.consumers import build

LONG = 30


def test_loading_the_plugin_does_not_bind_the_framework_switch_early() -> None:
    # pytest-django sets DJANGO_SETTINGS_MODULE after entry-point plugins load.
    assert IS_USING_DJANGO


async def test_factory_fixture_picks_each_adapters_communicator(chanx_communicator: Any) -> None:
    django_side = await chanx_communicator(build(ChannelsConsumer).Echo)
    fast_side = await chanx_communicator(build(FastConsumer).Echo)
    assert type(django_side) is DjangoWebsocketCommunicator
    assert type(fast_side) is FastCommunicator
    for comm in (django_side, fast_side):
        await comm.send_message(PingMessage())
        assert await comm.receive_all_messages(timeout=LONG) == [PongMessage()]


async def test_factory_disconnects_everything_on_exit() -> None:
    async with CommunicatorFactory() as connect:
        first = await connect(build(FastConsumer).Quiet, completion=True)
        second = await connect(build(ChannelsConsumer).Echo)
    assert first._disconnected and second._disconnected
    assert first.future.done() and second.future.done()


async def test_factory_routes_through_an_application(chanx_communicator: Any) -> None:
    room = build(FastConsumer).Echo
    app = Starlette(routes=[WebSocketRoute("/ws/{room}", room.as_asgi())])
    comm = await chanx_communicator(app, "/ws/blue", consumer=room)
    await comm.send_message(PingMessage())
    assert await comm.assert_message_pushed(PongMessage, timeout=LONG) == PongMessage()
    with pytest.raises(ValueError, match="consumer= is required"):
        await chanx_communicator(app, "/ws/blue")


async def test_channel_layer_fixture_is_fresh_and_active(chanx_channel_layer: Any) -> None:
    assert django_layer() is chanx_channel_layer
    echo = build(ChannelsConsumer).Echo
    async with CommunicatorFactory() as connect:
        comm = await connect(echo)
        assert list(chanx_channel_layer.groups) == ["lobby"]
        await echo.broadcast_event(Notify(payload="isolated"))
        await comm.assert_message_pushed(Noticed, "isolated", timeout=LONG)


@pytest.mark.chanx_layers("other")
def test_layers_marker_isolates_more_aliases(chanx_channel_layer: Any) -> None:
    assert django_layer("other") is not None
    assert fast_layer("other") is not None
    assert django_layer("other") is not django_layer("default")


def test_isolated_layers_restore_previous_ones() -> None:
    before_django, before_fast = django_layer("default"), fast_layer("default")
    with isolated_channel_layers(["default", "spare"]) as layers:
        assert django_layer("default") is layers["channels"]["default"] is not before_django
        assert fast_layer("default") is layers["fast_channels"]["default"] is not before_fast
    assert django_layer("default") is before_django
    assert fast_layer("default") is before_fast
    assert fast_layer("spare") is None


class DjangoPinger(ChannelsConsumer):
    """No send_completion attribute: completion follows CHANX["SEND_COMPLETION"]."""

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


async def test_settings_fixture_reaches_both_frameworks(
    chanx_settings: Any, chanx_communicator: Any
) -> None:
    from chanx.channels import settings as live

    chanx_settings(SEND_COMPLETION=True, LOG_WEBSOCKET_MESSAGE=False)
    assert live.chanx_settings.SEND_COMPLETION is True
    assert FastConsumer.chanx_adapter.config.send_completion is True
    comm = await chanx_communicator(DjangoPinger)
    await comm.send_message(PingMessage())
    assert await comm.receive_all_json(timeout=LONG) == [
        {"action": "pong", "payload": None},
        {"action": "complete", "payload": None},
    ]
    quiet = build(FastConsumer).Quiet  # declares send_completion = False itself: it wins
    comm = await chanx_communicator(quiet)
    await comm.send_message(PingMessage())
    assert await comm.receive_all_json(timeout=0.2) == [{"action": "pong", "payload": None}]


def test_settings_override_restores() -> None:
    from chanx.channels import settings as live

    override = SettingsOverride()
    override(SEND_COMPLETION=True, CAMELIZE=True)
    override(CAMELIZE=False)
    assert live.chanx_settings.CAMELIZE is False
    override.restore()
    assert live.chanx_settings.SEND_COMPLETION is False
    assert live.chanx_settings.CAMELIZE is False
    assert "send_completion" not in FastConsumer.chanx_adapter.config.__dict__


async def test_auth_communicator_logs_in(chanx_auth_communicator: Any) -> None:
    app = AuthMiddlewareStack(ProfileConsumer.as_asgi())
    comm = await chanx_auth_communicator("/profile/", consumer=ProfileConsumer, application=app)
    assert comm.user.get_username() == "chanx-test-user"
    await comm.send_message(WhoAmI())
    identity = await comm.assert_message_pushed(Identity, timeout=LONG)
    assert identity.payload.username == "chanx-test-user"


async def test_auth_communicator_uses_the_project_application(
    chanx_auth_communicator: Any,
) -> None:
    from django.contrib.auth import get_user_model

    ann = await get_user_model().objects.acreate(username="ann")
    comm = await chanx_auth_communicator("/ws/auth/profile/", consumer=ProfileConsumer, user=ann)
    await comm.send_message(WhoAmI())
    await comm.assert_message_pushed(Identity, {"username": "ann", "scope_username": "ann"})


def test_plugin_works_without_django(tmp_path: Path) -> None:
    # Strict mode: the plugin's async fixtures must be real pytest-asyncio fixtures.
    (tmp_path / "pytest.ini").write_text("[pytest]\nasyncio_mode = strict\n")
    (tmp_path / "test_fast.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from chanx.core.check import IS_USING_DJANGO
            from chanx.core.decorators import ws_handler
            from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
            from chanx.messages.incoming import PingMessage
            from chanx.messages.outgoing import PongMessage

            class Pinger(AsyncJsonWebsocketConsumer):
                @ws_handler
                async def ping(self, message: PingMessage) -> PongMessage:
                    return PongMessage()

            @pytest.mark.asyncio
            async def test_ping(chanx_communicator, chanx_channel_layer, chanx_settings):
                assert not IS_USING_DJANGO
                chanx_settings(SEND_COMPLETION=True)
                comm = await chanx_communicator(Pinger)
                await comm.send_message(PingMessage())
                assert await comm.receive_all_messages(timeout=30) == [PongMessage()]
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.pop("CHANX_USE_DJANGO", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:django", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


_ASYNC_TESTS = """
import asyncio

async def test_awaits():
    await asyncio.sleep(0)

async def test_fails():
    assert 1 == 2
"""


@pytest.mark.parametrize(
    ("extra_args", "ini", "outcome"),
    [
        ([], "", "1 failed, 1 passed"),  # pytest-asyncio present, no mode chosen: auto
        (["-p", "no:asyncio"], "", "1 failed, 1 passed"),  # no pytest-asyncio: the plugin runs them
        ([], "[pytest]\nasyncio_mode = strict\n", "2 failed"),  # the project's choice is kept
    ],
)
def test_async_tests_run_without_configuration(
    tmp_path: Path, extra_args: list[str], ini: str, outcome: str
) -> None:
    (tmp_path / "test_async.py").write_text(_ASYNC_TESTS)
    if ini:
        (tmp_path / "pytest.ini").write_text(ini)
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra_args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1].startswith(outcome), result.stdout
