"""Channels consumers without a Django project: defined, built and read with the defaults.

Each case runs in a fresh interpreter with no ``DJANGO_SETTINGS_MODULE``: Django settings are
read on first use of a setting, not when the consumer module is imported or a consumer built.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CONSUMER = """
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage

class Echo(AsyncJsonWebsocketConsumer):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()
"""


def run_without_project(body: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO")
    }
    done = subprocess.run(
        [sys.executable, "-c", CONSUMER + body],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_consumer_is_built_with_the_defaults() -> None:
    out = run_without_project(
        "from django.conf import settings\n"
        "consumer = Echo()\n"
        "print(settings.configured, consumer.should_send_completion, consumer.should_camelize,"
        " sorted(consumer.all_log_ignored_actions), consumer.chanx_adapter.config.max_message_size)\n"
    )
    assert out == "False False False ['complete', 'event_complete', 'group_complete'] 1048576"


def test_a_project_configured_later_is_read() -> None:
    out = run_without_project(
        "from django.conf import settings\n"
        "first = Echo()\n"
        "before = first.should_send_completion\n"
        "settings.configure(CHANX={'SEND_COMPLETION': True, 'CAMELIZE': True})\n"
        "second = Echo()\n"
        "print(before, first.should_send_completion, second.should_camelize)\n"
    )
    assert out == "False True True"
