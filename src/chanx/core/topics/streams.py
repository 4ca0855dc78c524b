"""One connection's history cursors and presence memberships (used by ``TopicRouter``).

For each subscribed history topic a cursor remembers the last ``offset`` delivered. A
subscription that recovers (``since``) is in the topic's group before the history is read;
publications that arrive meanwhile are held back. The reply goes out, then the missed
publications from the history, then the held-back ones, each at most once (an offset at or
below the cursor is dropped), then live ones. A live publication that jumps ahead of the
cursor (two processes published at once and their broadcasts crossed, or the channel layer
dropped one) makes the cursor fetch the skipped offsets from the history first, so a
subscriber sees offsets in order without gaps while the history still holds them.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chanx.core.topics.history import Publication
from chanx.core.topics.stores import (
    PRESENCE_KEY,
    announce,
    history_store,
    presence_store,
    release_presence_topic,
    remember_presence_topic,
    store_key,
)
from chanx.messages.presence import (
    PresenceJoinMessage,
    PresenceLeaveMessage,
    PresenceMember,
    PresenceState,
    PresenceStateMessage,
    Since,
)
from chanx.utils.logging import logger

if TYPE_CHECKING:
    from chanx.core.topic import Topic

Deliver = Callable[[dict[str, Any]], Awaitable[None]]


@dataclass
class Cursor:
    """Delivery state of one history topic on one connection."""

    topic_class: type["Topic[Any]"]
    key: str
    epoch: str = ""
    last: int = 0
    # Publications held back while the subscription recovers (``None``: live).
    held: list[dict[str, Any]] | None = field(default_factory=list)
    replay: list[Publication] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class TopicStreams:
    """History cursors and presence memberships of one connection's subscriptions."""

    def __init__(self, member: str, deliver: Deliver) -> None:
        self.member = member  # this connection's presence id (its channel name)
        self.deliver = deliver  # hands a publication to the subscription's event handler
        self.cursors: dict[str, Cursor] = {}
        self.present: dict[str, tuple[type[Topic], dict[str, Any]]] = {}

    # -- subscribing --------------------------------------------------------------------------
    async def open(self, subscription: "Topic", since: Since | None) -> dict[str, Any]:
        """Right after the group join: start the cursor, read the history, join presence.

        Returns the keys the ``subscribed`` reply carries (``epoch``, ``offset`` and, with
        ``since``, ``recovered``); empty for a topic without history.
        """
        topic_class, topic = type(subscription), subscription.topic
        if topic_class.track_presence:
            await self._join(subscription)
        if topic_class.history_size <= 0:
            return {}
        cursor = self.cursors[topic] = Cursor(topic_class, store_key(topic_class, topic))
        try:
            state = await history_store(topic_class).read(
                cursor.key,
                since.offset if since else None,
                ttl=topic_class.history_ttl,
                epoch=since.epoch if since else None,
                limit=topic_class.history_recovery_limit,
            )
        except Exception as exc:  # no history reachable: live delivery only, and say so
            await logger.aexception(f"History read failed for '{topic}': {exc}")
            del self.cursors[topic]
            return {"recovered": False} if since else {}
        cursor.epoch, cursor.last = state.epoch, state.offset
        fields: dict[str, Any] = {"epoch": state.epoch, "offset": state.offset}
        if since is not None:
            recovered = since.epoch == state.epoch and state.covers(since.offset)
            fields["recovered"] = recovered
            if recovered:
                cursor.replay = state.publications
        return fields

    async def start(self, topic: str) -> None:
        """After the reply: deliver the recovered publications, then the held-back ones."""
        cursor = self.cursors.get(topic)
        if cursor is None:
            return
        async with cursor.lock:
            replay, cursor.replay = cursor.replay, []
            for publication in replay:
                await self.deliver({**publication.data, "offset": publication.offset})
            # Delivering may let more publications in; the list ends when none is left.
            while cursor.held:
                await self._advance(cursor, cursor.held.pop(0))
            cursor.held = None

    def position(self, topic: str) -> dict[str, Any]:
        """``epoch`` and last delivered ``offset`` of a subscribed history topic (else empty)."""
        cursor = self.cursors.get(topic)
        return {} if cursor is None else {"epoch": cursor.epoch, "offset": cursor.last}

    async def close(self, topic: str) -> None:
        """The subscription ends: drop the cursor, leave presence."""
        self.cursors.pop(topic, None)
        found = self.present.pop(topic, None)
        if found is not None:
            topic_class, info = found
            try:
                await presence_store(topic_class).leave(store_key(topic_class, topic), self.member)
                release_presence_topic(topic_class, topic)
                await announce(topic_class, topic, "leave", self.member, info)
            except Exception as exc:
                await logger.aexception(f"Presence leave failed for '{topic}': {exc}")

    # -- publications ---------------------------------------------------------------------------
    async def receive(self, subscription: "Topic", event: dict[str, Any]) -> bool:
        """Take a topic channel message if it is a history publication or a presence change.

        ``False``: not one of those; the router delivers it as a plain publication.
        """
        change = event.get(PRESENCE_KEY)
        if change is not None:
            message_type = PresenceJoinMessage if change == "join" else PresenceLeaveMessage
            member = PresenceMember.model_validate(event.get("member", {}))
            await subscription.send_message(message_type(payload=member))
            return True
        cursor = self.cursors.get(subscription.topic)
        if cursor is None or not isinstance(event.get("offset"), int):
            return False
        if cursor.held is not None:
            cursor.held.append(event)
            return True
        async with cursor.lock:
            await self._advance(cursor, event)
        return True

    async def _advance(self, cursor: Cursor, event: dict[str, Any]) -> None:
        offset: int = event["offset"]
        epoch = event.get("epoch")
        announce_epoch = isinstance(epoch, str) and epoch != cursor.epoch
        if announce_epoch:  # the history was lost and started again: follow the new one
            cursor.epoch, cursor.last = str(epoch), offset - 1
        if offset <= cursor.last:
            return  # delivered already (from the history, or a repeated broadcast)
        if offset > cursor.last + 1:
            await self._fill(cursor, offset)
        pushed = {k: v for k, v in event.items() if k != "epoch"}
        if announce_epoch:
            pushed["epoch"] = epoch
        await self.deliver(pushed)
        cursor.last = offset

    async def _fill(self, cursor: Cursor, offset: int) -> None:
        """Deliver the kept publications between the cursor and ``offset`` (exclusive)."""
        topic_class = cursor.topic_class
        try:
            state = await history_store(topic_class).read(
                cursor.key,
                cursor.last,
                ttl=topic_class.history_ttl,
                upto=offset - 1,
                epoch=cursor.epoch,
                limit=topic_class.history_recovery_limit,
            )
        except Exception as exc:
            await logger.aexception(f"History read failed for '{cursor.key}': {exc}")
            return
        if state.epoch != cursor.epoch:
            return
        for publication in state.publications:
            if publication.offset > cursor.last:
                await self.deliver({**publication.data, "offset": publication.offset})
                cursor.last = publication.offset

    # -- presence ----------------------------------------------------------------------------------
    async def _join(self, subscription: "Topic") -> None:
        topic_class, topic = type(subscription), subscription.topic
        try:
            info = await subscription.presence_info()
            key = remember_presence_topic(topic_class, topic)
            await presence_store(topic_class).join(
                key, self.member, info, ttl=topic_class.presence_ttl
            )
            self.present[topic] = (topic_class, info)
            await announce(topic_class, topic, "join", self.member, info)
        except Exception as exc:
            await logger.aexception(f"Presence join failed for '{topic}': {exc}")

    async def presence(self, subscription: "Topic") -> PresenceStateMessage:
        """The ``presence_state`` reply: every live member of the subscription's topic."""
        topic_class = type(subscription)
        found = await presence_store(topic_class).members(
            store_key(topic_class, subscription.topic)
        )
        members = [PresenceMember(id=m, info=info) for m, info in sorted(found.items())]
        return PresenceStateMessage(payload=PresenceState(members=members))
