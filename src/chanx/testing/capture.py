"""``capture_broadcast_events``: record what a block of code broadcasts, optionally suppressed.

Works without any connection or channel layer when delivery is suppressed (the default).
"""

import inspect
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from chanx.core.wire.outbound import group_list
from chanx.messages.base import BaseMessage
from chanx.testing.context import Patch
from chanx.testing.matching import UNSET

CaptureKind = Literal["broadcast_event", "send_event", "broadcast_message"]
ALL_KINDS: tuple[CaptureKind, ...] = ("broadcast_event", "send_event", "broadcast_message")
_MISSING = object()


@dataclass
class CapturedBroadcastEvent:
    """One captured call: ``event`` and ``groups`` exactly as passed, plus where it went.

    ``kind`` is the method called; ``targets`` the groups (or, for ``send_event``, the
    channel name) it resolves to; ``sender`` the sending connection's channel name for
    ``broadcast_message`` (``None`` for the class-level event methods); ``consumer`` the
    class the method was called on.
    """

    event: BaseMessage | dict[str, Any]
    groups: Collection[str] | str | None
    # Extras beyond the later reference; left out of ``==`` so its comparisons still hold.
    kind: CaptureKind = field(default="broadcast_event", compare=False)
    targets: list[str] = field(default_factory=list, compare=False)
    sender: str | None = field(default=None, compare=False)
    consumer: type[Any] | None = field(default=None, compare=False)

    @property
    def frame(self) -> dict[str, Any]:
        """The event as JSON data (what the channel layer would carry)."""
        if isinstance(self.event, BaseMessage):
            return self.event.model_dump(mode="json")
        return dict(self.event)


class CapturedBroadcasts(list[CapturedBroadcastEvent]):
    """The records of one capture block, in call order (a plain list with helpers)."""

    def to_group(self, group: str) -> list[CapturedBroadcastEvent]:
        """Records whose targets include ``group``."""
        return [record for record in self if group in record.targets]

    def assert_broadcast(
        self, expected: Any, payload: Any = UNSET, *, group: str | None = None
    ) -> CapturedBroadcastEvent:
        """``chanx.testing.assertions.assert_broadcast`` on these records."""
        from chanx.testing.assertions import assert_broadcast

        return assert_broadcast(self, expected, payload, group=group)

    def assert_no_broadcast(
        self, expected: Any = None, payload: Any = UNSET, *, group: str | None = None
    ) -> None:
        """``chanx.testing.assertions.assert_no_broadcast`` on these records."""
        from chanx.testing.assertions import assert_no_broadcast

        assert_no_broadcast(self, expected, payload, group=group)


def _class_groups(cls: type[Any]) -> list[str]:
    own = list(getattr(cls, "groups", None) or [])
    return own + [g for g in getattr(cls, "_merged_extra_groups", []) if g not in own]


class capture_broadcast_events(
    Patch[CapturedBroadcasts]
):  # lower-case: used like a function, as in the later reference
    """Replace ``consumer``'s broadcast methods with spies for the duration of a block.

    ``with`` and ``async with`` both work and yield a ``CapturedBroadcasts`` list. By default
    only ``broadcast_event`` (and ``broadcast_event_sync``, which calls it) is captured;
    ``kinds`` may add ``"send_event"`` and ``"broadcast_message"``. ``suppress=True`` keeps
    everything off the channel layer; ``suppress=False`` also delivers. Subclasses that do
    not override a method see the spy, the parent class does not. Originals are restored on
    exit, also when the block raises.
    """

    def __init__(
        self,
        consumer: type[Any],
        suppress: bool = True,
        *,
        kinds: Iterable[CaptureKind] = ("broadcast_event",),
    ) -> None:
        self.consumer = consumer
        self.suppress = suppress
        self.kinds = tuple(kinds)
        unknown = set(self.kinds) - set(ALL_KINDS)
        if unknown:
            raise ValueError(f"Unknown capture kinds {sorted(unknown)}; choose from {ALL_KINDS}")
        self.records = CapturedBroadcasts()
        self._saved: dict[str, Any] = {}

    # -- spies -----------------------------------------------------------------------------------
    def _spy_broadcast_event(self, original: Any) -> Any:
        capture = self

        async def broadcast_event(
            cls: type[Any], event: Any, groups: Collection[str] | str | None = None
        ) -> None:
            targets = _class_groups(cls) if groups is None else group_list(groups)
            capture.records.append(
                CapturedBroadcastEvent(event, groups, "broadcast_event", targets, None, cls)
            )
            if not capture.suppress:
                await original.__get__(None, cls)(event, groups)

        return classmethod(broadcast_event)

    def _spy_send_event(self, original: Any) -> Any:
        capture = self

        async def send_event(cls: type[Any], event: Any, channel_name: str) -> None:
            capture.records.append(
                CapturedBroadcastEvent(event, None, "send_event", [channel_name], None, cls)
            )
            if not capture.suppress:
                await original.__get__(None, cls)(event, channel_name)

        return classmethod(send_event)

    def _spy_broadcast_message(self, original: Any) -> Any:
        capture = self

        async def broadcast_message(
            consumer: Any,
            message: Any,
            groups: Collection[str] | str | None = None,
            *,
            exclude_current: bool = False,
        ) -> None:
            targets = group_list(consumer.groups if groups is None else groups)
            capture.records.append(
                CapturedBroadcastEvent(
                    message,
                    groups,
                    "broadcast_message",
                    targets,
                    getattr(consumer, "channel_name", None),
                    type(consumer),
                )
            )
            if not capture.suppress:
                bound = original.__get__(consumer, type(consumer))
                await bound(message, groups, exclude_current=exclude_current)

        return broadcast_message

    # -- install / restore ----------------------------------------------------------------------
    def __enter__(self) -> CapturedBroadcasts:
        makers = {
            "broadcast_event": self._spy_broadcast_event,
            "send_event": self._spy_send_event,
            "broadcast_message": self._spy_broadcast_message,
        }
        for kind in self.kinds:
            self._saved[kind] = self.consumer.__dict__.get(kind, _MISSING)
            original = inspect.getattr_static(self.consumer, kind)
            setattr(self.consumer, kind, makers[kind](original))
        return self.records

    def restore(self) -> None:
        """Put the original methods back."""
        for kind, saved in self._saved.items():
            if saved is _MISSING:
                delattr(self.consumer, kind)
            else:
                setattr(self.consumer, kind, saved)
        self._saved.clear()
