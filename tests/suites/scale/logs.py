"""Reading a server process's log in the scale tests (bounded waits, no sleeps asserted)."""

import os
import time
from pathlib import Path

LOG_WAIT = 5.0


def log_lines(path: Path, marker: str) -> list[str]:
    """The lines of ``path`` that contain ``marker``."""
    return [line for line in path.read_text(errors="replace").splitlines() if marker in line]


def wait_for_log(path: Path, marker: str, count: int = 1, timeout: float = LOG_WAIT) -> list[str]:
    """The lines with ``marker`` once at least ``count`` are written (or whatever is there after
    ``timeout`` seconds: the caller's assertion says what was expected)."""
    deadline = time.monotonic() + timeout
    found = log_lines(path, marker)
    while len(found) < count and time.monotonic() < deadline:
        time.sleep(0.05)
        found = log_lines(path, marker)
    return found


PLAIN_TRACEBACKS_ENV = "CHANX_TEST_PLAIN_TRACEBACKS"
"""Set to ``1`` in a server's environment: exceptions are logged as plain tracebacks."""


def plain_tracebacks_from_env() -> None:
    """Log exceptions of this server process as plain tracebacks when the env asks for it.

    structlog's default renderer prints rich tracebacks with every frame's locals: hundreds
    of lines per handler error through redis-py, rendered on the event loop (about a second
    each on a loaded 2-core machine). During an outage every failing handler then stalls the
    whole server, which would hide how fast it resumes.
    """
    if os.environ.get(PLAIN_TRACEBACKS_ENV) != "1":
        return
    import structlog

    processors = list(structlog.get_config()["processors"])
    processors[-1] = structlog.dev.ConsoleRenderer(
        colors=False, exception_formatter=structlog.dev.plain_traceback
    )
    structlog.configure(processors=processors)
