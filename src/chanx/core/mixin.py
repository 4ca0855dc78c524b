"""The neutral consumer class, under the module name adapters have always imported it from."""

from chanx.core.consumer import ChanxWebsocketConsumerMixin, ReceiveEvent

__all__ = ["ChanxWebsocketConsumerMixin", "ReceiveEvent"]
