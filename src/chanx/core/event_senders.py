"""Sending typed events to consumers from anywhere: other consumers, views, tasks, scripts."""

from collections.abc import Collection
from typing import Any, ClassVar

from asgiref.sync import async_to_sync

from chanx.core.wire.outbound import channel_event, group_list
from chanx.messages.base import BaseMessage
from chanx.observability import state as observability_state


class ChannelEventSenders:
    """Class-level ``send_event`` / ``broadcast_event`` (and their sync variants)."""

    channel_layer_alias: Any
    chanx_adapter: ClassVar[Any]
    _merged_extra_groups: ClassVar[list[str]] = []

    @classmethod
    def get_channel_layer(cls, alias: Any) -> Any:
        """The channel layer registered under ``alias`` (the adapter's lookup; overridable)."""
        return cls.chanx_adapter.get_channel_layer(alias)

    @classmethod
    def _class_layer(cls) -> Any:
        layer = cls.get_channel_layer(cls.channel_layer_alias)
        assert layer is not None, (
            f"{cls.__name__} has no channel layer: configure one for alias "
            f"{cls.channel_layer_alias!r}"
        )
        return layer

    @classmethod
    async def send_event(cls, event: BaseMessage, channel_name: str) -> None:
        """Send a typed event to one consumer instance, by channel name."""
        if observability_state.active is not None:
            await observability_state.active.publish(
                cls._class_layer().send, [channel_name], channel_event(event), cls.__name__, "event"
            )
            return
        await cls._class_layer().send(channel_name, channel_event(event))

    @classmethod
    def send_event_sync(cls, event: BaseMessage, channel_name: str) -> None:
        """``send_event`` for synchronous code (not from inside a running event loop)."""
        async_to_sync(cls.send_event)(event, channel_name)

    @classmethod
    async def broadcast_event(
        cls, event: BaseMessage, groups: Collection[str] | str | None = None
    ) -> None:
        """Send a typed event to every consumer in ``groups`` (default: the class's groups)."""
        if groups is None:
            own = list(getattr(cls, "groups", None) or [])
            targets = own + [g for g in cls._merged_extra_groups if g not in own]
        else:
            targets = group_list(groups)
        layer = cls._class_layer()
        payload = channel_event(event)
        if observability_state.active is not None:
            await observability_state.active.publish(
                layer.group_send, targets, payload, cls.__name__, "event"
            )
            return
        for group in targets:
            await layer.group_send(group, payload)

    @classmethod
    def broadcast_event_sync(
        cls, event: BaseMessage, groups: Collection[str] | str | None = None
    ) -> None:
        """``broadcast_event`` for synchronous code (not from inside a running event loop)."""
        async_to_sync(cls.broadcast_event)(event, groups)
