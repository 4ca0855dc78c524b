"""Class creation, settings resolution and connection lifecycle of a chanx consumer."""

import asyncio
from collections.abc import Awaitable, Callable, Collection, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar

import humps
import structlog
from pydantic import TypeAdapter

from chanx.constants import COMPLETE_ACTIONS
from chanx.core.authenticator import BaseAuthenticator
from chanx.core.config import Config
from chanx.core.handlers import (
    HandlerTable,
    build_handler_table,
    handler_messages,
    merged_class_list,
    tagged_union_adapter,
)
from chanx.core.registry import message_registry
from chanx.core.resilience import resilient_receive
from chanx.core.topic import Topic, topic_output_types
from chanx.core.topic_router import TopicRouter
from chanx.messages.base import BaseMessage
from chanx.type_defs import AsyncAPIHandlerInfo
from chanx.utils import scope as scope_utils
from chanx.utils.logging import logger

# Hooks of the JSON path; when a subclass overrides one, frames take the dict path so the
# override is honoured.
_PIPELINE_HOOKS = ("receive_json", "handle_json", "decode_json")
_SEND_HOOKS = ("send_json", "encode_json")
# When neither is overridden, a frame's final reply may skip its flush yield (OutboundMixin._deliver).
_REPLY_HOOKS = ("handle_result", "send_message")
# When not overridden, the fast path routes frames itself (``InboundPipelineMixin._route``).
_ROUTING_HOOKS = ("receive_message",)
# ASGI scope extension a test communicator sets to request completion frames (opt-in).
COMPLETION_SCOPE_EXTENSION = "chanx.completion"
# Close code when the topic named by a default-topic consumer's URL is refused.
CLOSE_TOPIC_REFUSED = 4403


class ChanxConsumerBase:
    """State and lifecycle shared by every framework adapter."""

    # -- framework binding, set by each adapter (chanx.ext.*.websocket) ------------------
    _chanx_config: ClassVar[Any] = Config()
    _chanx_adapter_base: ClassVar[type | None] = None

    # Channel layers living in this process (no outage to survive): set by each adapter.
    _in_process_layer_types: ClassVar[tuple[type, ...]] = ()

    @staticmethod
    def _get_channel_layer(alias: Any) -> Any:
        return None

    # -- user configuration --------------------------------------------------------------
    # ``None`` (the default) means "not set here: use the adapter's configuration". Declaring
    # the defaults keeps every per-frame settings read a plain attribute hit.
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
    # Topics this connection may subscribe to (matched in order), and the one frames without
    # a ``topic`` go to (subscribed on connect from the URL parameters).
    topics: ClassVar[list[type[Topic]]] = []
    default_topic: ClassVar[type[Topic] | None] = None
    max_subscriptions: int | None = None

    # -- provided by the framework per connection ---------------------------------------
    groups: list[str]
    # Not a ClassVar: fast-channels declares it as an instance attribute, and subclasses of
    # both adapters must be able to assign it under strict mypy.
    channel_layer_alias: Any
    channel_layer: Any
    channel_name: str
    scope: Any

    # -- computed per class ------------------------------------------------------------------
    name: ClassVar[str]
    snake_name: ClassVar[str]
    _MESSAGE_HANDLER_INFO_MAP: ClassVar[dict[str, AsyncAPIHandlerInfo]] = {}
    _EVENT_HANDLER_INFO_MAP: ClassVar[dict[str, AsyncAPIHandlerInfo]] = {}
    incoming_message_adapter: ClassVar[TypeAdapter[Any] | None] = None
    incoming_event_adapter: ClassVar[TypeAdapter[Any] | None] = None
    outgoing_message_adapter: ClassVar[TypeAdapter[Any]]
    _handler_table: ClassVar[HandlerTable]
    _merged_extra_groups: ClassVar[list[str]] = []
    _pipeline_untouched: ClassVar[bool] = True
    _send_untouched: ClassVar[bool] = True
    _reply_untouched: ClassVar[bool] = True
    _routing_untouched: ClassVar[bool] = True
    # A default topic takes every frame, so no frame may skip the envelope step.
    _routes_all_frames: ClassVar[bool] = False
    _topic_classes: ClassVar[list[type[Topic]]] = []

    _inflight: set[asyncio.Task[None]]
    _channel_receive: Callable[[], Awaitable[Any]]

    if TYPE_CHECKING:
        # Provided by the other mixins and by the framework consumer.
        async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None: ...
        async def send_json(self, content: Any, close: bool = False) -> None: ...

        # ``*args: Any, **kwargs: Any`` stubs are compatible with every framework's own
        # signature, so a user's consumer that adds a mixin still type-checks.
        async def send(self, *args: Any, **kwargs: Any) -> None: ...
        async def accept(self, *args: Any, **kwargs: Any) -> None: ...
        async def close(self, *args: Any, **kwargs: Any) -> None: ...

        async def _send_frame_text(self, text: str, *, flush: bool = True) -> None: ...
        async def _deliver(self, message: BaseMessage, *, validate: bool, flush: bool) -> None: ...
        async def handle_result(self, result: Any) -> None: ...
        async def _send_final_result(self, result: Any) -> None: ...
        async def _cancel_inflight(self) -> None: ...
        def _direct_send(self) -> bool: ...
        async def _run(self, coro: Coroutine[Any, Any, None]) -> None: ...
        @classmethod
        async def decode_json(cls, text_data: str) -> Any: ...

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.name = cls.__name__.removesuffix("Consumer")
        cls.snake_name = humps.decamelize(cls.name)
        if cls.__name__ == "AbstractAsyncJsonWebsocketConsumer":
            return
        table = build_handler_table(cls, cls.discriminator_field)
        cls._handler_table = table
        cls._MESSAGE_HANDLER_INFO_MAP = table.message_infos
        cls._EVENT_HANDLER_INFO_MAP = table.event_infos
        cls.incoming_message_adapter = table.incoming_message_adapter
        cls.incoming_event_adapter = table.incoming_event_adapter
        cls.outgoing_message_adapter = table.outgoing_message_adapter
        cls._merged_extra_groups = merged_class_list(cls, "extra_groups")
        base = cls._chanx_adapter_base
        cls._pipeline_untouched = base is None or all(
            _defined(cls, hook) is _defined(base, hook) for hook in _PIPELINE_HOOKS
        )
        cls._send_untouched = base is None or all(
            _defined(cls, hook) is _defined(base, hook) for hook in _SEND_HOOKS
        )
        cls._reply_untouched = base is None or all(
            _defined(cls, hook) is _defined(base, hook) for hook in _REPLY_HOOKS
        )
        cls._routing_untouched = base is None or all(
            _defined(cls, hook) is _defined(base, hook) for hook in _ROUTING_HOOKS
        )
        _bind_topics(cls)
        messages = handler_messages(table)
        if messages:
            message_registry.add(messages, cls.__name__)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A fresh per-instance list: appending a dynamic group never leaks to other connections.
        own = list(getattr(self, "groups", None) or [])
        self.groups = own + [g for g in self._merged_extra_groups if g not in own]
        self._inflight = set()
        self._rate_window_start = 0.0
        self._rate_window_count = 0
        self._closed_for_frames = False
        self._topic_router: TopicRouter | None = None
        if self.authenticator_class is not None:
            self.authenticator = self.authenticator_class(self.send_message)

    # -- settings ----------------------------------------------------------------------------
    def _setting(self, name: str) -> Any:
        """Consumer attribute if set, else the adapter's configuration (live)."""
        value = getattr(self, name, None)
        if value is None:
            return getattr(self._chanx_config, name)
        return value

    @property
    def should_send_completion(self) -> bool:
        return bool(self._setting("send_completion"))

    @property
    def should_camelize(self) -> bool:
        return bool(self._setting("camelize"))

    @property
    def all_log_ignored_actions(self) -> set[str]:
        return set(self._setting("log_ignored_actions") or ()) | COMPLETE_ACTIONS

    @property
    def url_params(self) -> dict[str, Any]:
        """Path captures of this connection's route (Channels or Starlette)."""
        return scope_utils.path_params(self.scope)

    @property
    def topic_router(self) -> TopicRouter:
        """This connection's topic subscriptions (created on first use)."""
        router = self._topic_router
        if router is None:
            default = self.default_topic
            router = self._topic_router = TopicRouter(
                self,
                self._topic_classes,
                max_subscriptions=int(self._setting("max_subscriptions")),
                default_topic=default.topic_for(**self.url_params) if default else None,
            )
        return router

    # -- channel layer -------------------------------------------------------------------------
    # The framework assigns ``self.channel_receive`` in ``__call__``; wrapping it keeps a layer
    # outage (Redis restart) from ending the connection (chanx.core.resilience).
    @property
    def channel_receive(self) -> Callable[[], Awaitable[Any]]:
        return self._channel_receive

    @channel_receive.setter
    def channel_receive(self, raw: Callable[[], Awaitable[Any]]) -> None:
        layer = getattr(self, "channel_layer", None)
        if isinstance(layer, self._in_process_layer_types):
            self._channel_receive = raw  # nothing to survive: no wrapper on each delivery
        else:
            self._channel_receive = resilient_receive(self, raw)

    # -- lifecycle -----------------------------------------------------------------------------
    async def websocket_connect(self, message: Any) -> None:
        """Accept, authenticate, join groups, then run ``post_authentication``."""
        if COMPLETION_SCOPE_EXTENSION in (self.scope.get("extensions") or {}):
            # A test client asked for completion frames on this connection only (chanx.testing).
            self.send_completion = True
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
        if self.default_topic is not None and not await self._subscribe_default_topic():
            return
        await self.post_authentication()

    async def _subscribe_default_topic(self) -> bool:
        """Subscribe the default topic named by the URL; close the connection if refused."""
        router = self.topic_router
        assert router.default_topic is not None
        if await router.subscribe(router.default_topic, reply=False):
            return True
        self._closed_for_frames = True
        await self.close(code=CLOSE_TOPIC_REFUSED)
        return False

    async def post_authentication(self) -> None:
        """Hook for connect-time work after a successful authentication."""

    async def websocket_disconnect(self, message: Any) -> None:
        """Stop reading frames, cancel in-flight work, leave groups, stop the consumer."""
        await logger.ainfo("Disconnecting websocket")
        structlog.contextvars.clear_contextvars()
        self._closed_for_frames = True
        await self._cancel_inflight()
        if self._topic_router is not None:
            await self._topic_router.leave_all()
        await self._leave_and_stop(message)

    async def _leave_and_stop(self, message: Any) -> None:
        """Leave the groups, call ``disconnect`` and stop: the framework's own disconnect."""
        await super().websocket_disconnect(message)  # type: ignore[misc]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)  # type: ignore[misc]
        finally:
            # No frame task outlives its connection, however the application ended.
            if self._inflight:
                await self._cancel_inflight()


def _bind_topics(cls: type[ChanxConsumerBase]) -> None:
    """Check ``topics``/``default_topic``; let the consumer send what its topics send."""
    topics = list(cls.topics)
    default = cls.default_topic
    if default is not None and default not in topics:
        topics.insert(0, default)
    for topic in topics:
        if not (isinstance(topic, type) and issubclass(topic, Topic)) or not topic.pattern:
            raise TypeError(f"{cls.__name__}.topics item {topic!r} must be a Topic with a pattern")
        topic._served_by.append(cls)
    cls._topic_classes = topics
    cls._routes_all_frames = default is not None
    if default is not None:
        cls._pipeline_untouched = False
    if topics:
        outputs = topic_output_types(cls._handler_table)
        for topic in topics:
            own = topic_output_types(topic._handler_table, topic.extra_outputs)
            outputs += [t for t in own if t not in outputs]
        cls.outgoing_message_adapter = tagged_union_adapter(outputs, cls.discriminator_field)


def _defined(cls: type, name: str) -> Any:
    """The raw attribute ``name`` as defined along the MRO (no descriptor binding)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None
