"""``TopicRouter``: one connection's topic subscriptions, and the frames and events for them.

The consumer hands it topic-addressed frames (``handle_frame``, with ``current_ref`` set to the
frame's ``ref``) and ``handle_topic_event`` channel messages (``handle_event``); it calls
``leave_all`` when the connection ends. Protocol replies (``subscribed``, ``unsubscribed``, the
topic errors) are written by the consumer (``send_topic_message`` / ``send_topic_error``);
everything else is answered by the subscription's ``Topic`` instance.
"""

import asyncio
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from chanx.core.connection.resilience import discard_retrying
from chanx.core.envelope import TOPIC_EXTRAS, TopicErrorReason, current_ref, current_seq
from chanx.core.topics.streams import TopicStreams
from chanx.core.wire.codec import DecodedFrame
from chanx.core.wire.error_bounds import bounded_validation_entries
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.messages.presence import Since, SubscribeSince
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage
from chanx.observability import state as observability_state
from chanx.utils.logging import logger

if TYPE_CHECKING:
    from chanx.core.topic import Topic

SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"
PRESENCE = "presence"


class TopicRouter:
    """Subscriptions of one connection (topic string → ``Topic`` instance)."""

    def __init__(
        self,
        consumer: Any,
        topic_classes: list[type["Topic[Any]"]],
        *,
        max_subscriptions: int,
        default_topic: str | None = None,
    ) -> None:
        self.consumer = consumer
        self.topic_classes = topic_classes
        self.max_subscriptions = max_subscriptions
        # The topic of a route dedicated to one topic (``Topic.as_consumer``): frames without
        # ``topic`` are addressed to it, and no other topic may be subscribed there.
        self.default_topic = default_topic
        self.subscriptions: dict[str, Topic[Any]] = consumer.subscriptions
        # Groups this connection may be in (joined, or a join was attempted): left on close.
        self._joined: dict[str, str] = {}
        # Membership changes of one connection never interleave, even with concurrent frames.
        self._membership = asyncio.Lock()
        # Group changes sent to the layer and not answered yet (see ``_settled``).
        self._in_flight: set[asyncio.Future[Any]] = set()
        # History cursors and presence of the subscriptions (docs/history.md).
        self.streams = TopicStreams(str(consumer.channel_name), self._deliver)

    # -- frames ---------------------------------------------------------------------------------------
    async def handle_frame(self, frame: DecodedFrame) -> None:
        """Subscribe, unsubscribe, or hand the frame to the subscribed topic instance."""
        topic = frame.topic if frame.topic is not None else self.default_topic
        assert topic is not None, "handle_frame needs a topic-addressed frame"
        action = frame.action
        if action in (SUBSCRIBE, UNSUBSCRIBE) or (
            action == PRESENCE and self._tracks_presence(topic)
        ):
            await self._membership_frame(topic, frame, action)
            return
        subscription = self.subscriptions.get(topic)
        if subscription is None:
            await self._error(
                topic, TopicErrorReason.NOT_SUBSCRIBED, f"Not subscribed to '{topic}'"
            )
            return
        await subscription._handle_topic_frame(frame)

    async def _membership_frame(self, topic: str, frame: DecodedFrame, action: Any) -> None:
        if action == SUBSCRIBE:
            try:
                since = self._since(topic, frame)
            except ValidationError as exc:  # a malformed recovery point joins nothing
                entries = bounded_validation_entries(exc)
                await self.consumer.send_topic_message(topic, ErrorMessage(payload=entries))
                return
            await self.subscribe(topic, since=since)
        elif action == UNSUBSCRIBE:
            await self.unsubscribe(topic)
        else:
            await self._presence(topic)

    def _since(self, topic: str, frame: DecodedFrame) -> Since | None:
        """The recovery point of a ``subscribe`` to a history topic (other topics: none)."""
        found = self._resolve(topic)
        if found is None or found.history_size <= 0:
            return None
        return SubscribeSince.model_validate(frame.fields()).since

    # -- membership -----------------------------------------------------------------------------------
    async def subscribe(self, topic: str, *, since: Since | None = None) -> bool:
        """Authorize, join the topic's group, reply ``subscribed``, then ``on_subscribe``.

        A refusal is an error frame and joins nothing. A history topic's reply carries
        ``epoch``/``offset`` (and ``recovered`` with ``since``), then the missed publications
        follow. Returns whether the connection is subscribed.
        """
        async with self._membership:
            if topic in self.subscriptions:
                await self._reply(topic, SubscribedMessage(), self.streams.position(topic))
                return True
            refusal = None
            topic_class = self._resolve(topic)
            if topic_class is None:
                refusal = (TopicErrorReason.UNKNOWN_TOPIC, f"Unknown topic '{topic}'")
            elif self.default_topic is not None and topic != self.default_topic:
                # A route dedicated to one topic made its access decision from its URL.
                refusal = (TopicErrorReason.UNAUTHORIZED, f"Not allowed to subscribe to '{topic}'")
            elif len(self.subscriptions) >= self.max_subscriptions:
                refusal = (
                    TopicErrorReason.TOO_MANY_SUBSCRIPTIONS,
                    f"Too many subscriptions (at most {self.max_subscriptions} per connection)",
                )
            else:
                subscription = topic_class(self.consumer, topic)
                if not await self._authorized(subscription):
                    refusal = (
                        TopicErrorReason.UNAUTHORIZED,
                        f"Not allowed to subscribe to '{topic}'",
                    )
            if refusal is not None:
                await self._error(topic, *refusal)
                return False
            assert topic_class is not None
            group = topic_class.group_name(topic)
            self._joined[topic] = group  # before the join: a cancelled join is still undone
            await self._settled(
                self.consumer.channel_layer.group_add(group, self.consumer.channel_name)
            )
            if self.consumer._connection_closed():
                return False  # closed meanwhile: no registration, no reply
            self.subscriptions[topic] = subscription
            extra = await self.streams.open(subscription, since)
            if observability_state.active is not None:
                observability_state.active.subscribed(subscription, extra)
            await self._reply(topic, SubscribedMessage(), extra)
        await self.streams.start(topic)
        token = current_ref.set(None)  # what on_subscribe sends is state, not the reply
        try:
            await subscription.on_subscribe()
        except Exception as exc:  # the subscription stands; the failure is the server's
            await logger.aexception(f"on_subscribe failed for '{topic}': {exc!r}"[:300])
        finally:
            current_ref.reset(token)
        return True

    async def _authorized(self, subscription: "Topic[Any]") -> bool:
        try:
            return bool(await subscription.authorize(**subscription.params))
        except Exception as exc:  # a failing check refuses; it never lets the client in
            await logger.aexception(f"authorize failed for '{subscription.topic}': {exc!r}"[:300])
            return False

    async def unsubscribe(self, topic: str) -> None:
        """Run ``on_unsubscribe``, leave the topic's group; always reply ``unsubscribed``."""
        async with self._membership:
            await self._leave(topic)
            await self.consumer.send_topic_message(topic, UnsubscribedMessage())

    async def _settled(self, change: Any) -> None:
        """Run a group change to its end even if the frame asking for it is cancelled.

        A cancelled ``group_add`` may still reach Redis after a ``group_discard`` sent on
        another connection of the pool; ``leave_all`` waits for these first, so a connection
        that ends never leaves a membership behind.
        """
        future = asyncio.ensure_future(change)
        self._in_flight.add(future)
        future.add_done_callback(self._in_flight.discard)
        await asyncio.shield(future)

    async def leave_all(self) -> None:
        """Leave every topic (the connection is ending); nothing is sent to the client.

        Every subscription's ``on_unsubscribe`` runs and every group is left, even when
        another one fails (the failure is logged).
        """
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        async with self._membership:
            for topic in list(self._joined):
                try:
                    await self._leave(topic)
                except Exception as exc:
                    await logger.aexception(f"Leaving topic '{topic}' failed: {exc!r}"[:300])

    def joined_groups(self) -> list[str]:
        """The groups of the topics this connection is in (or joining)."""
        return list(self._joined.values())

    async def _leave(self, topic: str) -> None:
        subscription = self.subscriptions.pop(topic, None)
        try:
            if subscription is not None:
                if observability_state.active is not None:
                    observability_state.active.unsubscribed(subscription)
                await self.streams.close(topic)
                await subscription.on_unsubscribe()
        finally:
            group = self._joined.pop(topic, None)
            if group is not None:
                layer, channel = self.consumer.channel_layer, self.consumer.channel_name
                await discard_retrying(layer, group, channel)

    def _resolve(self, topic: str) -> type["Topic[Any]"] | None:
        """The first topic class whose pattern matches ``topic``."""
        for topic_class in self.topic_classes:
            if topic_class.parse(topic) is not None:
                return topic_class
        return None

    async def _reply(self, topic: str, message: BaseMessage, extra: dict[str, Any]) -> None:
        """A protocol reply on ``topic``, with ``extra`` keys (history position) beside it."""
        if not extra:
            await self.consumer.send_topic_message(topic, message)
            return
        token = TOPIC_EXTRAS.set(extra)
        try:
            await self.consumer.send_topic_message(topic, message)
        finally:
            TOPIC_EXTRAS.reset(token)

    def _tracks_presence(self, topic: str) -> bool:
        found = self._resolve(topic)
        return found is not None and found.track_presence

    async def _presence(self, topic: str) -> None:
        """Answer a ``presence`` request with the topic's members (subscribers only)."""
        subscription = self.subscriptions.get(topic)
        if subscription is None:
            await self._error(
                topic, TopicErrorReason.NOT_SUBSCRIBED, f"Not subscribed to '{topic}'"
            )
            return
        await self.consumer.send_topic_message(topic, await self.streams.presence(subscription))

    async def _error(self, topic: str, reason: TopicErrorReason, detail: str) -> None:
        await self.consumer.send_topic_error(topic, reason, detail)

    # -- publications ---------------------------------------------------------------------------------
    async def handle_event(self, event: dict[str, Any]) -> None:
        """A ``Topic.broadcast`` publication: the subscribed topic instance handles it."""
        topic = event.get("topic")
        subscription = self.subscriptions.get(topic) if isinstance(topic, str) else None
        if subscription is None:
            return  # not (or no longer) subscribed here
        if not await self.streams.receive(subscription, event):
            await self._deliver(event)

    async def _deliver(self, event: dict[str, Any]) -> None:
        """Hand a publication to the subscription's ``handle_channel_event``.

        Its frames carry the publication's ``seq`` and no ``ref`` (also when the history
        replays it right after a ``subscribe``); history topics add ``offset``/``epoch``.
        """
        subscription = self.subscriptions.get(event["topic"])
        if subscription is None:
            return
        extra: dict[str, Any] | None = None
        offset, epoch = event.get("offset"), event.get("epoch")
        if offset is not None or epoch is not None:
            extra = {}
            if offset is not None:
                extra["offset"] = offset
            if epoch is not None:
                extra["epoch"] = epoch
        seq = event.get("seq")
        if not isinstance(seq, int):
            seq = None
        # A publication is usually delivered from the channel layer's context, where neither
        # is set: only what differs is set (and reset).
        ref_token = current_ref.set(None) if current_ref.get() is not None else None
        seq_token = current_seq.set(seq) if current_seq.get() != seq else None
        extras_token = TOPIC_EXTRAS.set(extra) if extra is not None else None
        try:
            await subscription.handle_channel_event(event)
        finally:
            if extras_token is not None:
                TOPIC_EXTRAS.reset(extras_token)
            if seq_token is not None:
                current_seq.reset(seq_token)
            if ref_token is not None:
                current_ref.reset(ref_token)
