"""``ChanxWebsocketConsumerMixin``: the typed consumer, with no framework in it.

Adapters combine it with their framework's JSON consumer (``chanx.channels.websocket``,
``chanx.fast_channels.websocket``). Every client frame takes one path::

    receive ─► _handle_frame: decode (chanx.core.wire.codec) ─► receive_message ─► handler
                              replies, errors and ``complete`` through one send method

What differs between consumer classes (a JSON hook overridden?) is decided once, when the
class is created. Helpers are composed objects: ``FrameGuard`` (binary frames, size, rate),
``FrameRunner`` (concurrency and backpressure), ``FrameSender`` (every frame sent) and the
decoder in ``chanx.core.wire.codec``. The connection itself (socket and channel layer, one
message at a time) is served by ``chanx.core.connection.dispatch_loop`` instead of the framework's loop.
"""

import asyncio
from collections.abc import Awaitable, Callable, Collection
from time import perf_counter
from typing import TYPE_CHECKING, Any, Generic

import humps
import structlog
from pydantic import ValidationError
from typing_extensions import TypeVar

from chanx.core.connection.concurrency import FrameRunner
from chanx.core.connection.dispatch_loop import DispatchLoop, serve_consumer
from chanx.core.connection.frame_guard import FrameGuard
from chanx.core.connection.layer_watch import watch_layer
from chanx.core.connection.log_budget import warn_limited
from chanx.core.connection.origins import refuse_foreign_origin
from chanx.core.connection.resilience import join_groups, leave_groups, resilient_receive
from chanx.core.consumer_class import prepare_consumer_class
from chanx.core.consumer_settings import ConsumerSettings
from chanx.core.envelope import (
    TopicErrorReason,
    add_envelope,
    current_ref,
)
from chanx.core.event_senders import ChannelEventSenders
from chanx.core.topics.router import TopicRouter
from chanx.core.topics.sender import stamp_suffix, topic_stamp, topic_suffix
from chanx.core.wire import frame_log, frames
from chanx.core.wire.codec import (
    DecodedFrame,
    NoHandlersError,
    decode_frame,
    is_unvalidated,
    may_carry_envelope,
    plain_message,
    validate_body,
)
from chanx.core.wire.error_bounds import bounded_validation_entries
from chanx.core.wire.frame_settings import FrameSettings, resolve_frame_settings, setting
from chanx.core.wire.outbound import group_list, group_message, result_messages
from chanx.core.wire.sender import FrameSender
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.observability import state as observability_state
from chanx.utils.logging import logger

ReceiveEvent = TypeVar("ReceiveEvent", bound=BaseMessage, default=BaseMessage)

# ASGI scope extension a test communicator sets to request completion frames (opt-in).
COMPLETION_SCOPE_EXTENSION = "chanx.completion"
# ASGI scope extension of an in-process test client: an object whose ``attach(consumer)``
# the consumer calls when it starts, so the client can ask ``has_work_in_flight()``.
ACTIVITY_SCOPE_EXTENSION = "chanx.activity"


class ChanxWebsocketConsumerMixin(ConsumerSettings, ChannelEventSenders, Generic[ReceiveEvent]):
    """Typed routing, sending, groups, events and completion signals for any adapter.

    The type parameter types the ``event`` argument of ``send_event``/``broadcast_event``.
    """

    if TYPE_CHECKING:
        # The framework's methods. ``*args: Any, **kwargs: Any`` keeps users' consumers with
        # extra mixins type-checking against either framework's own signatures.
        async def send(self, *args: Any, **kwargs: Any) -> None: ...
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
        self._sender = FrameSender(self, json_out=self._json_hooks_out)
        self._guard = FrameGuard(float(setting(self, "rate_limit_period")))
        self._closed_for_frames = False
        self._accepted = False
        self._completion_requested = False
        self._topic_router: TopicRouter | None = None
        # The loop serving this connection (``None`` until it starts, or under a framework's).
        self.dispatch_loop: DispatchLoop | None = None
        # Topic string -> the ``Topic`` instance of this connection's subscription to it.
        self.subscriptions: dict[str, Any] = {}
        if self.authenticator_class is not None:
            self.authenticator = self.authenticator_class(self.send_message)

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
            watch_layer(self)

    # -- lifecycle -----------------------------------------------------------------------------
    async def websocket_connect(self, message: Any) -> None:
        """Accept, authenticate, join groups, then run ``post_authentication``."""
        if COMPLETION_SCOPE_EXTENSION in (self.scope.get("extensions") or {}):
            self.send_completion = True  # a test client asked for completion frames
            self._completion_requested = True
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
        if not await join_groups(self):  # layer down (e.g. Redis outage): "try again later"
            self._closed_for_frames = True
            await self.close(code=1013)
            return
        if self._connect_overridden:
            # The class's own ``connect``, as Channels calls it: authenticated and in its
            # groups by now; it may close the connection to refuse it.
            await self.connect()  # type: ignore[attr-defined]
            if self._closed_for_frames:
                return
        try:
            await self.post_authentication()
        except Exception as exc:  # e.g. a group_add during a Redis outage: a clear close code
            await logger.aexception(f"post_authentication raised: {exc!r}"[:300])
            self._closed_for_frames = True
            await self.close(code=1011)
            return
        if self.default_topic is not None and not self._closed_for_frames:
            # Subscribed as a client ``subscribe`` would be, without a ``ref``: the client
            # gets ``subscribed`` (or the refusal) unprompted and the connection stays open.
            router = self.topic_router
            assert router.default_topic is not None
            await router.subscribe(router.default_topic)
        if observability_state.active is not None and not self._closed_for_frames:
            self._observed_open = True
            observability_state.active.connection_opened(type(self).__name__)

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        """Accept the WebSocket once (a second call, e.g. from an overridden ``connect``, is a no-op)."""
        if self._accepted:
            return
        self._accepted = True
        if headers is None:
            await super().accept(subprotocol=subprotocol)  # type: ignore[misc]
        else:
            await super().accept(subprotocol=subprotocol, headers=headers)  # type: ignore[misc]

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        """Stop taking frames, then close the socket (``code`` and ``reason`` as the framework's)."""
        self._closed_for_frames = True
        if reason is None:
            await super().close(code=code)  # type: ignore[misc]
        else:
            await super().close(code=code, reason=reason)  # type: ignore[misc]

    async def post_authentication(self) -> None:
        """Hook for connect-time work after a successful authentication."""

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
        return self._closed_for_frames

    async def handle_topic_event(self, event: dict[str, Any]) -> None:
        """Channel-layer handler for ``Topic.broadcast``: the subscribed topic handles it.

        Not subscribed to the event's topic: ignored. Frames sent meanwhile carry the
        publication's ``seq`` and no ``ref``.
        """
        if self._topic_router is not None:
            await self._topic_router.handle_event(event)

    async def websocket_disconnect(self, message: Any) -> None:
        """Stop reading frames, cancel in-flight work, leave groups, stop the consumer."""
        logger.info("Disconnecting websocket")
        structlog.contextvars.clear_contextvars()
        self._closed_for_frames = True
        if self.__dict__.pop("_observed_open", False) and observability_state.active is not None:
            observability_state.active.connection_closed(type(self).__name__)
        await self._frames.cancel_all()
        if self._topic_router is not None:
            await self._topic_router.leave_all()
        await self._leave_and_stop(message)

    async def _leave_and_stop(self, message: Any) -> None:
        """Leave the groups (retried, chanx.core.connection.resilience), call ``disconnect`` and stop."""
        await leave_groups(self)
        groups, self.groups = self.groups, []  # already left: the framework has nothing to do
        try:
            await super().websocket_disconnect(message)  # type: ignore[misc]
        finally:
            self.groups = groups

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """ASGI entry point: the socket and the channel layer, served by one dispatch loop."""
        if await refuse_foreign_origin(self, scope, receive, send):
            return  # closed before accept: the server answers HTTP 403
        activity = (scope.get("extensions") or {}).get(ACTIVITY_SCOPE_EXTENSION)
        if activity is not None:
            activity.attach(self)
        try:
            if self._chanx_adapter_base is None:
                # Combined with a framework by hand: that framework's own loop serves it.
                await super().__call__(scope, receive, send)  # type: ignore[misc]
            else:
                await serve_consumer(
                    self,
                    scope,
                    receive,
                    send,
                    dispatch=self._loop_dispatch(),
                    stop=self._stop_consumer,
                    busy=self._frames_running,
                )
        finally:
            # No frame task outlives its connection, however the application ended.
            await self._frames.cancel_all()

    def _loop_dispatch(self) -> Callable[[Any], Awaitable[None]]:
        """What the dispatch loop calls with each message: frames go straight to ``receive``.

        The framework's ``dispatch`` → ``websocket_receive`` → ``receive`` chain does nothing
        else for a frame (the Django adapter's ``_before_frame`` keeps its database
        clean-up); a class or instance that replaces either hook gets the full chain.
        """
        framework_dispatch = self.dispatch  # type: ignore[attr-defined]
        if not self._frames_direct or {"dispatch", "websocket_receive"} & self.__dict__.keys():
            return framework_dispatch  # type: ignore[no-any-return]

        async def dispatch(message: Any) -> None:
            if message["type"] != "websocket.receive":
                await framework_dispatch(message)
                return
            before = self._before_frame()
            if before is not None:
                await before
            text = message.get("text")
            if text is not None:
                await self.receive(text_data=text)
            else:
                await self.receive(bytes_data=message["bytes"])

        return dispatch

    def _before_frame(self) -> Awaitable[None] | None:
        """Work the framework does before each frame's handler (``None``: nothing to do)."""
        return None

    def _frames_running(self) -> bool:
        return self._frames.inflight > 0

    def has_work_in_flight(self) -> bool:
        """Whether a frame or channel message of this connection is still being handled."""
        loop = self.dispatch_loop
        return self._frames.inflight > 0 or (loop is not None and loop.held_messages > 0)

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
        elif self._frames.starts_now(settings.max_concurrent_messages):
            self._frames.start(self._handle_frame(text_data, settings))  # no coroutine between
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
        """Decode, route and answer one frame; ``complete`` follows whatever happened.

        A frame addressed to a topic is answered by the topic: its completion follows the
        topic's setting, not this consumer's.
        """
        ref_token = None
        log_tokens = None
        completes = settings.send_completion
        try:
            table = self._handler_table
            message = None
            carries = None
            if type(raw) is str and not (settings.camelize or self._routes_all_frames):
                carries = may_carry_envelope(raw)
                if not carries:
                    message = plain_message(raw, table)  # the common case: valid, no envelope
            if message is None:
                frame = decode_frame(
                    raw,
                    table,
                    camelize=settings.camelize,
                    defer_all=self._routes_all_frames,
                    carries_envelope=carries,
                )
                if frame.ref is not None:
                    ref_token = current_ref.set(frame.ref)
                elif frame.problem == "bad_envelope":
                    completes = False  # refused before it reached anything that completes
                if is_unvalidated(frame) and (frame.topic is not None or self._routes_all_frames):
                    completes = False
                    await self.topic_router.handle_frame(frame)
                    return
                if settings.log:
                    action = frame.action
                    if frame.message is not None:
                        action = getattr(frame.message, self.discriminator_field, action)
                    log_tokens = self._log_received(action)
                message = await self._route_decoded(frame)
            elif settings.log:
                log_tokens = self._log_received(getattr(message, self.discriminator_field, None))
            if message is not None:
                await self.receive_message(message)
        except Exception as exc:
            await self.handle_json_processing_error(exc)
        finally:
            if completes:
                await self._sender.fixed(frames.COMPLETE_TEXT)
            if log_tokens is not None:
                frame_log.unbind(log_tokens)
            if ref_token is not None:
                current_ref.reset(ref_token)

    def _log_received(self, action: Any) -> Any:
        tokens = frame_log.bind_received(action)
        if action not in self.all_log_ignored_actions:
            frame_log.log_received()
        return tokens

    async def _route_decoded(self, frame: DecodedFrame) -> BaseMessage | None:
        """The message of a decoded frame, or ``None`` once a bad frame was answered."""
        if is_unvalidated(frame):
            frame = validate_body(self._handler_table, frame)
        if frame.message is not None:
            return frame.message
        if frame.error is not None:
            await self.handle_validation_error(frame.error)
        elif frame.problem == "not_object":
            await self.send_message(ErrorMessage(payload=frames.NOT_AN_OBJECT_ERRORS))
        else:
            await self._reply_undecodable()
        return None

    async def receive_message(self, message: BaseMessage) -> None:
        """Call the ws handler for ``message`` and send back what it returns."""
        table = self._handler_table
        method_name = table.message_methods.get(type(message))
        if method_name is None:
            action = getattr(message, self.discriminator_field, None)
            method_name = table.message_infos[str(action)]["method_name"]
        inst = observability_state.active
        started = perf_counter() if inst is not None else 0.0
        outcome = "ok"
        try:
            result = await getattr(self, method_name)(message)
            if result is not None:
                await self.handle_result(result)
        except Exception as exc:
            outcome = "handler_error"
            action = getattr(message, self.discriminator_field, None)
            await self.handle_message_handler_error(exc, str(action), message)
        if inst is not None:
            action = getattr(message, self.discriminator_field, None)
            inst.frame_handled(type(self).__name__, str(action), perf_counter() - started, outcome)

    async def handle_result(self, result: Any) -> None:
        """Send a handler's return value: one message, or a list/tuple of messages in order."""
        if isinstance(result, BaseMessage) and not self._send_message_hooked:
            # One reply, and it ends the frame: no flush yield after it.
            await self._sender.message(result, flush=False)
            return
        items = result_messages(result)
        if self._send_message_hooked:
            for item in items:
                await self.send_message(item)
            return
        for item in items[:-1]:
            await self._sender.message(item, flush=True)
        if items:
            # The frame ends right after its last reply: no flush yield needed for it.
            await self._sender.message(items[-1], flush=False)

    # -- errors (overridable) --------------------------------------------------------------
    async def handle_validation_error(self, error: ValidationError) -> None:
        """A frame failed validation: send the validation entries to the client."""
        await self.send_message(ErrorMessage(payload=bounded_validation_entries(error)))

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
        await warn_limited(self, "Undecodable websocket frame")
        await self.send_message(ErrorMessage(payload={"detail": frames.PROCESSING_FAILED_DETAIL}))

    async def _refuse(self, detail: str, settings: FrameSettings) -> None:
        await warn_limited(self, "Websocket frame rejected", detail=detail)
        await self.send_message(ErrorMessage(payload={"detail": detail}))
        if settings.send_completion:
            await self._sender.fixed(frames.COMPLETE_TEXT)

    # -- outbound ------------------------------------------------------------------------------
    async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None:
        """Send ``message`` to this client (camelised when the consumer camelises)."""
        if validate:
            try:
                self.outgoing_message_adapter.validate_python(message.model_dump(mode="json"))
            except ValidationError as exc:
                await logger.aexception(f"Outgoing message validation failed: {exc}")
                raise
        await self._sender.message(message, flush=True)

    async def send_json(self, content: Any, close: bool = False) -> None:
        """Framework JSON send, then logging and an optional flush point."""
        await super().send_json(content, close=close)  # type: ignore[misc]
        if isinstance(content, dict):
            self._sender.log_sent(content.get(self.discriminator_field))
        if setting(self, "send_message_immediately"):
            await asyncio.sleep(0)

    # -- topics: frames on a topic, stamped with it ------------------------------------------
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
        await self.send_topic_message(
            topic, ErrorMessage(payload={"reason": str(reason), "detail": detail})
        )

    # -- groups ------------------------------------------------------------------------------
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
        for group in targets:
            await layer.group_send(group, event)

    async def handle_group_message(self, event: dict[str, Any]) -> None:
        """Channel-layer handler: forward a group broadcast to this client."""
        if event.get("exclude_current") and event.get("from_channel") == self.channel_name:
            return
        await self._sender.relay(event["message"])
        if self.should_send_completion:
            await self._sender.fixed(frames.GROUP_COMPLETE_TEXT)

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


ChanxConsumerBase = ChanxWebsocketConsumerMixin
"""Earlier name of the neutral consumer class."""
