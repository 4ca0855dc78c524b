"""``ChanxWebsocketConsumerMixin``: the typed consumer, with no framework in it.

Adapters combine it with their framework's JSON consumer (``chanx.channels.websocket``,
``chanx.fast_channels.websocket``). This class holds the connection's lifecycle (accept,
authenticate, join, disconnect) and the public hooks users override; the work is done by
composed parts:

* ``FramePipeline`` (``chanx.core.pipeline``): every client frame, receive → decode → route
  → answer;
* ``FrameSender`` (``chanx.core.wire.sender``): every frame sent;
* ``ServedConnection`` (``chanx.core.serving``): the ASGI entry point and its dispatch loop;
* ``GroupMembership``, ``ChannelEventHandling``, ``TopicHost``: groups, typed channel-layer
  events and hosted topics.
"""

import asyncio
import functools
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, Generic

import structlog
from pydantic import ValidationError
from typing_extensions import TypeVar

from chanx.core.channel_events import ChannelEventHandling
from chanx.core.connection.frame_guard import FrameGuard
from chanx.core.connection.resilience import join_groups
from chanx.core.consumer_class import prepare_consumer_class
from chanx.core.event_senders import ChannelEventSenders
from chanx.core.groups import GroupMembership
from chanx.core.pipeline import FramePipeline, forwards_to_pipeline
from chanx.core.serving import ServedConnection
from chanx.core.topic_host import TopicHost
from chanx.core.wire import frames
from chanx.core.wire.codec import NoHandlersError
from chanx.core.wire.error_bounds import bounded_validation_entries
from chanx.core.wire.frame_settings import resolve_frame_settings, setting
from chanx.core.wire.sender import FrameSender, send_options
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.observability import state as observability_state
from chanx.utils.logging import logger

ReceiveEvent = TypeVar("ReceiveEvent", bound=BaseMessage, default=BaseMessage)

# ASGI scope extension a test communicator sets to request completion frames (opt-in).
COMPLETION_SCOPE_EXTENSION = "chanx.completion"


class ChanxWebsocketConsumerMixin(
    ServedConnection,
    TopicHost,
    GroupMembership,
    ChannelEventHandling,
    ChannelEventSenders,
    Generic[ReceiveEvent],
):
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
        self._sender = FrameSender(
            write=self._write_text,
            write_json=self._write_json,
            options=functools.partial(send_options, self),
            json_out=self._json_hooks_out,
        )
        guard = FrameGuard(float(setting(self, "rate_limit_period")))
        self._pipeline = FramePipeline(self, self._sender, guard)
        self._closed_for_frames = False
        self._accepted = False
        self._completion_requested = False
        self._topic_router = None
        # The loop serving this connection (``None`` until it starts, or under a framework's).
        self.dispatch_loop = None
        # Topic string -> the ``Topic`` instance of this connection's subscription to it.
        self.subscriptions: dict[str, Any] = {}
        if self.authenticator_class is not None:
            self.authenticator = self.authenticator_class(self.send_message)

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

    async def websocket_disconnect(self, message: Any) -> None:
        """Stop reading frames, cancel in-flight work, leave groups, stop the consumer."""
        logger.info("Disconnecting websocket")
        structlog.contextvars.clear_contextvars()
        self._closed_for_frames = True
        if self.__dict__.pop("_observed_open", False) and observability_state.active is not None:
            observability_state.active.connection_closed(type(self).__name__)
        await self._pipeline.cancel_all()
        if self._topic_router is not None:
            await self._topic_router.leave_all()
        await self._leave_and_stop(message)

    async def _leave_and_stop(self, message: Any) -> None:
        """Leave the groups (retried through a layer outage), call ``disconnect`` and stop."""
        framework_disconnect = super().websocket_disconnect  # type: ignore[misc]
        await self.chanx_adapter.leave_and_stop(self, message, framework_disconnect)

    # -- inbound (public hooks; the work is the pipeline's) -----------------------------------
    @forwards_to_pipeline
    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        """Entry point for every client frame."""
        await self._pipeline.receive(text_data, bytes_data, kwargs)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        """Hook: decoded JSON from the client; schedules ``handle_json``."""
        await self._pipeline.schedule(content, kwargs)

    async def handle_json(self, content: Any, **kwargs: Any) -> None:
        """Hook: validate decoded JSON, route it, and send ``complete`` when enabled."""
        await self._pipeline.handle(content, resolve_frame_settings(self))

    @forwards_to_pipeline
    async def receive_message(self, message: BaseMessage) -> None:
        """Call the ws handler for ``message`` and send back what it returns."""
        await self._pipeline.dispatch(message)

    @forwards_to_pipeline
    async def handle_result(self, result: Any) -> None:
        """Send a handler's return value: one message, or a list/tuple of messages in order."""
        await self._pipeline.answer(result)

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

    def _write_json(self, content: Any) -> Awaitable[None]:
        """The sender's JSON writer: this connection's ``send_json``, as replaced or not."""
        return self.send_json(content)

    async def send_json(self, content: Any, close: bool = False) -> None:
        """Framework JSON send, then logging and an optional flush point."""
        await super().send_json(content, close=close)  # type: ignore[misc]
        if isinstance(content, dict):
            self._sender.log_sent(content.get(self.discriminator_field))
        if setting(self, "send_message_immediately"):
            await asyncio.sleep(0)


ChanxConsumerBase = ChanxWebsocketConsumerMixin
"""Earlier name of the neutral consumer class."""
