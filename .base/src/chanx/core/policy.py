"""The settings one client frame needs, resolved once when the frame arrives.

Each value is the consumer's attribute when set (not ``None``), else the adapter's
configuration, exactly as ``ChanxConsumerBase._setting`` resolves it; reading them together
costs one call per frame instead of one per use, and every frame still sees live settings.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class FramePolicy:
    max_message_size: int | None
    rate_limit_messages: int | None
    send_completion: bool
    # Validate straight from the wire text: no JSON hook overridden, no camelCase, no logging.
    typed_fast_path: bool
    # Send serialised text straight to the socket: no send hook overridden, and as above.
    direct_send: bool


def resolve_frame_policy(consumer: Any) -> FramePolicy:
    """Resolve the frame settings of ``consumer`` (attribute, else configuration)."""
    config = consumer._chanx_config
    max_size = consumer.max_message_size
    if max_size is None:
        max_size = config.max_message_size
    rate = consumer.rate_limit_messages
    if rate is None:
        rate = config.rate_limit_messages
    completion = consumer.send_completion
    if completion is None:
        completion = config.send_completion
    camelize = consumer.camelize
    if camelize is None:
        camelize = config.camelize
    logging_on = consumer.log_websocket_message
    if logging_on is None:
        logging_on = config.log_websocket_message
    plain = not camelize and not logging_on
    return FramePolicy(
        max_message_size=max_size,
        rate_limit_messages=rate,
        send_completion=bool(completion),
        typed_fast_path=plain and consumer._pipeline_untouched,
        direct_send=plain and consumer._send_untouched,
    )
