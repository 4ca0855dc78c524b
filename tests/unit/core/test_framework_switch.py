"""The 1.x framework-neutral import paths bind to one framework, chosen by environment variables."""

import os
import subprocess
import sys

import pytest

PROBE = (
    "import os, django;"
    "os.environ.get('DJANGO_SETTINGS_MODULE') and django.setup();"
    "from chanx.core.check import IS_USING_DJANGO;"
    "from chanx.core.websocket import AsyncJsonWebsocketConsumer as C;"
    "from chanx.core import adapter;"
    "import chanx.testing as t;"
    "print(IS_USING_DJANGO, C.__module__, adapter.get_channel_layer.__module__,"
    " t.WebsocketCommunicator.__module__)"
)


def _probe(env_overrides: dict[str, str]) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO")
    }
    env.update(env_overrides)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.strip()


def test_without_django_env_binds_fast_channels() -> None:
    assert _probe({}) == (
        "False chanx.fast_channels.websocket fast_channels.layers.registry "
        "chanx.fast_channels.testing"
    )


@pytest.mark.parametrize("var", ["DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO"])
def test_django_env_binds_channels(var: str) -> None:
    value = "tests.django_project.settings" if var == "DJANGO_SETTINGS_MODULE" else "1"
    out = _probe({var: value, "DJANGO_SETTINGS_MODULE": "tests.django_project.settings"})
    assert out.startswith("True chanx.channels.websocket channels.layers")
    assert out.endswith("chanx.channels.testing")


def test_consumer_module_imports_without_test_servers() -> None:
    code = (
        "import sys; import chanx.core.websocket;"
        "assert 'daphne' not in sys.modules, 'daphne imported';"
        "assert 'channels.testing' not in sys.modules; print('ok')"
    )
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.django_project.settings")
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == "ok"
