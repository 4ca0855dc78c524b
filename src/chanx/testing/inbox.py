"""``Inbox``: what a test communicator has read but not handed out yet, and what it still awaits.

The inbox holds three things a communicator's helpers share:

* the *stash*: frames a selective helper read while looking for something else; later
  helpers see them first, in arrival order;
* the count of client frames still waiting for their ``complete`` (collectors return as soon
  as it drops to zero instead of idling until their timeout);
* decoding: frame text to a dict, camelCase keys back to snake_case when the consumer
  camelizes, and envelope keys dropped before a frame is validated as a typed message.
"""

import asyncio
import json
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any

import humps

from chanx.constants import ENVELOPE_FIELDS, MESSAGE_ACTION_COMPLETE


def strip_envelope_keys(frame: dict[str, Any]) -> dict[str, Any]:
    """``frame`` without its envelope keys (``version``, ``topic``, ``ref``, ``seq``)."""
    if ENVELOPE_FIELDS.isdisjoint(frame):
        return frame
    return {k: v for k, v in frame.items() if k not in ENVELOPE_FIELDS}


async def frames_within(
    timeout: float, read: Callable[[], Awaitable[dict[str, Any] | None]]
) -> AsyncIterator[dict[str, Any]]:
    """The frames ``read()`` returns, until it returns ``None`` or ``timeout`` seconds pass.

    The deadline is set once, when iteration starts, and bounds only the reads: what the
    caller does with a frame is not interrupted.
    """
    deadline = asyncio.get_running_loop().time() + max(timeout, 0)
    while True:
        try:
            async with asyncio.timeout_at(deadline):
                frame = await read()
        except TimeoutError:
            return
        if frame is None:
            return
        yield frame


class Inbox:
    """Stash, outstanding-completion count and frame decoding of one test connection."""

    def __init__(self, consumer: Any = None, *, action_key: str = "action") -> None:
        self.consumer = consumer
        self.action_key = action_key
        self.stash: deque[dict[str, Any]] = deque()
        self.outstanding = 0

    # -- completion counting -------------------------------------------------------------------
    def frame_sent(self) -> None:
        """Count one client frame whose ``complete`` is now awaited."""
        self.outstanding += 1

    def note_completion(self, frame: Any) -> bool:
        """Count ``frame`` off if it is a ``complete``; True when it was one."""
        if isinstance(frame, dict) and frame.get(self.action_key) == MESSAGE_ACTION_COMPLETE:
            self.outstanding = max(0, self.outstanding - 1)
            return True
        return False

    @property
    def all_completed(self) -> bool:
        """True when no sent frame is waiting for its ``complete``."""
        return self.outstanding == 0

    def _setting(self, name: str) -> bool:
        """The consumer's own ``name``, else its configuration's (read each time)."""
        value = getattr(self.consumer, name, None)
        if value is None:
            value = getattr(_config(self.consumer), name, None)
        return bool(value)

    @property
    def camelize(self) -> bool:
        """Whether the consumer sends camelCase keys."""
        return self._setting("camelize")

    @property
    def completion_expected(self) -> bool:
        """Whether the consumer class sends ``complete`` frames by its own settings."""
        return self._setting("send_completion")

    # -- decoding --------------------------------------------------------------------------------
    @staticmethod
    def decode(text: str) -> Any:
        """Frame text to JSON data (``ValueError`` if it is not JSON)."""
        return json.loads(text)

    def decamelized(self, frame: dict[str, Any]) -> dict[str, Any]:
        """``frame`` with snake_case keys when the consumer camelizes, else as it is."""
        if self.camelize:
            result: dict[str, Any] = humps.decamelize(frame)
            return result
        return frame

    def typed(self, frame: dict[str, Any]) -> dict[str, Any]:
        """``frame`` ready for message validation: decamelized, envelope keys dropped."""
        return strip_envelope_keys(self.decamelized(frame))

    def action(self, frame: dict[str, Any]) -> Any:
        """The (decamelized) action of ``frame``."""
        return self.decamelized(frame).get(self.action_key)

    # -- the stash -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.stash)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(list(self.stash))

    def hold(self, frame: dict[str, Any]) -> None:
        """Keep ``frame`` for later helpers (after the ones already held)."""
        self.stash.append(frame)

    def hold_all(self, frames: Iterable[dict[str, Any]]) -> None:
        """Keep ``frames`` after the ones already held."""
        self.stash.extend(frames)

    def hold_first(self, frames: list[dict[str, Any]]) -> None:
        """Put ``frames`` back in front of the held ones, keeping their order."""
        self.stash.extendleft(reversed(frames))

    def pop(self) -> dict[str, Any] | None:
        """The oldest held frame, removed; None when nothing is held."""
        return self.stash.popleft() if self.stash else None

    def take(self, predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any] | None:
        """Remove and return the first held frame ``predicate`` accepts (None if none does)."""
        for index, frame in enumerate(self.stash):
            if predicate(frame):
                del self.stash[index]
                return frame
        return None

    def discard(self, frame: dict[str, Any]) -> None:
        """Remove the held ``frame`` itself (not an equal one); no error if it is not held."""
        for index, held in enumerate(self.stash):
            if held is frame:
                del self.stash[index]
                return

    def drain(self) -> list[dict[str, Any]]:
        """Remove and return every held frame, oldest first."""
        frames = list(self.stash)
        self.stash.clear()
        return frames


def _config(consumer: Any) -> Any:
    """The configuration of ``consumer``'s framework adapter (``None`` for other consumers)."""
    return getattr(getattr(consumer, "chanx_adapter", None), "config", None)
