"""``FrameworkAdapter``: everything a chanx consumer needs from its web framework, in one object.

Each adapter package defines one (``chanx.channels.adapter.adapter``,
``chanx.fast_channels.adapter.adapter``) and its consumer class names it in
``chanx_adapter``. The neutral consumer asks the adapter, never the framework: for the
configuration, the channel-layer lookup, the exception that ends a connection cleanly, the
layer types that live in this process, and the few per-framework steps around a frame or a
disconnect. A consumer combined with a framework by hand has no adapter (``NO_FRAMEWORK``):
that framework's own loop serves it.
"""

from collections.abc import Awaitable
from typing import Any

from chanx.core.config import Config
from chanx.core.connection.resilience import leave_groups


class FrameworkAdapter:
    """One web framework as the neutral consumer sees it."""

    name = "none"
    # The framework's exception that ends a connection cleanly (``StopConsumer``).
    stop_exceptions: tuple[type[BaseException], ...] = ()
    # Channel layers living in this process: no outage to survive.
    in_process_layer_types: tuple[type, ...] = ()

    def __init__(self, *, config: Any) -> None:
        # Defaults for every consumer setting left at ``None`` (Django's ``CHANX`` or ``Config``).
        self.config = config
        # The framework's chanx consumer class: hooks overridden relative to it are the
        # user's (set by the adapter package once that class exists).
        self.consumer_base: type | None = None

    @property
    def serves_connections(self) -> bool:
        """Whether chanx's dispatch loop serves the connection (else the framework's own)."""
        return self.consumer_base is not None

    def get_channel_layer(self, alias: Any) -> Any:
        """The framework's channel layer registered under ``alias`` (``None``: none)."""
        return None

    def before_serving(self, consumer: Any) -> None:
        """Called once per connection before it is served (e.g. make a default layer exist)."""

    def before_frame(self) -> Awaitable[None] | None:
        """Work the framework does before each frame's handler (``None``: nothing to do)."""
        return None

    async def leave_and_stop(self, consumer: Any, message: Any, framework_disconnect: Any) -> None:
        """Leave the groups (retried through a short layer outage), then the framework's end.

        ``framework_disconnect`` is the framework's own ``websocket_disconnect`` bound to the
        consumer; it is called with no groups left to leave (chanx left them already).
        """
        await leave_groups(consumer)
        groups, consumer.groups = consumer.groups, []
        try:
            await framework_disconnect(message)
        finally:
            consumer.groups = groups


NO_FRAMEWORK = FrameworkAdapter(config=Config())
"""The adapter of the neutral class itself and of consumers combined with a framework by hand."""

__all__ = ["NO_FRAMEWORK", "FrameworkAdapter"]
