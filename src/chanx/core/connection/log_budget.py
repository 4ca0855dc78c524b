"""Rate-limited warning logs per connection (a flooding client must not flood the logs).

Each refused or undecodable frame logs a warning. A client sending thousands of them per
second turned each into a log line. :func:`warn_limited` lets :data:`BURST` warnings of a
connection through per :data:`PERIOD` seconds; the rest are counted, and the next warning
after the window says how many were suppressed.
"""

import time
from typing import Any

from chanx.utils.logging import logger

BURST = 5
PERIOD = 10.0


class LogBudget:
    """The warning allowance of one connection."""

    __slots__ = ("_count", "_start", "suppressed")

    def __init__(self) -> None:
        self._start = time.monotonic()
        self._count = 0
        self.suppressed = 0

    def take(self) -> tuple[bool, int]:
        """(may log now, warnings suppressed since the last logged one)."""
        now = time.monotonic()
        if now - self._start >= PERIOD:
            self._start, self._count = now, 0
        if self._count >= BURST:
            self.suppressed += 1
            return False, 0
        self._count += 1
        suppressed, self.suppressed = self.suppressed, 0
        return True, suppressed


async def warn_limited(owner: Any, event: str, **fields: Any) -> None:
    """Log ``event`` as a warning unless ``owner``'s connection used up its allowance."""
    budget = getattr(owner, "_chanx_log_budget", None)
    if budget is None:
        budget = LogBudget()
        owner._chanx_log_budget = budget
    may_log, suppressed = budget.take()
    if not may_log:
        return
    if suppressed:
        fields["suppressed_warnings"] = suppressed
    await logger.awarning(event, **fields)


__all__ = ["BURST", "PERIOD", "LogBudget", "warn_limited"]
