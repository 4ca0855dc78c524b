"""The outbound path: replies, group broadcasts, typed channel events and completion frames."""

import asyncio
import json
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import humps
from asgiref.sync import async_to_sync
from pydantic import ValidationError

from chanx.core import frames
from chanx.core.envelope import REPLY_FIELDS, add_envelope, reply_suffix
from chanx.core.policy import resolve_frame_policy
from chanx.messages.base import BaseMessage
from chanx.utils.logging import logger

if TYPE_CHECKING:
    from chanx.core.consumer import ChanxConsumerBase

    _Base = ChanxConsumerBase
else:
    _Base = object

_TEXT_TO_DICT = {
    frames.COMPLETE_TEXT: {"action": "complete", "payload": None},
    frames.GROUP_COMPLETE_TEXT: {"action": "group_complete", "payload": None},
    frames.EVENT_COMPLETE_TEXT: {"action": "event_complete", "payload": None},
}


class OutboundMixin(_Base):
    """Sending to the client, to groups and to other consumers."""

    async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None:
        """Send ``message`` to this client (camelized when the consumer camelizes)."""
        await self._deliver(message, validate=validate, flush=True)

    async def _deliver(self, message: BaseMessage, *, validate: bool, flush: bool) -> None:
        """``send_message``; ``flush=False`` skips the yield when the send ends a frame.

        A frame's end (its task finishing, or the framework's dispatch loop) is a yield point
        already, so the ``send_message_immediately`` yield after a frame's last send is moot.
        """
        if validate:
            try:
                self.outgoing_message_adapter.validate_python(message.model_dump(mode="json"))
            except ValidationError as exc:
                await logger.aexception(f"Outgoing message validation failed: {exc}")
                raise
        envelope = REPLY_FIELDS.get()
        if self._direct_send():
            text = message.model_dump_json()
            if envelope:
                text = add_envelope(text, reply_suffix(envelope))
            await self.send(text_data=text)
            if flush and self._setting("send_message_immediately"):
                await asyncio.sleep(0)
            return
        data = message.model_dump(mode="json")
        if self.should_camelize:
            data = humps.camelize(data)
        if envelope:
            data.update(envelope)  # single-word keys: the same camelised or not
        await self.send_json(data)

    async def send_json(self, content: Any, close: bool = False) -> None:
        """Framework JSON send, then logging and an optional flush point."""
        await super().send_json(content, close=close)
        if self._setting("log_websocket_message"):
            action = content.get(self.discriminator_field) if isinstance(content, dict) else None
            if action not in self.all_log_ignored_actions:
                await logger.ainfo("Websocket sent", sent_action=action)
        if self._setting("send_message_immediately"):
            await asyncio.sleep(0)

    async def _send_frame_text(self, text: str, *, flush: bool = True) -> None:
        """Send one of the fixed completion frames (``flush``: as in ``_deliver``)."""
        envelope = REPLY_FIELDS.get()
        if self._direct_send():
            if envelope:
                text = add_envelope(text, reply_suffix(envelope))
            await self.send(text_data=text)
            if flush and self._setting("send_message_immediately"):
                await asyncio.sleep(0)
        else:
            data = dict(_TEXT_TO_DICT[text])
            if envelope:
                data.update(envelope)
            await self.send_json(data)

    async def _send_final_result(self, result: Any) -> None:
        """``handle_result`` at the end of a frame: the last send needs no flush yield."""
        if not self._reply_untouched:
            await self.handle_result(result)
            return
        items = result_messages(result)
        if not items:
            return
        for item in items[:-1]:
            await self.send_message(item)
        await self._deliver(items[-1], validate=False, flush=False)

    def _direct_send(self) -> bool:
        return bool(
            self._send_untouched
            and not self.should_camelize
            and not self._setting("log_websocket_message")
        )

    # -- groups ----------------------------------------------------------------------------
    def _layer(self) -> Any:
        layer = getattr(self, "channel_layer", None) or self._get_channel_layer(
            self.channel_layer_alias
        )
        assert layer is not None, (
            f"{type(self).__name__} has no channel layer: configure one for alias "
            f"{self.channel_layer_alias!r}"
        )
        return layer

    async def broadcast_message(
        self,
        message: BaseMessage | dict[str, Any],
        groups: Collection[str] | str | None = None,
        *,
        exclude_current: bool = False,
    ) -> None:
        """Relay ``message`` verbatim to every member of ``groups`` (default: this consumer's)."""
        layer = self._layer()
        targets = _group_list(self.groups if groups is None else groups)
        data = message.model_dump(mode="json") if isinstance(message, BaseMessage) else message
        event = {
            "type": "handle_group_message",
            "message": data,
            "exclude_current": exclude_current,
            "from_channel": self.channel_name,
        }
        for group in targets:
            await layer.group_send(group, event)

    async def handle_group_message(self, event: dict[str, Any]) -> None:
        """Channel-layer handler: forward a group broadcast to this client."""
        if event.get("exclude_current") and event.get("from_channel") == self.channel_name:
            return
        message = event["message"]
        policy = resolve_frame_policy(self)
        if policy.direct_send:
            # The relay ends this channel event, so no flush yield (see ``_deliver``).
            await self.send(text_data=json.dumps(message))
            if policy.send_completion:
                await self.send(text_data=frames.GROUP_COMPLETE_TEXT)
            return
        await self.send_json(message)
        if policy.send_completion:
            await self._send_frame_text(frames.GROUP_COMPLETE_TEXT, flush=False)

    # -- typed events (class level: usable from views, tasks, scripts) -------------------------
    @classmethod
    def _class_layer(cls) -> Any:
        layer = cls._get_channel_layer(cls.channel_layer_alias)
        assert layer is not None, (
            f"{cls.__name__} has no channel layer: configure one for alias "
            f"{cls.channel_layer_alias!r}"
        )
        return layer

    @classmethod
    async def send_event(cls, event: Any, channel_name: str) -> None:
        """Send a typed event to one consumer instance, by channel name."""
        await cls._class_layer().send(
            channel_name,
            {"type": "handle_channel_event", "event_data": event.model_dump(mode="json")},
        )

    @classmethod
    def send_event_sync(cls, event: Any, channel_name: str) -> None:
        """``send_event`` for synchronous code (not from inside a running event loop)."""
        async_to_sync(cls.send_event)(event, channel_name)

    @classmethod
    async def broadcast_event(cls, event: Any, groups: Collection[str] | str | None = None) -> None:
        """Send a typed event to every consumer in ``groups`` (default: the class's groups)."""
        if groups is None:
            own = list(getattr(cls, "groups", None) or [])
            targets = own + [g for g in cls._merged_extra_groups if g not in own]
        else:
            targets = _group_list(groups)
        layer = cls._class_layer()
        payload = {"type": "handle_channel_event", "event_data": event.model_dump(mode="json")}
        for group in targets:
            await layer.group_send(group, payload)

    @classmethod
    def broadcast_event_sync(cls, event: Any, groups: Collection[str] | str | None = None) -> None:
        """``broadcast_event`` for synchronous code (not from inside a running event loop)."""
        async_to_sync(cls.broadcast_event)(event, groups)


def _group_list(groups: Collection[str] | str | None) -> list[str]:
    if groups is None:
        return []
    if isinstance(groups, str):
        return [groups]
    return list(groups)


def result_messages(result: Any) -> list[BaseMessage]:
    """A handler's return value as the messages to send, in order."""
    if isinstance(result, BaseMessage):
        return [result]
    if isinstance(result, list | tuple) and all(isinstance(m, BaseMessage) for m in result):
        return list(result)
    raise TypeError(
        f"Handler returned {type(result).__name__}; expected a message, a list/tuple "
        "of messages, or None"
    )
