"""Test helpers for topic history and presence.

Communicator methods (mixed into every chanx communicator): ``recover`` (subscribe with
``since``), ``receive_pushes`` (the next pushes of a topic, raw, with their ``offset``),
``assert_recovered`` (recover and check the missed offsets arrive, in order, once) and
``presence`` (the members of a topic). Module functions publish with history, read and
trim a history, and clear every store (the ``chanx_topic_stores`` pytest fixture).
"""

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from chanx.constants import COMPLETE_ACTIONS, ENVELOPE_VERSION
from chanx.core.topics.history import HistoryState
from chanx.core.topics.stores import clear_stores, history_store, store_key
from chanx.messages.base import BaseMessage
from chanx.messages.presence import PresenceMember, PresenceState, Since
from chanx.testing.inbox import frames_within

if TYPE_CHECKING:
    from chanx.core.topic import Topic


class HistoryCommunicatorMixin:
    """Mixed into ``ChanxCommunicatorMixin``; uses its frame reader, stash and replies."""

    action_key: str

    if TYPE_CHECKING:  # provided by the communicator

        async def send_to(
            self, text_data: str | None = None, bytes_data: bytes | None = None
        ) -> None: ...
        async def receive_reply(
            self, ref: str, *, topic: str | None = None, timeout: float = 1
        ) -> dict[str, Any]: ...
        async def next_frame(self) -> dict[str, Any]: ...

    async def recover(
        self,
        topic: str,
        since: Since | dict[str, Any] | None,
        ref: str = "1",
        *,
        timeout: float = 1,
    ) -> dict[str, Any]:
        """Subscribe to ``topic`` from ``since``; the ``subscribed`` (or ``error``) reply.

        A reply from a history topic carries ``epoch``, ``offset`` and ``recovered``; the
        missed publications follow it as pushes (see ``receive_pushes``).
        """
        frame: dict[str, Any] = {
            "version": ENVELOPE_VERSION,
            "topic": topic,
            "ref": ref,
            self.action_key: "subscribe",
        }
        if since is not None:
            frame["since"] = since.model_dump() if isinstance(since, Since) else since
        await self.send_to(text_data=json.dumps(frame))
        return await self.receive_reply(ref, topic=topic, timeout=timeout)

    async def receive_pushes(
        self, topic: str, count: int, *, timeout: float = 1
    ) -> list[dict[str, Any]]:
        """The next ``count`` pushes of ``topic`` (raw frames, without completion frames).

        Frames of other topics are skipped. ``AssertionError`` when fewer arrive in time.
        """
        found: list[dict[str, Any]] = []
        if count > 0:
            async for frame in frames_within(timeout, self.next_frame):
                if frame.get("topic") != topic or frame.get("ref") is not None:
                    continue
                if frame.get(self.action_key) in COMPLETE_ACTIONS:
                    continue
                found.append(frame)
                if len(found) == count:
                    break
        if len(found) < count:
            raise AssertionError(
                f"{len(found)} of {count} pushes of {topic!r} within {timeout}s: {found!r}"
            )
        return found

    async def assert_recovered(
        self,
        topic: str,
        since: Since | dict[str, Any],
        offsets: Iterable[int],
        ref: str = "1",
        *,
        timeout: float = 1,
    ) -> list[dict[str, Any]]:
        """Recover ``topic`` from ``since``; assert ``recovered`` and that exactly ``offsets``
        arrive, in order. Returns the pushes."""
        reply = await self.recover(topic, since, ref, timeout=timeout)
        assert reply.get("recovered") is True, f"not recovered: {reply!r}"
        expected = list(offsets)
        pushes = await self.receive_pushes(topic, len(expected), timeout=timeout)
        got = [push.get("offset") for push in pushes]
        assert got == expected, f"offsets {got} != {expected}"
        return pushes

    async def presence(
        self, topic: str, ref: str = "presence", *, timeout: float = 1
    ) -> list[PresenceMember]:
        """The members of ``topic`` (this connection must be subscribed to it)."""
        await self.send_to(
            text_data=json.dumps(
                {
                    "version": ENVELOPE_VERSION,
                    "topic": topic,
                    "ref": ref,
                    self.action_key: "presence",
                }
            )
        )
        reply = await self.receive_reply(ref, topic=topic, timeout=timeout)
        assert reply.get(self.action_key) == "presence_state", f"no presence state: {reply!r}"
        return PresenceState.model_validate(reply["payload"]).members


async def publish_with_history(
    topic_class: type["Topic"], topic: str, events: Iterable[BaseMessage], seq: int | None = None
) -> list[int]:
    """Broadcast each event to ``topic`` (a history topic); their offsets, in order."""
    offsets: list[int] = []
    for event in events:
        offset = await topic_class.broadcast(topic, event, seq=seq)
        assert offset is not None, f"{topic_class.__name__} keeps no history"
        offsets.append(offset)
    return offsets


async def read_history(topic_class: type["Topic"], topic: str, after: int = 0) -> HistoryState:
    """The epoch, last offset and kept publications (after ``after``) of ``topic``."""
    return await history_store(topic_class).read(
        store_key(topic_class, topic), after, ttl=topic_class.history_ttl
    )


async def trim_history(topic_class: type["Topic"], topic: str, keep: int) -> None:
    """Drop all but the newest ``keep`` publications of ``topic`` (offsets go on)."""
    await history_store(topic_class).trim(store_key(topic_class, topic), keep)


__all__ = [
    "HistoryCommunicatorMixin",
    "clear_stores",
    "publish_with_history",
    "read_history",
    "trim_history",
]
