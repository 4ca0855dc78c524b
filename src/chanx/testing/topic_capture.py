"""``capture_topic_broadcasts``: record what a block of code publishes to a topic class.

Works without any connection or channel layer when delivery is suppressed (the default).
"""

import inspect
from dataclasses import dataclass
from typing import Any

from chanx.messages.base import BaseMessage
from chanx.testing.context import Patch

_MISSING = object()


@dataclass
class CapturedTopicBroadcast:
    """One ``Topic.broadcast`` call: the topic string, the event and its ``seq``."""

    topic: str
    event: BaseMessage
    seq: int | None = None


class capture_topic_broadcasts(
    Patch[list[CapturedTopicBroadcast]]
):  # lower-case: used like a function
    """Spy on ``topic_class.broadcast`` (and ``broadcast_sync``, which calls it) in a block.

    ``with`` and ``async with`` both work and yield the list of ``CapturedTopicBroadcast``
    records, in call order. ``suppress=True`` keeps publications off the channel layer;
    ``suppress=False`` also delivers them. Subclasses that do not override ``broadcast`` see
    the spy. The original is restored on exit, also when the block raises.
    """

    def __init__(self, topic_class: type[Any], *, suppress: bool = True) -> None:
        self.topic_class = topic_class
        self.suppress = suppress
        self.records: list[CapturedTopicBroadcast] = []
        self._saved: Any = _MISSING

    def _spy(self, original: Any) -> Any:
        capture = self

        async def broadcast(
            cls: type[Any], topic: str, event: BaseMessage, seq: int | None = None
        ) -> None:
            capture.records.append(CapturedTopicBroadcast(topic, event, seq))
            if not capture.suppress:
                # Delivered as the captured class would: its group, its channel layer.
                await original.__get__(None, capture.topic_class)(topic, event, seq=seq)

        return classmethod(broadcast)

    def __enter__(self) -> list[CapturedTopicBroadcast]:
        self._saved = self.topic_class.__dict__.get("broadcast", _MISSING)
        original = inspect.getattr_static(self.topic_class, "broadcast")
        self.topic_class.broadcast = self._spy(original)
        return self.records

    def restore(self) -> None:
        """Put the original ``broadcast`` back."""
        if self._saved is _MISSING:
            del self.topic_class.broadcast
        else:
            self.topic_class.broadcast = self._saved
        self._saved = _MISSING
