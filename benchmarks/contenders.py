"""Sets of contenders a workload compares: chanx (the subject) and what it is measured against.

A contender's key is also its URL path on ``benchmarks.asgi.application`` (``/<key>/``).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contenders:
    suffix: str
    """Appended to the workload's name ("" for the Channels rows)."""
    references: tuple[str, ...]
    subject: str

    @property
    def fast(self) -> bool:
        """Served by the FastAPI application (driven in-process by fast-channels' communicator)."""
        return self.subject.startswith("fast/")


CHANNELS = Contenders("", ("raw",), "chanx")
"""Typed chanx on Django Channels vs a hand-written Channels consumer (logging off)."""

CHANNELS_DEFAULTS = Contenders(", default settings", ("raw-lean",), "chanx-default")
"""chanx with default settings (message logging on, filtered out) vs the lean raw consumer."""

CHANNELS_BARE = Contenders("", ("raw", "bare"), "chanx")
"""Loopback: the Channels rows plus the bare ASGI echo."""

FASTAPI = Contenders(", fast-channels", ("fast/raw", "fast/starlette"), "fast/chanx")
"""chanx on fast-channels vs a hand-written fast-channels consumer and a Starlette endpoint."""

FASTAPI_BARE = Contenders(
    ", fast-channels", ("fast/raw", "fast/starlette", "fast/bare", "bare"), "fast/chanx"
)
"""Loopback: the FastAPI rows plus the bare ASGI echo, mounted in FastAPI and on its own."""

CHANNELS_LOOP = Contenders(", dispatch loop", ("chanx-framework-loop",), "chanx")
"""chanx with its dispatch loop vs the same consumer served by Channels' own loop."""

FASTAPI_LOOP = Contenders(
    ", fast-channels, dispatch loop", ("fast/chanx-framework-loop",), "fast/chanx"
)
"""The same on fast-channels."""
