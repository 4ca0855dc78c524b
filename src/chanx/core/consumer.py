"""``ChanxWebsocketConsumerMixin``: the typed consumer, with no framework in it.

Adapters combine it with their framework's JSON consumer (``chanx.channels.websocket``,
``chanx.fast_channels.websocket``). Every client frame takes one path::

    receive ─► _handle_frame: decode (chanx.core.codec) ─► receive_message ─► handler
                              replies, errors and ``complete`` through one send method

What differs between consumer classes (a JSON hook overridden?) is decided once, when the
class is created. Helpers are composed objects: ``FrameGuard`` (binary frames, size, rate),
``FrameRunner`` (concurrency and backpressure) and the decoder in ``chanx.core.codec``.
The connection itself (socket and channel layer, one message at a time) is served by
``chanx.core.dispatch_loop`` instead of the framework's loop.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any, ClassVar, Generic

import humps
import structlog
from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypeVar

from chanx.constants import COMPLETE_ACTIONS
from chanx.core import frame_log, frames
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.codec import NoHandlersError, decode_frame
from chanx.core.concurrency import FrameRunner
from chanx.core.config import Config
from chanx.core.consumer_class import prepare_consumer_class
from chanx.core.dispatch_loop import serve_consumer
from chanx.core.envelope import REPLY_FIELDS, add_envelope, reply_suffix
from chanx.core.event_senders import ChannelEventSenders
from chanx.core.frame_guard import FrameGuard
from chanx.core.frame_settings import FrameSettings, resolve_frame_settings, setting
from chanx.core.handlers import HandlerTable
from chanx.core.outbound import group_list, group_message, result_messages
from chanx.core.resilience import resilient_receive
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.type_defs import AsyncAPIHandlerInfo
from chanx.utils import scope as scope_utils
from chanx.utils.logging import logger

ReceiveEvent = TypeVar("ReceiveEvent", bound=BaseMessage, default=BaseMessage)

# ASGI scope extension a test communicator sets to request completion frames (opt-in).
COMPLETION_SCOPE_EXTENSION = "chanx.completion"


class ChanxWebsocketConsumerMixin(ChannelEventSenders, Generic[ReceiveEvent]):
    """Typed routing, sending, groups, events and completion signals for any adapter.

    The type parameter types the ``event`` argument of ``send_event``/``broadcast_event``.
    """

    # -- framework binding, set by each adapter ------------------------------------------
    _chanx_config: ClassVar[Any] = Config()
    _chanx_adapter_base: ClassVar[type | None] = None
    # Channel layers living in this process (no outage to survive).
    _in_process_layer_types: ClassVar[tuple[type, ...]] = ()
    # The framework's exception that ends a connection cleanly (``StopConsumer``).
    _stop_consumer: ClassVar[tuple[type[BaseException], ...]] = ()

    # -- user configuration: ``None`` means "use the adapter's configuration" --------------
    send_completion: bool | None = None
    send_message_immediately: bool | None = None
    log_websocket_message: bool | None = None
    log_ignored_actions: Collection[str] | None = None
    camelize: ClassVar[bool | None] = None
    max_concurrent_messages: int | None = None
    max_message_size: int | None = None
    rate_limit_messages: int | None = None
    rate_limit_period: float | None = None
    discriminator_field: ClassVar[str] = "action"
    authenticator_class: ClassVar[type[BaseAuthenticator] | None] = None
    authenticator: BaseAuthenticator | None = None
    extra_groups: ClassVar[list[str]] = []
    passthrough_events: ClassVar[list[type[BaseMessage]]] = []
    passthrough_method_prefix: ClassVar[str] = "handle_passthrough_"

    # -- provided by the framework per connection ------------------------------------------
    groups: list[str]
    channel_layer_alias: Any
    channel_layer: Any
    channel_name: str
    scope: Any

    # -- computed per class (chanx.core.consumer_class) -------------------------------------
    name: ClassVar[str]
    snake_name: ClassVar[str]
    _handler_table: ClassVar[HandlerTable]
    _MESSAGE_HANDLER_INFO_MAP: ClassVar[dict[str, AsyncAPIHandlerInfo]] = {}
    _EVENT_HANDLER_INFO_MAP: ClassVar[dict[str, AsyncAPIHandlerInfo]] = {}
    incoming_message_adapter: ClassVar[TypeAdapter[Any] | None] = None
    incoming_event_adapter: ClassVar[TypeAdapter[Any] | None] = None
    outgoing_message_adapter: ClassVar[TypeAdapter[Any]]
    # Frames arrive through the JSON hooks (``decode_json``/``receive_json``/``handle_json``
    # overridden) instead of being validated from their text.
    _json_hooks_in: ClassVar[bool] = False
    # Replies go through ``send_json``/``encode_json`` (overridden) instead of as text.
    _json_hooks_out: ClassVar[bool] = False
    # ``send_message`` is overridden: every reply goes through it.
    _send_message_hooked: ClassVar[bool] = False

    _channel_receive: Callable[[], Awaitable[Any]]

    if TYPE_CHECKING:
        # The framework's methods. ``*args: Any, **kwargs: Any`` keeps users' consumers with
        # extra mixins type-checking against either framework's own signatures.
        async def send(self, *args: Any, **kwargs: Any) -> None: ...
        async def accept(self, *args: Any, **kwargs: Any) -> None: ...
        async def close(self, *args: Any, **kwargs: Any) -> None: ...
        @classmethod
        async def decode_json(cls, text_data: str) -> Any: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        prepare_consumer_class(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A fresh per-instance list: appending a dynamic group never leaks to other connections.
        own = list(getattr(self, "groups", None) or [])
        self.groups = own + [g for g in self._merged_extra_groups if g not in own]
        self._frames = FrameRunner()
        self._guard = FrameGuard(float(setting(self, "rate_limit_period")))
        self._closed_for_frames = False
        if self.authenticator_class is not None:
            self.authenticator = self.authenticator_class(self.send_message)

    # -- settings ------------------------------------------------------------------------------
    def _setting(self, name: str) -> Any:
        """Consumer attribute if set, else the adapter's configuration (live)."""
        return setting(self, name)

    @property
    def should_send_completion(self) -> bool:
        return bool(setting(self, "send_completion"))

    @property
    def should_camelize(self) -> bool:
        return bool(setting(self, "camelize"))

    @property
    def all_log_ignored_actions(self) -> set[str]:
        return set(setting(self, "log_ignored_actions") or ()) | COMPLETE_ACTIONS

    @property
    def url_params(self) -> dict[str, Any]:
        """Path captures of this connection's route (Channels or Starlette)."""
        return scope_utils.path_params(self.scope)

    # -- channel layer: survive an outage (Redis restart) of an out-of-process layer -----------
    @property
    def channel_receive(self) -> Callable[[], Awaitable[Any]]:
        return self._channel_receive

    @channel_receive.setter
    def channel_receive(self, raw: Callable[[], Awaitable[Any]]) -> None:
        layer = getattr(self, "channel_layer", None)
        if isinstance(layer, self._in_process_layer_types):
            self._channel_receive = raw
        else:
            self._channel_receive = resilient_receive(self, raw)

    # -- lifecycle -----------------------------------------------------------------------------
    async def websocket_connect(self, message: Any) -> None:
        """Accept, authenticate, join groups, then run ``post_authentication``."""
        if COMPLETION_SCOPE_EXTENSION in (self.scope.get("extensions") or {}):
            self.send_completion = True  # a test client asked for completion frames
        await self.accept()
        if self.authenticator is not None:
            try:
                ok = await self.authenticator.authenticate(self.scope)
            except Exception as exc:
                await logger.aexception(
                    f"Authenticator raised: {exc}", consumer=type(self).__name__
                )
                self._closed_for_frames = True
                await self.close(code=1011)
                return
            if not ok:
                self._closed_for_frames = True
                await self.close()
                return
        layer = getattr(self, "channel_layer", None)
        try:
            for group in self.groups:
                if layer is not None:
                    await layer.group_add(group, self.channel_name)
        except AttributeError:
            raise ValueError("BACKEND is unconfigured or doesn't support groups") from None
        await self.post_authentication()

    async def post_authentication(self) -> None:
        """Hook for connect-time work after a successful authentication."""

    async def websocket_disconnect(self, message: Any) -> None:
        """Stop reading frames, cancel in-flight work, leave groups, stop the consumer."""
        logger.info("Disconnecting websocket")
        structlog.contextvars.clear_contextvars()
        self._closed_for_frames = True
        await self._frames.cancel_all()
        await self._leave_and_stop(message)

    async def _leave_and_stop(self, message: Any) -> None:
        """Leave the groups, call ``disconnect`` and stop: the framework's own disconnect."""
        await super().websocket_disconnect(message)  # type: ignore[misc]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """ASGI entry point: the socket and the channel layer, served by one dispatch loop."""
        try:
            if self._chanx_adapter_base is None:
                # Combined with a framework by hand: that framework's own loop serves it.
                await super().__call__(scope, receive, send)  # type: ignore[misc]
            else:
                await serve_consumer(
                    self, scope, receive, send, stop=self._stop_consumer, busy=self._frames_running
                )
        finally:
            # No frame task outlives its connection, however the application ended.
            await self._frames.cancel_all()

    def _frames_running(self) -> bool:
        return self._frames.inflight > 0

    # -- inbound -------------------------------------------------------------------------------
    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        """Entry point for every client frame."""
        if self._closed_for_frames:
            return
        settings = resolve_frame_settings(self)
        refusal = self._guard.refusal(text_data, settings)
        if refusal is not None:
            await self._frames.run(self._refuse(refusal, settings), 1)
        elif self._json_hooks_in:
            await self._receive_through_hooks(text_data or "", **kwargs)
        else:
            await self._frames.run(
                self._handle_frame(text_data, settings), settings.max_concurrent_messages
            )

    async def _receive_through_hooks(self, text: str, **kwargs: Any) -> None:
        try:
            content = await self.decode_json(text)
        except (ValueError, RecursionError):
            settings = resolve_frame_settings(self)
            await self._frames.run(self._handle_frame(text, settings), 1)
            return
        await self.receive_json(content, **kwargs)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Hook: decoded JSON from the client; schedules ``handle_json``."""
        if self._closed_for_frames:
            return
        limit = resolve_frame_settings(self).max_concurrent_messages
        await self._frames.run(self.handle_json(content, **kwargs), limit)

    async def handle_json(self, content: Any, **kwargs: Any) -> None:
        """Hook: validate decoded JSON, route it, and send ``complete`` when enabled."""
        await self._handle_frame(content, resolve_frame_settings(self))

    async def _handle_frame(self, raw: Any, settings: FrameSettings) -> None:
        """Decode, route and answer one frame; ``complete`` follows whatever happened."""
        reply_token = None
        log_tokens = None
        try:
            frame = decode_frame(
                raw,
                self._handler_table.message_validator,
                camelize=settings.camelize,
                parse=False,
            )
            if frame.envelope is not None and frame.envelope.addressed:
                reply_token = REPLY_FIELDS.set(frame.envelope.reply_fields())
            if settings.log:
                action = frame.body.get(self.discriminator_field) if frame.body else None
                if frame.message is not None:
                    action = getattr(frame.message, self.discriminator_field, action)
                log_tokens = frame_log.bind_received(action)
                if action not in self.all_log_ignored_actions:
                    frame_log.log_received()
            if frame.message is not None:
                await self.receive_message(frame.message)
            elif frame.error is not None:
                await self.handle_validation_error(frame.error)
            elif frame.problem == "not_object":
                await self.send_message(ErrorMessage(payload=frames.NOT_AN_OBJECT_ERRORS))
            else:
                await self._reply_undecodable()
        except Exception as exc:
            await self.handle_json_processing_error(exc)
        finally:
            if settings.send_completion:
                await self._send_text(frames.COMPLETE_TEXT, settings)
            if log_tokens is not None:
                frame_log.unbind(log_tokens)
            if reply_token is not None:
                REPLY_FIELDS.reset(reply_token)

    async def receive_message(self, message: BaseMessage) -> None:
        """Call the ws handler for ``message`` and send back what it returns."""
        table = self._handler_table
        method_name = table.message_methods.get(type(message))
        if method_name is None:
            action = getattr(message, self.discriminator_field, None)
            method_name = table.message_infos[str(action)]["method_name"]
        try:
            result = await getattr(self, method_name)(message)
            if result is not None:
                await self.handle_result(result)
        except Exception as exc:
            action = getattr(message, self.discriminator_field, None)
            await self.handle_message_handler_error(exc, str(action), message)

    async def handle_result(self, result: Any) -> None:
        """Send a handler's return value: one message, or a list/tuple of messages in order."""
        items = result_messages(result)
        if self._send_message_hooked:
            for item in items:
                await self.send_message(item)
            return
        for item in items[:-1]:
            await self._send_message(item, flush=True)
        if items:
            # The frame ends right after its last reply: no flush yield needed for it.
            await self._send_message(items[-1], flush=False)

    # -- errors (overridable) --------------------------------------------------------------
    async def handle_validation_error(self, error: ValidationError) -> None:
        """A frame failed validation: send the validation entries to the client."""
        await self.send_message(ErrorMessage(payload=frames.validation_entries(error)))

    async def handle_json_processing_error(self, error: Exception) -> None:
        """Validation or routing failed unexpectedly: generic error frame, logged with context."""
        if not isinstance(error, NoHandlersError):
            await logger.aexception(f"Failed to process message: {error}")
        else:
            await logger.aerror(f"{type(self).__name__} has no message handlers")
        await self.send_message(ErrorMessage(payload={"detail": frames.PROCESSING_FAILED_DETAIL}))

    async def handle_message_handler_error(
        self, error: Exception, action: str, message: BaseMessage
    ) -> None:
        """A handler raised: report it to the client without internals, log the traceback."""
        await logger.aexception(
            f"Handler error for action '{action}': {error}", consumer=type(self).__name__
        )
        await self.send_message(
            ErrorMessage(payload={"detail": f"Failed to process message for {action}"})
        )

    async def _reply_undecodable(self) -> None:
        logger.warning("Undecodable websocket frame")
        await self.send_message(ErrorMessage(payload={"detail": frames.PROCESSING_FAILED_DETAIL}))

    async def _refuse(self, detail: str, settings: FrameSettings) -> None:
        logger.warning("Websocket frame rejected", detail=detail)
        await self.send_message(ErrorMessage(payload={"detail": detail}))
        if settings.send_completion:
            await self._send_text(frames.COMPLETE_TEXT, settings)

    # -- outbound ------------------------------------------------------------------------------
    async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None:
        """Send ``message`` to this client (camelised when the consumer camelises)."""
        if validate:
            try:
                self.outgoing_message_adapter.validate_python(message.model_dump(mode="json"))
            except ValidationError as exc:
                await logger.aexception(f"Outgoing message validation failed: {exc}")
                raise
        await self._send_message(message, flush=True)

    async def _send_message(self, message: BaseMessage, *, flush: bool) -> None:
        """The one place a message becomes a frame (``flush``: yield after sending)."""
        camelize = self.camelize
        if camelize is None:
            camelize = self._chanx_config.camelize
        if self._json_hooks_out or camelize:
            data = message.model_dump(mode="json")
            if camelize:
                data = humps.camelize(data)
            fields = REPLY_FIELDS.get()
            if fields:
                data.update(fields)
            await self.send_json(data)  # logs and flushes itself
            return
        text = message.__pydantic_serializer__.to_json(message).decode()
        fields = REPLY_FIELDS.get()
        if fields:
            text = add_envelope(text, reply_suffix(fields))
        await self.send(text_data=text)
        self._log_sent(getattr(message, self.discriminator_field, None))
        if flush and setting(self, "send_message_immediately"):
            await asyncio.sleep(0)

    async def send_json(self, content: Any, close: bool = False) -> None:
        """Framework JSON send, then logging and an optional flush point."""
        await super().send_json(content, close=close)  # type: ignore[misc]
        if isinstance(content, dict):
            self._log_sent(content.get(self.discriminator_field))
        if setting(self, "send_message_immediately"):
            await asyncio.sleep(0)

    async def _send_text(self, text: str, settings: FrameSettings) -> None:
        """Send one of the fixed frames (completion signals), stamped with the envelope."""
        fields = REPLY_FIELDS.get()
        if self._json_hooks_out:
            data = dict(frames.FIXED_FRAMES[text])
            if fields:
                data.update(fields)
            await self.send_json(data)
            return
        await self.send(text_data=add_envelope(text, reply_suffix(fields)) if fields else text)

    def _log_sent(self, action: Any) -> None:
        # Cheapest test first: with the defaults, logging is on and nobody listens.
        if (
            setting(self, "log_websocket_message")
            and frame_log.info_enabled()
            and action not in self.all_log_ignored_actions
        ):
            frame_log.log_sent(action)

    # -- groups ------------------------------------------------------------------------------
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
        targets = group_list(self.groups if groups is None else groups)
        event = group_message(
            message, exclude_current=exclude_current, from_channel=self.channel_name
        )
        for group in targets:
            await layer.group_send(group, event)

    async def handle_group_message(self, event: dict[str, Any]) -> None:
        """Channel-layer handler: forward a group broadcast to this client."""
        if event.get("exclude_current") and event.get("from_channel") == self.channel_name:
            return
        settings = resolve_frame_settings(self)
        message = event["message"]
        if self._json_hooks_out:
            await self.send_json(message)
        else:
            # The relay ends this channel event: no flush yield after it.
            await self.send(text_data=json.dumps(message))
            if settings.log and isinstance(message, dict):
                self._log_sent(message.get(self.discriminator_field))
        if settings.send_completion:
            await self._send_text(frames.GROUP_COMPLETE_TEXT, settings)

    # -- typed channel events ------------------------------------------------------------------
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
        action = getattr(event, "action", None)
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
            settings = resolve_frame_settings(self)
            if settings.send_completion:
                await self._send_text(frames.EVENT_COMPLETE_TEXT, settings)

    async def handle_event_handler_error(
        self, error: Exception, action: str, event: BaseMessage
    ) -> None:
        """An event handler raised: log only; nothing reaches the client."""
        await logger.aexception(
            f"Event handler error for action '{action}': {error}", consumer=type(self).__name__
        )


ChanxConsumerBase = ChanxWebsocketConsumerMixin
"""Earlier name of the neutral consumer class."""
