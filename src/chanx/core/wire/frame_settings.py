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
    """Resolve the per-frame settings of ``consumer``."""
    config = consumer.chanx_adapter.config
    max_size = consumer.max_message_size
    if max_size is None:
        max_size = config.max_message_size
    rate = consumer.rate_limit_messages
    if rate is None:
        rate = config.rate_limit_messages
    concurrent = consumer.max_concurrent_messages
    if concurrent is None:
        concurrent = config.max_concurrent_messages
    completion = consumer.send_completion
    if completion is None:
        completion = config.send_completion
    camelize = consumer.camelize
    if camelize is None:
        camelize = config.camelize
    log = consumer.log_websocket_message
    if log is None:
        log = config.log_websocket_message
    return FrameSettings(
        max_message_size=max_size,
        rate_limit_messages=rate,
        max_concurrent_messages=concurrent,
        send_completion=bool(completion),
        camelize=bool(camelize),
        log=bool(log) and info_enabled(),
    )
