"""chanx.utils.framework: the framework in use, its consumer base and its channel layers."""

import pytest
from channels.layers import get_channel_layer as django_layer

from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.ext.fast_channels.layers import get_channel_layer as fast_layer
from chanx.ext.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.utils import framework


def test_the_test_suite_runs_under_django() -> None:
    assert framework.detect_framework() == "channels"
    assert framework.consumer_base() is ChannelsConsumer
    assert framework.channel_layer("default") is django_layer("default")


def test_without_django_the_fast_channels_binding_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("chanx.core.check.IS_USING_DJANGO", False)
    assert framework.detect_framework() == "fast_channels"
    assert framework.consumer_base() is FastConsumer
    assert framework.channel_layer("default") is fast_layer("default")
