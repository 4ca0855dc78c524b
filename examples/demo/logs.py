"""The demo's log format: structlog lines stamped in UTC, whatever the machine's time zone."""

import structlog

TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def configure_logging() -> None:
    """Console lines like ``2026-01-31T09:15:02Z [info] Websocket sent ...``."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.StackInfoRenderer(),
            structlog.dev.set_exc_info,
            structlog.processors.TimeStamper(fmt=TIMESTAMP_FORMAT, utc=True),
            structlog.dev.ConsoleRenderer(),
        ]
    )
