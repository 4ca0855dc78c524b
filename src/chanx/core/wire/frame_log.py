"""Frame logging that costs nothing while the logging configuration drops chanx's info records.

``LOG_WEBSOCKET_MESSAGE`` is opt-in (off by default). When on, whether anyone listens is a property of the
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


# structlog's global configuration object: two attribute reads instead of ``get_config()``
# building a dict on every frame. Versions without it take the public call.
_STRUCTLOG_STATE = getattr(getattr(structlog, "_config", None), "_CONFIG", None)


class _Answer:
    """The last configuration asked about, and its answer (``None``: ask the stdlib logger)."""

    factory: Any = None
    wrapper: Any = None
    enabled: bool | None = True


def info_enabled() -> bool:
    """Whether an info record of the ``chanx`` logger would be emitted."""
    state = _STRUCTLOG_STATE
    if state is not None:
        factory, wrapper = state.logger_factory, state.default_wrapper_class
    else:
        config = structlog.get_config()
        factory, wrapper = config["logger_factory"], config["wrapper_class"]
    if factory is _Answer.factory and wrapper is _Answer.wrapper:
        enabled = _Answer.enabled
    else:
        enabled, fixed = _answer_for(factory, wrapper)
        if fixed:
            _Answer.factory, _Answer.wrapper, _Answer.enabled = factory, wrapper, enabled
    if enabled is None:
        # The stdlib level can change at any time; ``isEnabledFor`` caches its own answer.
        return _STDLIB_LOGGER.isEnabledFor(logging.INFO)
    return enabled


def _answer_for(factory: Any, wrapper: Any) -> tuple[bool | None, bool]:
    """The answer for this configuration, and whether it stays true while it is unchanged."""
    if isinstance(factory, structlog.stdlib.LoggerFactory):
        return None, True
    return _wrapper_logs_info(wrapper)


def _wrapper_logs_info(wrapper: Any) -> tuple[bool, bool]:
    """Whether ``wrapper`` logs at INFO, and whether that answer is fixed for the class."""
    if _DROPPED_INFO is not None and getattr(wrapper, "info", None) is _DROPPED_INFO:
        return False, True  # a filtering bound logger (structlog's default kind) above INFO
    level_of = getattr(wrapper, "get_effective_level", None)
    if level_of is None:
        return True, True
    try:
        level = level_of(None)
    except Exception:  # a wrapper whose level lives on the instance: assume it listens
        return True, True
    # structlog's own filtering classes are made for one level; others may change theirs.
    return bool(level <= logging.INFO), getattr(wrapper, "__module__", "") == "structlog._native"


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
