"""Channel-layer groups of one connection: joining, leaving, and relaying group broadcasts."""

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from chanx.core.consumer_settings import ConsumerSettings
from chanx.core.wire import frames
from chanx.core.wire.outbound import group_list, group_message
from chanx.messages.base import BaseMessage
from chanx.observability import state as observability_state


class GroupMembership(ConsumerSettings):
    """``join_group``/``leave_group``, ``broadcast_message`` and its channel-layer handler."""

    _sender: Any

    if TYPE_CHECKING:  # defined by the consumer class

        @classmethod
        def get_channel_layer(cls, alias: Any) -> Any: ...

        def _connection_closed(self) -> bool: ...

    def _layer(self) -> Any:
        layer = getattr(self, "channel_layer", None) or type(self).get_channel_layer(
            self.channel_layer_alias
        )
        assert layer is not None, (
            f"{type(self).__name__} has no channel layer: configure one for alias "
            f"{self.channel_layer_alias!r}"
        )
        return layer

    async def join_group(self, group: str) -> None:
        """Add this connection to ``group``; it is left when the connection ends.

        A connection that closed while joining leaves the group again at once.
        """
        layer = self._layer()
        await layer.group_add(group, self.channel_name)
        if self._connection_closed():
            await layer.group_discard(group, self.channel_name)
            return
        if group not in self.groups:
            self.groups.append(group)

    async def leave_group(self, group: str) -> None:
        """Remove this connection from ``group``."""
        await self._layer().group_discard(group, self.channel_name)
        if group in self.groups:
            self.groups.remove(group)

    async def broadcast_message(
        self,
        message: BaseMessage | dict[str, Any],
        groups: Collection[str] | str | None = None,
        *,
        exclude_current: bool = False,
    ) -> None:
        """Relay ``message`` verbatim to every member of ``groups`` (default: this consumer's)."""
        layer = self._layer()
        targets = group_list(self.groups if groups is None else groups)
        event = group_message(
            message, exclude_current=exclude_current, from_channel=self.channel_name
        )
        if observability_state.active is not None:
            await observability_state.active.publish(
                layer.group_send, targets, event, type(self).__name__, "group"
            )
            return
        for group in targets:
            await layer.group_send(group, event)

    async def handle_group_message(self, event: dict[str, Any]) -> None:
        """Channel-layer handler: forward a group broadcast to this client."""
        if event.get("exclude_current") and event.get("from_channel") == self.channel_name:
            return
        await self._sender.relay(event["message"])
        if self.should_send_completion:
            await self._sender.fixed(frames.GROUP_COMPLETE_TEXT)
