"""The chanx test communicator bound to fast-channels, and a channel-layer test helper."""

from collections.abc import Iterator
from contextlib import contextmanager

from fast_channels.layers import (
    BaseChannelLayer,
    InMemoryChannelLayer,
    channel_layers,
    register_channel_layer,
    unregister_channel_layer,
)
from fast_channels.testing import WebsocketCommunicator as FastCommunicator

from chanx.fast_channels.layers import DEFAULT_CHANNEL_LAYER_ALIAS
from chanx.testing.communicator import ChanxCommunicatorMixin


class WebsocketCommunicator(ChanxCommunicatorMixin, FastCommunicator):
    """Test client for chanx consumers mounted on FastAPI/Starlette or served directly.

    ``application`` may be ``Consumer.as_asgi()`` or a whole FastAPI/Starlette app, in
    which case ``path`` is routed by the app (mounts and path parameters included).
    """


@contextmanager
def isolated_channel_layer(
    alias: str = DEFAULT_CHANNEL_LAYER_ALIAS, layer: BaseChannelLayer | None = None
) -> Iterator[BaseChannelLayer]:
    """Register ``layer`` (default: a fresh in-memory layer) under ``alias`` for the block.

    Whatever was registered under ``alias`` before (or nothing) is restored on exit, so
    tests neither see each other's groups nor leak layers bound to a closed event loop::

        @pytest.fixture
        def layer():
            with isolated_channel_layer() as layer:
                yield layer
    """
    previous = channel_layers.get(alias)
    chosen = layer if layer is not None else InMemoryChannelLayer()
    register_channel_layer(alias, chosen)
    try:
        yield chosen
    finally:
        if previous is None:
            unregister_channel_layer(alias)
        else:
            register_channel_layer(alias, previous)


__all__ = ["WebsocketCommunicator", "isolated_channel_layer"]
