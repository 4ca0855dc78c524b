"""The chanx structlog logger."""

import structlog

logger = structlog.get_logger("chanx")
