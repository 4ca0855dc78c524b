"""Frame logging that costs nothing while the logging configuration drops chanx's info records.

``LOG_WEBSOCKET_MESSAGE`` is on by default. Whether anyone listens is a property of the
structlog (or stdlib ``logging``) configuration, so it is asked once per frame, before any
record is built: no context binding, no identifier and no call into structlog for frames
nobody will see. Records are written synchronously (no thread hand-off per frame).
"""

import logging
import uuid
from collections.abc import Mapping
from typing import Any

import structlog

from chanx.utils.logging import logger

_STDLIB_LOGGER = logging.getLogger("chanx")


def info_enabled() -> bool:
    """Whether an info record of the ``chanx`` logger would be emitted."""
    config = structlog.get_config()
    if isinstance(config["logger_factory"], structlog.stdlib.LoggerFactory):
        return _STDLIB_LOGGER.isEnabledFor(logging.INFO)
    level_of = getattr(config["wrapper_class"], "get_effective_level", None)
    if level_of is None:
        return True
    try:
        # structlog's filtering bound loggers (its default) fix the level per class.
        return bool(level_of(None) <= logging.INFO)
    except Exception:  # a wrapper whose level lives on the instance: assume it listens
        return True


def bind_received(action: Any) -> Mapping[str, Any]:
    """Bind the frame's context (id and action) for every record it produces; returns tokens."""
    return structlog.contextvars.bind_contextvars(
        message_id=uuid.uuid4().hex[:8], received_action=action
    )


def unbind(tokens: Mapping[str, Any]) -> None:
    structlog.contextvars.reset_contextvars(**tokens)


def log_received() -> None:
    logger.info("Websocket received")


def log_sent(action: Any) -> None:
    logger.info("Websocket sent", sent_action=action)
