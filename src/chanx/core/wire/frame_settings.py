"""The settings one client frame needs, resolved once when the frame arrives.

Each value is the consumer's attribute when set (not ``None``), else the adapter's
configuration. Reading them together costs one call per frame, and every frame still sees
live settings (Django's ``override_settings`` in tests, for example).
"""

from dataclasses import dataclass
from typing import Any

from chanx.core.wire.frame_log import info_enabled


@dataclass(slots=True)
class FrameSettings:
    max_message_size: int | None
    rate_limit_messages: int | None
    max_concurrent_messages: int | None
    send_completion: bool
    camelize: bool
    # Frames are logged: ``log_websocket_message`` is on and the logging configuration
    # lets chanx's info records through.
    log: bool


def setting(consumer: Any, name: str) -> Any:
    """``consumer.<name>`` when set, else the adapter configuration's value."""
    value = getattr(consumer, name, None)
    if value is None:
        return getattr(consumer.chanx_adapter.config, name)
    return value


def resolve_frame_settings(consumer: Any) -> FrameSettings:
    """Resolve the per-frame settings of ``consumer``.

    Written out field by field, with positional arguments: this runs for every frame, and a
    loop over the names (``getattr``) or keyword arguments cost measurably more
    (benchmarks/README.md).
    """
    config = consumer.chanx_adapter.config
    size = consumer.max_message_size
    rate = consumer.rate_limit_messages
    concurrent = consumer.max_concurrent_messages
    completion = consumer.send_completion
    camelize = consumer.camelize
    log = consumer.log_websocket_message
    return FrameSettings(
        config.max_message_size if size is None else size,
        config.rate_limit_messages if rate is None else rate,
        config.max_concurrent_messages if concurrent is None else concurrent,
        bool(config.send_completion if completion is None else completion),
        bool(config.camelize if camelize is None else camelize),
        bool(config.log_websocket_message if log is None else log) and info_enabled(),
    )
