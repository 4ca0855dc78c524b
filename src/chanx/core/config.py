"""The neutral configuration object: built-in defaults as class attributes.

There is no module-level ``config`` bound to a framework here: choosing one would make the
core import an adapter. Each framework adapter carries its own configuration object
(``chanx_adapter.config``: a :class:`Config` for fast-channels,
``chanx.channels.settings.DjangoConfig`` for Django Channels).
"""

import weakref
from collections.abc import Collection
from typing import TYPE_CHECKING

from chanx.utils.framework import lazy_is_using_django


class Config:
    """Built-in defaults, used as is outside Django.

    Non-Django projects configure chanx through class attributes on a shared base consumer.
    Django projects read the same names from the ``CHANX`` setting instead
    (``chanx.channels.settings.DjangoConfig``). Every instance is tracked (weakly) so test
    helpers can override settings on all of them without knowing which adapter made them.
    """

    send_completion: bool = False
    send_message_immediately: bool = True
    # Per-frame records are opt-in: two records per frame are noise in a production log.
    log_websocket_message: bool = False
    log_ignored_actions: Collection[str] = {}
    camelize: bool = False
    discriminator_field: str = "action"
    # Key that selects a frame's message type, for consumers that do not set
    # ``discriminator_field`` themselves.
    message_action_key: str = "action"
    # Per-connection limits (see docs/limits.md).
    max_concurrent_messages: int = 32
    max_message_size: int = 1_048_576
    rate_limit_messages: int = 0
    rate_limit_period: float = 1.0
    # Topics one connection may be subscribed to at once (docs/topics.md).
    max_subscriptions: int = 64
    # Frames / characters that may wait for a slow client before it is closed (docs/limits.md).
    max_outbound_frames: int = 1_000
    max_outbound_bytes: int = 4 * 1_048_576

    def __init__(self) -> None:
        _instances.add(self)

    @staticmethod
    def instances() -> list["Config"]:
        """Every live ``Config`` instance (e.g. the fast-channels consumer's)."""
        return list(_instances)


_instances: "weakref.WeakSet[Config]" = weakref.WeakSet()


if TYPE_CHECKING:
    IS_USING_DJANGO: bool
else:
    __getattr__ = lazy_is_using_django(__name__)
