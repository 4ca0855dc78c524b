"""``TopicRouter``: one connection's topic subscriptions, and the frames and events for them.

The pipeline hands it topic-addressed frames (``handle_frame``) with ``REPLY_FIELDS`` already
set for the frame, and ``handle_topic_event`` channel messages (``handle_event``); the
consumer calls ``leave_all`` when the connection ends. Replies go out through the
consumer's ``send_message``, so they carry the frame's envelope keys.
"""

import asyncio
from typing import Any

from pydantic import ValidationError

from chanx.constants import ENVELOPE_VERSION
from chanx.core.codec import DecodedFrame, validate_body
from chanx.core.envelope import REPLY_FIELDS, TopicErrorReason
from chanx.core.topic import Topic
from chanx.core.topic_streams import TopicStreams
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage, EventCompleteMessage
from chanx.messages.presence import Since, SubscribeSince
from chanx.messages.topic import (
    SubscribedMessage,
    SubscribeMessage,
    UnsubscribedMessage,
    UnsubscribeMessage,
)
from chanx.utils.logging import logger

SUBSCRIBE = "subscribe"
UNSUBSCRIBE = "unsubscribe"
PRESENCE = "presence"


class TopicRouter:
    """Subscriptions of one connection (topic string → ``Topic`` instance)."""

    def __init__(
        self,
        consumer: Any,
        topic_classes: list[type[Topic]],
        *,
        max_subscriptions: int,
        default_topic: str | None = None,
    ) -> None:
        self.consumer = consumer
        self.topic_classes = topic_classes
        self.max_subscriptions = max_subscriptions
        # The topic frames without ``topic`` go to (``Topic.as_consumer``), once subscribed.
        self.default_topic = default_topic
        self.subscriptions: dict[str, Topic] = {}
        # Envelope keys of pushes without seq/offset, per subscribed topic (``_push_fields``).
        self._plain_push_fields: dict[str, dict[str, Any]] = {}
        # Groups this connection may be in (joined, or a join was attempted): left on close.
        self._joined: dict[str, str] = {}
        # Membership changes of one connection never interleave, even with concurrent frames.
        self._membership = asyncio.Lock()
        # Group changes sent to the layer and not answered yet (see ``_settled``).
        self._in_flight: set[asyncio.Future[Any]] = set()
        # History cursors and presence of the subscriptions (docs/history.md).
        self.streams = TopicStreams(str(consumer.channel_name), self._deliver)

    # -- frames ---------------------------------------------------------------------------------------
    def claims(self, action: Any) -> bool:
        """Is a frame with ``action`` and no ``topic`` for the default topic?"""
        if self.default_topic is None:
            return False
        if action in (SUBSCRIBE, UNSUBSCRIBE):
            return True
        if action == PRESENCE and self._tracks_presence(self.default_topic):
            return True
        topic = self.subscriptions.get(self.default_topic)
        return topic is not None and action in type(topic)._handler_table.message_infos

    async def handle_frame(self, frame: DecodedFrame) -> None:
        """Subscribe, unsubscribe, or run the subscribed topic's handler for the frame."""
        topic = frame.topic if frame.topic is not None else self.default_topic
        assert topic is not None, "handle_frame needs a topic-addressed frame"
        action = frame.action
        if action in (SUBSCRIBE, UNSUBSCRIBE) or (
            action == PRESENCE and self._tracks_presence(topic)
        ):
            await self._membership_frame(topic, frame, action)
            return
        subscription = self.subscriptions.get(topic)
        table = None if subscription is None else type(subscription)._handler_table
        message = None
        if table is not None and table.message_validator is not None:
            message = validate_body(table, frame).message
        if message is None or subscription is None or table is None:
            await self._refuse_frame(topic, subscription, frame)
            return
        try:
            result = await getattr(subscription, table.message_methods[type(message)])(message)
            if result is not None:
                # The reply ends the frame: no flush yield after its last message.
                await self.consumer.handle_result(result)
        except Exception as exc:
            await self.consumer.handle_message_handler_error(exc, str(action), message)

    async def _membership_frame(self, topic: str, frame: DecodedFrame, action: Any) -> None:
        try:
            if action == SUBSCRIBE:
                fields = frame.fields()
                SubscribeMessage.model_validate(fields)
                await self.subscribe(topic, since=SubscribeSince.model_validate(fields).since)
            elif action == UNSUBSCRIBE:
                UnsubscribeMessage.model_validate(frame.fields())
                await self.unsubscribe(topic)
            else:
                await self._presence(topic)
        except ValidationError as exc:
            await self.consumer.handle_validation_error(exc)

    async def _refuse_frame(
        self, topic: str, subscription: Topic | None, frame: DecodedFrame
    ) -> None:
        """Answer a topic frame no handler takes: not subscribed, no handlers, or invalid."""
        if subscription is None:
            await self._error(TopicErrorReason.NOT_SUBSCRIBED, f"Not subscribed to '{topic}'")
        elif frame.error is None:
            await self.consumer.handle_json_processing_error(
                LookupError(f"{type(subscription).__name__} has no message handlers")
            )
        else:
            await self.consumer.handle_validation_error(frame.error)

    # -- membership -----------------------------------------------------------------------------------
    async def subscribe(
        self, topic: str, *, reply: bool = True, since: Since | None = None
    ) -> bool:
        """Authorize, join the topic's group, reply ``subscribed``, then ``on_subscribe``.

        Every refusal is an error frame (``reply=False``: nothing is sent) and joins nothing.
        A history topic's reply carries ``epoch``/``offset`` (and ``recovered`` with ``since``),
        then the missed publications follow. Returns whether the connection is subscribed.
        """
        async with self._membership:
            if topic in self.subscriptions:
                if reply:
                    await self._send_with(SubscribedMessage(), self.streams.position(topic))
                return True
            refusal = None
            found = self._resolve(topic)
            if found is None:
                refusal = (TopicErrorReason.UNKNOWN_TOPIC, f"Unknown topic '{topic}'")
            elif len(self.subscriptions) >= self.max_subscriptions:
                refusal = (
                    TopicErrorReason.TOO_MANY_SUBSCRIPTIONS,
                    f"Too many subscriptions (at most {self.max_subscriptions} per connection)",
                )
            else:
                topic_class, params = found
                subscription = topic_class(self.consumer, topic, params)
                if not await self._authorized(subscription, params):
                    refusal = (
                        TopicErrorReason.UNAUTHORIZED,
                        f"Not allowed to subscribe to '{topic}'",
                    )
            if refusal is not None:
                if reply:
                    await self._error(*refusal)
                return False
            group = topic_class.group_name(topic)
            self._joined[topic] = group  # before the join: a cancelled join is still undone
            await self._settled(
                self.consumer.channel_layer.group_add(group, self.consumer.channel_name)
            )
            self.subscriptions[topic] = subscription
            extra = await self.streams.open(subscription, since)
            if reply:
                await self._send_with(SubscribedMessage(), extra)
        await self.streams.start(topic)
        fields = REPLY_FIELDS.get() or {}
        token = REPLY_FIELDS.set({k: v for k, v in fields.items() if k != "ref"} or None)
        try:
            await subscription.on_subscribe()
        except Exception as exc:
            await logger.aexception(f"on_subscribe failed for '{topic}': {exc}")
        finally:
            REPLY_FIELDS.reset(token)
        return True

    async def unsubscribe(self, topic: str) -> None:
        """Run ``on_unsubscribe``, leave the topic's group; always reply ``unsubscribed``."""
        async with self._membership:
            await self._leave(topic)
            await self.consumer.send_message(UnsubscribedMessage())

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
        """Leave every topic (the connection is ending); nothing is sent to the client."""
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        async with self._membership:
            for topic in list(self._joined):
                await self._leave(topic)

    async def _leave(self, topic: str) -> None:
        subscription = self.subscriptions.pop(topic, None)
        self._plain_push_fields.pop(topic, None)
        if subscription is not None:
            await self.streams.close(topic)
            try:
                await subscription.on_unsubscribe()
            except Exception as exc:
                await logger.aexception(f"on_unsubscribe failed for '{topic}': {exc}")
        group = self._joined.get(topic)
        if group is not None:
            await self.consumer.channel_layer.group_discard(group, self.consumer.channel_name)
            del self._joined[topic]

    def _resolve(self, topic: str) -> tuple[type[Topic], dict[str, str]] | None:
        for topic_class in self.topic_classes:
            params = topic_class.match(topic)
            if params is not None:
                return topic_class, params
        return None

    async def _authorized(self, subscription: Topic, params: dict[str, str]) -> bool:
        try:
            return bool(await subscription.authorize(**params))
        except Exception as exc:  # a failing check refuses, it never lets the client in
            await logger.aexception(f"authorize failed for '{subscription.topic}': {exc}")
            return False

    async def _send_with(self, message: BaseMessage, extra: dict[str, Any]) -> None:
        """Send ``message`` with ``extra`` keys beside the frame's envelope keys."""
        if not extra:
            await self.consumer.send_message(message)
            return
        token = REPLY_FIELDS.set({**(REPLY_FIELDS.get() or {}), **extra})
        try:
            await self.consumer.send_message(message)
        finally:
            REPLY_FIELDS.reset(token)

    def _tracks_presence(self, topic: str) -> bool:
        found = self._resolve(topic)
        return found is not None and found[0].track_presence

    async def _presence(self, topic: str) -> None:
        """Answer a ``presence`` request with the topic's members (subscribers only)."""
        subscription = self.subscriptions.get(topic)
        if subscription is None:
            await self._error(TopicErrorReason.NOT_SUBSCRIBED, f"Not subscribed to '{topic}'")
            return
        await self.consumer.send_message(await self.streams.presence(subscription))

    async def _error(self, reason: TopicErrorReason, detail: str) -> None:
        await self.consumer.send_message(
            ErrorMessage(payload={"reason": reason.value, "detail": detail})
        )

    # -- publications ---------------------------------------------------------------------------------
    async def handle_event(self, event: dict[str, Any]) -> None:
        """A ``Topic.broadcast`` publication: the subscribed topic's event handler answers it."""
        topic = event.get("topic")
        subscription = self.subscriptions.get(topic) if isinstance(topic, str) else None
        if subscription is None:
            return  # not (or no longer) subscribed here
        if not await self.streams.receive(subscription, event):
            await self._deliver(event)

    def _push_fields(self, topic: str, event: dict[str, Any]) -> dict[str, Any]:
        """Envelope keys of a push: the topic, and ``seq``/``offset``/``epoch`` when given.

        A push without them reuses one dict per topic, so the sender serialises those keys
        once for a run of pushes to the same topic (it caches by identity; nobody mutates it).
        """
        seq, offset, epoch = event.get("seq"), event.get("offset"), event.get("epoch")
        if seq is None and offset is None and epoch is None:
            fields = self._plain_push_fields.get(topic)
            if fields is None:
                fields = self._plain_push_fields[topic] = {
                    "version": ENVELOPE_VERSION,
                    "topic": topic,
                }
            return fields
        fields = {"version": ENVELOPE_VERSION, "topic": topic}
        if seq is not None:
            fields["seq"] = seq
        if offset is not None:  # history topics: where this push stands
            fields["offset"] = offset
        if epoch is not None:
            fields["epoch"] = epoch
        return fields

    async def _deliver(self, event: dict[str, Any]) -> None:
        """Run the subscribed topic's event handler; its frames carry ``seq``/``offset``."""
        subscription = self.subscriptions.get(event["topic"])
        if subscription is None:
            return
        topic = subscription.topic
        topic_class = type(subscription)
        table = topic_class._handler_table
        adapter = table.incoming_event_adapter
        if adapter is None:
            await logger.aerror("Topic event dropped: topic has no event handlers", topic=topic)
            return
        try:
            message: BaseMessage = adapter.validate_python(event.get("event_data", {}))
        except ValidationError as exc:
            await logger.aexception(f"Topic event validation failed: {exc}", topic=topic)
            return
        fields = self._push_fields(topic, event)
        action = str(getattr(message, topic_class.discriminator_field, ""))
        token = REPLY_FIELDS.set(fields)
        try:
            result = await getattr(subscription, table.event_methods[type(message)])(message)
            if result is not None:
                await self.consumer.handle_result(result)
        except Exception as exc:
            await self.consumer.handle_event_handler_error(exc, action, message)
        finally:
            try:
                if self.consumer.should_send_completion:
                    await self.consumer.send_message(EventCompleteMessage())
            finally:
                REPLY_FIELDS.reset(token)
