"""Per-connection limits on a shared base consumer (docs/limits.md)."""

from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer


class GuardedConsumer(AsyncJsonWebsocketConsumer):
    """Every consumer of the app subclasses this and inherits its limits."""

    max_concurrent_messages = 8  # frames of one connection in flight (1 = strict order)
    max_message_size = 64 * 1024  # characters; a larger frame gets an error frame, is dropped
    rate_limit_messages = 20  # frames per period; extra frames get an error frame, are dropped
    rate_limit_period = 1.0  # seconds
