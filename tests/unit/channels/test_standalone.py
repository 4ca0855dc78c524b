"""Without a Django project, the Django communicator sets up a minimal configuration."""

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import asyncio
    from typing import Literal

    from chanx.channels.testing import WebsocketCommunicator
    from chanx.channels.websocket import AsyncJsonWebsocketConsumer
    from chanx.core.decorators import ws_handler
    from chanx.messages.base import BaseMessage
    from django.conf import settings


    class Say(BaseMessage):
        action: Literal["say"] = "say"
        payload: str


    class EchoConsumer(AsyncJsonWebsocketConsumer):
        send_completion = True

        @ws_handler
        async def say(self, message: Say) -> Say:
            return message


    async def main() -> None:
        assert not settings.configured
        async with WebsocketCommunicator(EchoConsumer.as_asgi(), "/", consumer=EchoConsumer) as ws:
            await ws.send_message(Say(payload="hi"))
            assert await ws.receive_all_messages() == [Say(payload="hi")]
        assert settings.INSTALLED_APPS == []
        print("ok")


    asyncio.run(main())
    """
)


def test_a_consumer_test_runs_without_a_django_project() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_a_configured_project_is_left_alone() -> None:
    from django.conf import settings

    from chanx.channels.standalone import configure_if_unconfigured

    apps = list(settings.INSTALLED_APPS)
    assert configure_if_unconfigured() is False
    assert list(settings.INSTALLED_APPS) == apps
