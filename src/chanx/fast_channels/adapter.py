"""fast-channels (FastAPI / Starlette) as a chanx framework adapter."""

from typing import Any

from fast_channels.exceptions import StopConsumer
from fast_channels.layers import InMemoryChannelLayer

from chanx.core.config import Config
from chanx.core.framework_adapter import FrameworkAdapter
from chanx.fast_channels.layers import (
    DEFAULT_CHANNEL_LAYER_ALIAS,
    ensure_default_layer,
    get_channel_layer,
)
from chanx.fast_channels.setup_checks import check_layer_once


class FastChannelsAdapter(FrameworkAdapter):
    """Settings from class attributes (``Config`` defaults), layers from fast-channels' registry."""

    name = "fast_channels"
    stop_exceptions = (StopConsumer,)
    in_process_layer_types = (InMemoryChannelLayer,)

    def get_channel_layer(self, alias: Any) -> Any:
        """The layer registered under ``alias`` in fast-channels' registry."""
        return get_channel_layer(alias)

    def before_serving(self, consumer: Any) -> None:
        """Make the ``"default"`` alias resolve, and check the layer set-up once per class."""
        if consumer.channel_layer_alias == DEFAULT_CHANNEL_LAYER_ALIAS:
            ensure_default_layer()
        check_layer_once(type(consumer))


adapter = FastChannelsAdapter(config=Config())
"""The fast-channels adapter every ``chanx.fast_channels`` consumer uses."""

__all__ = ["FastChannelsAdapter", "adapter"]
