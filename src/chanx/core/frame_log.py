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


# The no-op that structlog's filtering bound loggers put in place of a dropped level.
_DROPPED_INFO = getattr(structlog.make_filtering_bound_logger(logging.CRITICAL), "info", None)


def info_enabled() -> bool:
    """Whether an info record of the ``chanx`` logger would be emitted."""
    config = structlog.get_config()
    if isinstance(config["logger_factory"], structlog.stdlib.LoggerFactory):
        return _STDLIB_LOGGER.isEnabledFor(logging.INFO)
    wrapper = config["wrapper_class"]
    if _DROPPED_INFO is not None and getattr(wrapper, "info", None) is _DROPPED_INFO:
        return False  # a filtering bound logger (structlog's default kind) above INFO
    level_of = getattr(wrapper, "get_effective_level", None)
    if level_of is None:
        return True
    try:
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
