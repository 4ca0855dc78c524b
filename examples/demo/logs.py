"""The demo's log format: one line format for chanx and uvicorn, stamped in UTC.

Every line, whoever logs it (chanx through structlog, uvicorn through the standard library),
reads ``2026-01-31T09:15:02Z [info     ] <event> key=value ...``, in UTC whatever the
machine's time zone. Colours are used only when the output is a terminal (and ``NO_COLOR``
is not set), so a redirected log has no escape codes.
"""

import logging.config
import os
import sys
from typing import Any, TextIO

import structlog

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def wants_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when ``NO_COLOR`` is set."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def log_config(stream: TextIO | None = None) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the standard library (uvicorn included)."""
    out = stream if stream is not None else sys.stdout
    stamped: list[Any] = [
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt=TIMESTAMP_FORMAT, utc=True),
    ]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "demo": {
                "()": structlog.stdlib.ProcessorFormatter,
                "foreign_pre_chain": stamped,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.dev.ConsoleRenderer(colors=wants_colour(out)),
                ],
            }
        },
        "handlers": {
            "demo": {"class": "logging.StreamHandler", "formatter": "demo", "stream": out}
        },
        "root": {"handlers": ["demo"], "level": "INFO"},
        "loggers": {
            name: {"handlers": [], "level": "INFO", "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "chanx")
        },
    }


def configure_logging(stream: TextIO | None = None) -> dict[str, Any]:
    """Route chanx's structlog records and every stdlib logger to one stamped format.

    Returns the stdlib configuration, to hand to uvicorn (``log_config``) so that it keeps it.
    """
    config = log_config(stream)
    logging.config.dictConfig(config)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.add_log_level,
            structlog.processors.StackInfoRenderer(),
            structlog.dev.set_exc_info,
            structlog.processors.TimeStamper(fmt=TIMESTAMP_FORMAT, utc=True),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    return config
