"""chanx.utils.framework: the environment's choice first, then what is installed."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chanx.utils import framework

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("CHANX_USE_DJANGO", raising=False)
    chosen = framework._chosen
    framework.forget_framework()
    yield
    framework._chosen = chosen


def installed_only(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    framework.forget_framework()
    monkeypatch.setattr(framework, "_installed", lambda module: module in names)


def test_environment_chooses_channels(monkeypatch: pytest.MonkeyPatch, no_env: None) -> None:
    installed_only(monkeypatch, "fast_channels")
    monkeypatch.setenv("CHANX_USE_DJANGO", "1")
    assert framework.detect_framework() == "channels"


def test_installed_package_decides_without_environment(
    monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    installed_only(monkeypatch, "fast_channels")
    assert framework.detect_framework() == "fast_channels"
    installed_only(monkeypatch, "channels", "django", "fast_channels")
    assert framework.detect_framework() == "fast_channels"
    installed_only(monkeypatch, "channels", "django")
    assert framework.detect_framework() == "channels"
    installed_only(monkeypatch, "channels")  # Channels without Django cannot run
    with pytest.raises(RuntimeError, match="chanx\\[fast-channels\\]"):
        framework.detect_framework()


def test_neither_installed_names_the_extras(monkeypatch: pytest.MonkeyPatch, no_env: None) -> None:
    installed_only(monkeypatch)
    with pytest.raises(RuntimeError, match=r"chanx\[channels\].*chanx\[fast-channels\]"):
        framework.detect_framework()


def test_consumer_base_and_layer_follow_the_choice(
    monkeypatch: pytest.MonkeyPatch, no_env: None
) -> None:
    from channels.layers import get_channel_layer

    from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
    from chanx.fast_channels.testing import isolated_channel_layer
    from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer

    installed_only(monkeypatch, "fast_channels")
    assert framework.consumer_base() is FastConsumer
    with isolated_channel_layer() as layer:
        assert framework.channel_layer() is layer
    assert framework.channel_layer("not-registered") is None
    monkeypatch.setenv("CHANX_USE_DJANGO", "1")
    framework.forget_framework()
    assert framework.consumer_base() is ChannelsConsumer
    assert framework.channel_layer("default") is get_channel_layer("default")
    assert framework.channel_layer("not-configured") is None


def test_installed_probe_reports_real_packages() -> None:
    assert framework._installed("django") is True
    assert framework._installed("chanx_no_such_package") is False


def test_the_choice_is_kept_for_the_process(monkeypatch: pytest.MonkeyPatch, no_env: None) -> None:
    assert framework.detect_framework() == "fast_channels"
    monkeypatch.setenv("CHANX_USE_DJANGO", "1")
    assert framework.detect_framework() == "fast_channels"
    framework.forget_framework()
    assert framework.detect_framework() == "channels"


# Every place that binds to "the framework in use", read in a fresh interpreter where both
# frameworks are installed.
EVERYWHERE = (
    "import chanx.core.check as check, chanx.core.config as config;"
    "from chanx.utils import framework as f;"
    "from chanx.core.websocket import AsyncJsonWebsocketConsumer as C;"
    "import chanx.testing as t;"
    "layer = f.channel_layer();"
    "print(f.detect_framework(), f.IS_USING_DJANGO, check.IS_USING_DJANGO,"
    " config.IS_USING_DJANGO, f.consumer_base().__module__, C.__module__,"
    " t.WebsocketCommunicator.__module__, type(layer).__module__.split('.')[0])"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {},
            "fast_channels False False False chanx.fast_channels.websocket "
            "chanx.fast_channels.websocket chanx.fast_channels.testing fast_channels",
        ),
        (
            {"CHANX_USE_DJANGO": "1", "DJANGO_SETTINGS_MODULE": ""},
            "channels True True True chanx.channels.websocket chanx.channels.websocket "
            "chanx.channels.testing channels",
        ),
        (
            {"DJANGO_SETTINGS_MODULE": "tests.django_project.settings"},
            "channels True True True chanx.channels.websocket chanx.channels.websocket "
            "chanx.channels.testing channels",
        ),
    ],
    ids=["neither-set", "CHANX_USE_DJANGO", "DJANGO_SETTINGS_MODULE"],
)
def test_one_rule_everywhere_with_both_frameworks_installed(
    env: dict[str, str], expected: str
) -> None:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO")
    }
    code = EVERYWHERE
    if env.get("CHANX_USE_DJANGO"):
        # Channels reads its layers from Django settings: configure a project by hand.
        code = (
            "from django.conf import settings;"
            "settings.configure(CHANNEL_LAYERS={'default': "
            "{'BACKEND': 'channels.layers.InMemoryChannelLayer'}});" + code
        )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == expected
