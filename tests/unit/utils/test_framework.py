"""chanx.utils.framework: the environment's choice first, then what is installed."""

import pytest

from chanx.utils import framework


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("CHANX_USE_DJANGO", raising=False)


def installed_only(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
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
    assert framework.consumer_base() is ChannelsConsumer
    assert framework.channel_layer("default") is get_channel_layer("default")
    assert framework.channel_layer("not-configured") is None


def test_installed_probe_reports_real_packages() -> None:
    assert framework._installed("django") is True
    assert framework._installed("chanx_no_such_package") is False


@pytest.mark.parametrize(("env", "expected"), [({}, False), ({"CHANX_USE_DJANGO": "1"}, True)])
def test_is_using_django_is_one_value_on_every_path(env: dict[str, str], expected: bool) -> None:
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, chanx.core.check as a, chanx.core.config as b, chanx.utils.framework as c;"
        "print(json.dumps([a.IS_USING_DJANGO, b.IS_USING_DJANGO, c.IS_USING_DJANGO]))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO")
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == [expected] * 3
