"""Hosting topics on a connection: its subscriptions, and frames stamped with their topic."""

from typing import Any

import humps

from chanx.core.consumer_settings import ConsumerSettings
from chanx.core.envelope import TopicErrorReason, add_envelope
from chanx.core.topics.router import TopicRouter
from chanx.core.topics.sender import stamp_suffix, topic_stamp, topic_suffix
from chanx.core.wire.frame_settings import setting
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.observability import state as observability_state
from chanx.utils.logging import logger


class TopicHost(ConsumerSettings):
    """The connection side of topics: ``topic_router``, ``send_topic_json`` and friends."""

    _topic_router: TopicRouter | None
    _sender: Any

    @property
    def topic_router(self) -> TopicRouter:
        """This connection's topic subscriptions (created on first use)."""
        router = self._topic_router
        if router is None:
            router = self._topic_router = TopicRouter(
                self,
                self._topic_classes,
                max_subscriptions=int(setting(self, "max_subscriptions")),
                default_topic=self._resolve_default_topic(),
            )
        return router

    def _resolve_default_topic(self) -> str | None:
        """The ``default_topic`` pattern filled from the route's URL parameters."""
        default = self.default_topic
        if default is None:
            return None
        params = self.url_params
        missing = [name for name in default.param_names if name not in params]
        if missing:
            raise ValueError(
                f"default_topic pattern '{default.pattern}' needs URL parameters {missing} "
                f"that this route does not provide (got {sorted(params)})"
            )
        topic: str = default.pattern.format(**params)
        return topic

    def member_groups(self) -> list[str]:
        """Every channel-layer group this connection is in: its own and its topics'."""
        router = self._topic_router
        if router is None:
            return list(self.groups)
        return [*self.groups, *(g for g in router.joined_groups() if g not in self.groups)]

    def _connection_closed(self) -> bool:
        """Whether this connection stopped taking frames (closed or closing)."""
        return bool(self._closed_for_frames)

    async def handle_topic_event(self, event: dict[str, Any]) -> None:
        """Channel-layer handler for ``Topic.broadcast``: the subscribed topic handles it.

        Not subscribed to the event's topic: ignored. Frames sent meanwhile carry the
        publication's ``seq`` and no ``ref``.
        """
        if self._topic_router is not None:
            await self._topic_router.handle_event(event)

    async def send_topic_json(self, topic: str, content: dict[str, Any]) -> None:
        """Send ``content`` on ``topic``: camelised like every frame of this connection, then
        stamped with ``version``, ``topic`` and the ``ref``/``seq`` in flight."""
        if self.should_camelize:
            content = humps.camelize(content)
        await self._send_framework_json({**content, **topic_stamp(topic)})

    async def _send_framework_json(self, content: dict[str, Any]) -> None:
        """The framework's ``send_json`` (not an override of this class's ``send_json``)."""
        await super().send_json(content)  # type: ignore[misc]

    async def send_topic_message(self, topic: str, message: BaseMessage) -> None:
        """Send ``message`` on ``topic`` (see ``send_topic_json``)."""
        if self._overrides_send_topic_json or self._json_hooks_out or self.should_camelize:
            await self.send_topic_json(topic, message.model_dump(mode="json"))
            return
        text = message.__pydantic_serializer__.to_json(message).decode()
        await self._sender.send_text(add_envelope(text, stamp_suffix(topic_suffix(topic))))

    async def send_topic_error(self, topic: str, reason: TopicErrorReason, detail: str) -> None:
        """Log the refusal and send an ``error`` frame with ``reason`` and ``detail`` on ``topic``."""
        await logger.awarning("Topic error", topic=topic, reason=str(reason), detail=detail)
        if observability_state.active is not None:
            observability_state.active.frame_error(self, "topic_error")
        await self.send_topic_message(
            topic, ErrorMessage(payload={"reason": str(reason), "detail": detail})
        )
