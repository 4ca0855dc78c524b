"""``Topic``: a consumer of its own for one family of subscribable streams on a connection.

A topic class names its streams with a ``pattern`` (``"discussion:{id}"``), decides who may
subscribe (``authorize``) and handles what is addressed to a subscription with its own
``@ws_handler``/``@event_handler`` methods. It is a consumer class (the consumer mixin), generic
over its event type: ``class RoomTopic(Topic[RoomEvent])``. The hosting connection builds one
instance per subscription as ``TopicClass(consumer, topic)``; everything the instance sends
goes through its own ``send_message``/``send_json`` and leaves on the hosting connection,
stamped with the topic (chanx.core.topics.sender). Subscriptions are kept by
``chanx.core.topics.router.TopicRouter``.
"""

import re
from typing import TYPE_CHECKING, Any, ClassVar

from asgiref.sync import async_to_sync

from chanx.core.config import Config
from chanx.core.consumer import ChanxWebsocketConsumerMixin, ReceiveEvent
from chanx.core.envelope import TOPIC_EVENT_TYPE
from chanx.core.framework_adapter import FrameworkAdapter
from chanx.core.pipeline import FramePipeline
from chanx.core.topics.sender import TopicSender
from chanx.core.topics.stores import record
from chanx.core.wire.codec import DecodedFrame
from chanx.messages.base import BaseMessage
from chanx.observability import state as observability_state
from chanx.utils.framework import channel_layer, consumer_base, detect_framework
from chanx.utils.groups import topic_group_name

if TYPE_CHECKING:
    from chanx.core.topics.history import HistoryStore
    from chanx.core.topics.presence import PresenceStore

__all__ = ["TOPIC_EVENT_TYPE", "Topic", "compile_pattern"]

# ``{name}`` in a pattern: one parameter, matching one or more characters other than ``:``.
_PARAM = re.compile(r"\{(\w+)\}")


def compile_pattern(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The full-match regex of a topic pattern and its parameter names, in order.

    Literal text matches itself (``.`` and ``+`` too); a repeated name is a ``re.error``.
    """
    pieces = _PARAM.split(pattern)
    regex = ""
    names: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            names.append(piece)
            regex += f"(?P<{piece}>[^:]+)"
        else:
            regex += re.escape(piece)
    return re.compile(regex), tuple(names)


class Topic(ChanxWebsocketConsumerMixin[ReceiveEvent]):
    """Subclass with a ``pattern`` and handlers; list it in a consumer's ``topics``.

    Instance attributes: ``consumer`` (the hosting consumer), ``topic`` (the topic string),
    ``params`` (its pattern parameters), and from the consumer ``scope``, ``channel_name``,
    ``channel_layer`` and ``channel_layer_alias``. A class without a ``pattern`` is an
    abstract base for other topics.
    """

    pattern: ClassVar[str]
    param_names: ClassVar[tuple[str, ...]] = ()
    channel_layer_alias: str = "default"
    groups: list[str] = []
    # Messages sent outside handler results (``on_subscribe`` state): an older name of ``emits``.
    extra_outputs: ClassVar[list[type[BaseMessage]]] = []
    # History (docs/history.md), opt-in: keep the newest ``history_size`` publications (0:
    # none), each for at most ``history_ttl`` seconds (``None``: no age limit); ``None`` store:
    # the channel layer's.
    history_size: ClassVar[int] = 0
    history_ttl: ClassVar[float | None] = 300.0
    history_store: ClassVar["HistoryStore | None"] = None
    # A recovery (``since``) of more publications than this is refused (``recovered: false``):
    # what a reconnecting client may ask of the store and of this process is bounded.
    history_recovery_limit: ClassVar[int] = 1000
    # Presence, opt-in: track who is subscribed; ``presence_pushes`` sends ``presence_join`` /
    # ``presence_leave``. A member of a dead process is gone ``presence_ttl`` seconds after
    # its last heartbeat.
    track_presence: ClassVar[bool] = False
    presence_pushes: ClassVar[bool] = False
    presence_ttl: ClassVar[float] = 30.0
    presence_store: ClassVar["PresenceStore | None"] = None

    _chanx_topic: ClassVar[bool] = True
    _matcher: ClassVar[re.Pattern[str] | None] = None
    # Consumer classes that host this topic (their layer lookup publishes for it).
    _served_by: ClassVar[list[type[Any]]] = []

    consumer: Any
    topic: str
    params: dict[str, str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "pattern" in cls.__dict__:
            cls._matcher, cls.param_names = compile_pattern(cls.pattern)
        cls._served_by = []
        super().__init_subclass__(**kwargs)

    def __init__(self, consumer: Any, topic: str) -> None:
        self.consumer = consumer
        self.topic = topic
        found = self._matcher.fullmatch(topic) if self._matcher is not None else None
        self.params = found.groupdict() if found else {}
        self.scope = consumer.scope
        self.channel_name = consumer.channel_name
        self.channel_layer = consumer.channel_layer
        self.channel_layer_alias = consumer.channel_layer_alias
        self.subscriptions = {}
        own = list(self.groups)
        self.groups = own + [g for g in self._merged_extra_groups if g not in own]
        # The connection's framework and configuration (Django's CHANX or the defaults).
        self.chanx_adapter = consumer.chanx_adapter  # type: ignore[misc]
        self._sender = TopicSender(self)
        self._pipeline = FramePipeline(self, self._sender)
        self.authenticator = None
        if self.authenticator_class is not None:
            self.authenticator = self.authenticator_class(self.send_message)

    # -- hooks ---------------------------------------------------------------------------------
    async def authorize(self, **params: str) -> bool:
        """May this connection subscribe? Called with the pattern's parameters (default: yes)."""
        return True

    async def on_subscribe(self) -> None:
        """After ``subscribed`` went out: send initial state (its frames carry no ``ref``)."""

    async def on_unsubscribe(self) -> None:
        """Before leaving the topic: on ``unsubscribe`` and when the connection ends."""

    async def presence_info(self) -> dict[str, Any]:
        """What presence replies say about this subscriber (default: nothing but its id)."""
        return {}

    # -- frames addressed to the subscription ---------------------------------------------------
    async def _handle_topic_frame(self, frame: DecodedFrame) -> None:
        """Validate a frame addressed to this subscription, run its handler, answer it."""
        await self._pipeline.handle_topic_frame(frame)

    # -- sending -------------------------------------------------------------------------------
    async def send_json(self, content: dict[str, Any], close: bool = False) -> None:
        """Send ``content`` on the hosting connection, stamped with this topic."""
        await self.consumer.send_topic_json(self.topic, content)
        if close:
            await self.consumer.close()

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        """Close the hosting connection."""
        await self.consumer.close(code=code, reason=reason)

    @property
    def should_camelize(self) -> bool:
        """A topic writes the hosting connection's wire format."""
        return bool(self.consumer.should_camelize)

    @property
    def should_send_completion(self) -> bool:
        """The topic class's own ``send_completion``, else the configuration's (not the host's)."""
        own = self.send_completion
        if own is not None:
            return bool(own)
        if getattr(self.consumer, "_completion_requested", False):
            return True  # a test connection asked for completion frames
        return bool(self.chanx_adapter.config.send_completion)

    def _connection_closed(self) -> bool:
        return bool(self.consumer._connection_closed())

    # -- names ---------------------------------------------------------------------------------
    @classmethod
    def parse(cls, topic: str) -> dict[str, str] | None:
        """The parameters of ``topic`` when it matches the whole pattern, else ``None``."""
        if cls._matcher is None:
            raise AttributeError(f"{cls.__name__} has no pattern: it cannot match topics")
        found = cls._matcher.fullmatch(topic)
        return found.groupdict() if found else None

    @classmethod
    def match(cls, topic: str) -> dict[str, str] | None:
        """``parse``, but ``None`` for a class without a pattern."""
        return None if cls._matcher is None else cls.parse(topic)

    @classmethod
    def topic_for(cls, **params: Any) -> str:
        """The topic string of ``params`` (``DiscussionTopic.topic_for(id=5)`` → ``discussion:5``)."""
        missing = [name for name in cls.param_names if name not in params]
        if missing:
            raise ValueError(f"{cls.__name__} needs parameters {missing} to name a topic")
        topic = _PARAM.sub(lambda m: str(params[m.group(1)]), cls.pattern)
        if cls.match(topic) is None:
            raise ValueError(f"{topic!r} does not match {cls.__name__}.pattern {cls.pattern!r}")
        return topic

    @classmethod
    def group_name(cls, topic: str) -> str:
        """Channel-layer group of ``topic`` (``discussion:5`` → ``DiscussionTopic.discussion-5``).

        The class name is the namespace, so two topic classes never share a group; distinct
        topics always get distinct groups (``chanx.utils.groups.topic_group_name``).
        """
        return topic_group_name(topic, cls.__name__)

    # -- publishing ----------------------------------------------------------------------------
    @classmethod
    def get_channel_layer(cls, alias: str) -> Any:
        """The channel layer registered under ``alias`` (``None`` when there is none).

        A topic hosted by a consumer class uses that consumer's layer lookup; otherwise the
        framework this process uses (``chanx.utils.framework.channel_layer``).
        """
        for consumer in reversed(cls._served_by):
            layer = consumer.get_channel_layer(alias)
            if layer is not None:
                return layer
        return channel_layer(alias)

    @classmethod
    def _publish_layer(cls) -> Any:
        alias = cls.channel_layer_alias
        layer = cls.get_channel_layer(alias)
        if layer is None:
            raise LookupError(
                f"No channel layer registered under alias '{alias}' for the "
                f"'{detect_framework()}' integration. chanx resolves the integration once per "
                "process from DJANGO_SETTINGS_MODULE, so a single process cannot serve both "
                "channels and fast_channels."
            )
        return layer

    @classmethod
    async def broadcast(cls, topic: str, event: BaseMessage, seq: int | None = None) -> Any:
        """Publish ``event`` to every subscriber of ``topic``, on any process.

        Each subscriber's ``@event_handler`` for the event decides what its client gets;
        ``seq`` (the caller's number, for gap detection) travels on those frames. A history
        topic stores the event first and returns its ``offset`` (other topics: ``None``).
        """
        message: dict[str, Any] = {
            "type": TOPIC_EVENT_TYPE,
            "topic": topic,
            "seq": seq,
            "event_data": event.model_dump(mode="json"),
        }
        if cls.history_size > 0:  # stored first: its offset travels with it
            await record(cls, topic, message)
        if observability_state.active is not None:
            await observability_state.active.publish(
                cls._publish_layer().group_send,
                [cls.group_name(topic)],
                message,
                cls.__name__,
                "topic",
            )
            return message.get("offset")
        await cls._publish_layer().group_send(cls.group_name(topic), message)
        return message.get("offset")

    @classmethod
    def broadcast_sync(cls, topic: str, event: BaseMessage, seq: int | None = None) -> Any:
        """``broadcast`` for synchronous code: views, tasks, management commands."""
        return async_to_sync(cls.broadcast)(topic, event, seq=seq)

    # -- a consumer serving only this topic ------------------------------------------------------
    @classmethod
    def as_consumer(cls, base: type[Any] | None = None, **attrs: Any) -> type[Any]:
        """A consumer class for a route dedicated to this topic (``RoomTopic`` → ``RoomConsumer``).

        Mount it on a route whose URL captures give every ``param_names`` entry: the topic is
        subscribed on connect, and frames without a ``topic`` are addressed to it. ``base``
        defaults to the chanx consumer of the framework in use; ``attrs`` are extra class
        attributes.
        """
        if base is None:
            base = consumer_base()
        namespace = {
            "__module__": __name__,
            "__doc__": cls.__doc__,
            "topics": [cls],
            "default_topic": cls,
            "channel_layer_alias": cls.channel_layer_alias,
            **attrs,
        }
        name = cls.__name__.removesuffix("Topic") or cls.__name__
        consumer: type[Any] = type(f"{name}Consumer", (base,), namespace)
        return consumer


Topic.chanx_adapter = FrameworkAdapter(config=Config())
# A topic's hooks (send_message, send_json, ...) count as overridden relative to ``Topic``.
Topic.chanx_adapter.consumer_base = Topic
