"""The chanx test communicator bound to fast-channels, and a channel-layer test helper."""

from collections.abc import Iterator
from contextlib import contextmanager

from fast_channels.layers import BaseChannelLayer
from fast_channels.testing import WebsocketCommunicator as FastCommunicator

from chanx.fast_channels.layers import DEFAULT_CHANNEL_LAYER_ALIAS
from chanx.testing.communicator import ChanxCommunicatorMixin
from chanx.testing.layers import fast_channels_layers


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

    The one-alias, fast-channels form of ``chanx.testing.layers.isolated_channel_layers``.
    """
    with fast_channels_layers({alias: layer}) as layers:
        yield layers[alias]


__all__ = ["WebsocketCommunicator", "isolated_channel_layer"]
