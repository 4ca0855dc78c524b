"""Typed channel-layer events arriving at a connection (``send_event``/``broadcast_event``)."""

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from chanx.core.consumer_settings import ConsumerSettings
from chanx.core.wire import frames
from chanx.messages.base import BaseMessage
from chanx.utils.logging import logger


class ChannelEventHandling(ConsumerSettings):
    """Validates a typed event, calls its ``@event_handler`` and sends what it returns."""

    _sender: Any

    if TYPE_CHECKING:  # defined by the consumer class

        async def handle_result(self, result: Any) -> None: ...

    async def handle_channel_event(self, event_payload: dict[str, Any]) -> None:
        """Channel-layer handler for typed events sent by ``send_event``/``broadcast_event``."""
        adapter = self.incoming_event_adapter
        if adapter is None:
            await logger.aerror(
                "Channel event dropped: consumer has no event handlers",
                consumer=type(self).__name__,
            )
            return
        try:
            event = adapter.validate_python(event_payload.get("event_data", {}))
        except ValidationError as exc:
            await logger.aexception(f"Channel event validation failed: {exc}")
            return
        except Exception:
            await logger.aexception("Failed to process channel event")
            return
        await self.receive_event(event)

    async def receive_event(self, event: BaseMessage) -> None:
        """Call the event handler for ``event``; send its result; then ``event_complete``."""
        action = getattr(event, self.discriminator_field, None)
        if not action:
            await logger.aerror("Event missing action field")
            return
        try:
            method_name = self._handler_table.event_methods.get(type(event))
            if method_name is None:
                method_name = self._EVENT_HANDLER_INFO_MAP[action]["method_name"]
            result = await getattr(self, method_name)(event)
            if result is not None:
                await self.handle_result(result)
        except Exception as exc:
            await self.handle_event_handler_error(exc, str(action), event)
        finally:
            if self.should_send_completion:
                await self._sender.fixed(frames.EVENT_COMPLETE_TEXT)

    async def handle_event_handler_error(
        self, error: Exception, action: str, event: BaseMessage
    ) -> None:
        """An event handler raised: log only; nothing reaches the client."""
        await logger.aexception(
            f"Event handler error for action '{action}': {error}", consumer=type(self).__name__
        )
