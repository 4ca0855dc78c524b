"""``Topic``: a family of subscribable streams on one connection, with its own handlers.

A topic class names its streams with a ``pattern`` (``"discussion:{pk}"``), decides who may
subscribe (``authorize``), and routes topic-addressed frames and publications to its own
``@ws_handler``/``@event_handler`` methods. One instance lives per subscription; the
per-connection bookkeeping is ``chanx.core.topic_router.TopicRouter``.
"""

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import humps
from asgiref.sync import async_to_sync
from pydantic import TypeAdapter

from chanx.constants import ENVELOPE_VERSION
from chanx.core.decorators import expand_output_types
from chanx.core.envelope import REPLY_FIELDS, TOPIC_EVENT_TYPE
from chanx.core.handlers import (
    SYSTEM_OUTPUTS,
    HandlerTable,
    build_handler_table,
    tagged_union_adapter,
)
from chanx.core.topic_stores import record
from chanx.messages.base import BaseMessage
from chanx.messages.presence import PRESENCE_OUTPUTS
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage
from chanx.utils.groups import topic_group_name

if TYPE_CHECKING:
    from chanx.core.history import HistoryStore
    from chanx.core.presence import PresenceStore

# ``{name}`` in a pattern: one parameter, matching one or more characters other than ``:``.
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
TOPIC_OUTPUTS: tuple[type[BaseMessage], ...] = (SubscribedMessage, UnsubscribedMessage)


def compile_pattern(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The full-match regex of a topic pattern and its parameter names, in order."""
    pieces = _PARAM.split(pattern)
    regex = ""
    names: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            if piece in names:
                raise ValueError(f"Topic pattern {pattern!r} repeats parameter {piece!r}")
            names.append(piece)
            regex += f"(?P<{piece}>[^:]+)"
        else:
            regex += re.escape(piece)
    return re.compile(regex), tuple(names)


class Topic:
    """Subclass with a ``pattern`` and handlers; list it in a consumer's ``topics``.

    Instance attributes: ``consumer`` (the connection's consumer), ``topic`` (the topic
    string), ``params`` (its pattern parameters) and ``scope`` (the connection's scope).
    """

    pattern: ClassVar[str] = ""
    discriminator_field: ClassVar[str] = "action"
    # ``None``: the channel layer of the consumer serving the topic.
    channel_layer_alias: ClassVar[str | None] = None
    passthrough_events: ClassVar[list[type[BaseMessage]]] = []
    passthrough_method_prefix: ClassVar[str] = "handle_passthrough_"
    # Messages the topic sends outside its handlers' return values (from ``on_subscribe``
    # or ``send_message``): typed by the test client and documented with the topic.
    extra_outputs: ClassVar[list[type[BaseMessage]]] = []
    # History (docs/history.md): keep the newest ``history_size`` publications (0: none), each
    # for at most ``history_ttl`` seconds (``None``: no age limit); ``None`` store: the layer's.
    history_size: ClassVar[int] = 0
    history_ttl: ClassVar[float | None] = 300.0
    history_store: ClassVar["HistoryStore | None"] = None
    # Presence: track who is subscribed; ``presence_pushes`` sends ``presence_join``/``leave``.
    # A member of a dead process is gone ``presence_ttl`` seconds after its last heartbeat.
    track_presence: ClassVar[bool] = False
    presence_pushes: ClassVar[bool] = False
    presence_ttl: ClassVar[float] = 30.0
    presence_store: ClassVar["PresenceStore | None"] = None

    # -- computed per class ---------------------------------------------------------------------
    name: ClassVar[str]
    snake_name: ClassVar[str]
    parameters: ClassVar[tuple[str, ...]] = ()
    _regex: ClassVar[re.Pattern[str] | None] = None
    _handler_table: ClassVar[HandlerTable]
    outgoing_message_adapter: ClassVar[TypeAdapter[Any]]
    # Consumer classes that serve this topic (the latest supplies the channel layer).
    _served_by: ClassVar[list[type[Any]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.name = cls.__name__.removesuffix("Topic") or cls.__name__
        cls.snake_name = humps.decamelize(cls.name)
        cls._served_by = []
        if cls.pattern:
            cls._regex, cls.parameters = compile_pattern(cls.pattern)
        table = build_handler_table(cls, cls.discriminator_field)
        cls._handler_table = table
        extra = [*cls.extra_outputs, *(PRESENCE_OUTPUTS if cls.track_presence else ())]
        cls.outgoing_message_adapter = tagged_union_adapter(
            topic_output_types(table, extra), cls.discriminator_field
        )

    def __init__(self, consumer: Any, topic: str, params: Mapping[str, str]) -> None:
        self.consumer = consumer
        self.topic = topic
        self.params = dict(params)

    @property
    def scope(self) -> Any:
        """The ASGI scope of the subscribing connection."""
        return self.consumer.scope

    # -- hooks --------------------------------------------------------------------------------------
    async def authorize(self, **params: str) -> bool:
        """May this connection subscribe? Called with the pattern's parameters (default: yes)."""
        return True

    async def on_subscribe(self) -> None:
        """After joining the topic (what it sends carries ``topic``, not the request's ``ref``)."""

    async def on_unsubscribe(self) -> None:
        """Before leaving the topic: on ``unsubscribe`` and when the connection ends."""

    async def presence_info(self) -> dict[str, Any]:
        """What presence replies say about this subscriber (default: nothing but its id)."""
        return {}

    async def send_message(self, message: BaseMessage) -> None:
        """Send ``message`` to this subscriber, stamped with this topic."""
        fields = REPLY_FIELDS.get()
        if fields is None or fields.get("topic") != self.topic:
            fields = {"version": ENVELOPE_VERSION, "topic": self.topic}
        token = REPLY_FIELDS.set(fields)
        try:
            await self.consumer.send_message(message)
        finally:
            REPLY_FIELDS.reset(token)

    # -- names ----------------------------------------------------------------------------------------
    @classmethod
    def match(cls, topic: str) -> dict[str, str] | None:
        """The parameters of ``topic`` when it matches the whole pattern, else ``None``."""
        if cls._regex is None:
            return None
        found = cls._regex.fullmatch(topic)
        return found.groupdict() if found else None

    @classmethod
    def topic_for(cls, **params: Any) -> str:
        """The topic string of ``params`` (``DiscussionTopic.topic_for(pk=5)`` → ``discussion:5``)."""
        missing = [name for name in cls.parameters if name not in params]
        if missing:
            raise ValueError(f"{cls.__name__} needs parameters {missing} to name a topic")
        topic = _PARAM.sub(lambda m: str(params[m.group(1)]), cls.pattern)
        if cls.match(topic) is None:
            raise ValueError(f"{topic!r} does not match {cls.__name__}.pattern {cls.pattern!r}")
        return topic

    @classmethod
    def group_name(cls, topic: str) -> str:
        """Channel-layer group of ``topic`` (``discussion:5`` → ``DiscussionTopic.discussion-5``).

        Distinct topics always get distinct groups (``chanx.utils.groups.topic_group_name``).
        """
        return topic_group_name(topic, cls.__name__)

    # -- publishing ---------------------------------------------------------------------------------
    @classmethod
    def _layer(cls) -> Any:
        for consumer in reversed(cls._served_by):
            alias = cls.channel_layer_alias or consumer.channel_layer_alias
            layer = consumer._get_channel_layer(alias)
            if layer is not None:
                return layer
        from chanx.utils.framework import channel_layer

        layer = channel_layer(cls.channel_layer_alias or "default")
        if layer is None:
            raise RuntimeError(f"{cls.__name__} has no channel layer to publish on")
        return layer

    @classmethod
    async def broadcast(cls, topic: str, event: BaseMessage, seq: int | None = None) -> int | None:
        """Publish ``event`` to every subscriber of ``topic``, on any process.

        Each subscriber's ``@event_handler`` for the event decides what its client gets;
        ``seq`` (when given) travels on those frames. A history topic stores the event first
        and returns its ``offset`` (other topics: ``None``).
        """
        if cls.match(topic) is None:
            raise ValueError(f"{topic!r} does not match {cls.__name__}.pattern {cls.pattern!r}")
        message: dict[str, Any] = {
            "type": TOPIC_EVENT_TYPE,
            "topic": topic,
            "seq": seq,
            "event_data": event.model_dump(mode="json"),
        }
        if cls.history_size > 0:  # stored first: its offset travels with it
            await record(cls, topic, message)
        await cls._layer().group_send(cls.group_name(topic), message)
        offset: int | None = message.get("offset")
        return offset

    @classmethod
    def broadcast_sync(cls, topic: str, event: BaseMessage, seq: int | None = None) -> int | None:
        """``broadcast`` for synchronous code: views, tasks, management commands."""
        return async_to_sync(cls.broadcast)(topic, event, seq)

    # -- a consumer serving only this topic --------------------------------------------------------
    @classmethod
    def as_consumer(cls, base: type[Any] | None = None, **attrs: Any) -> type[Any]:
        """A consumer serving only this topic, subscribed on connect from URL parameters.

        ``DiscussionTopic.as_consumer()`` is ``DiscussionConsumer``: route it at a path with
        the pattern's parameters; frames without a ``topic`` go to the subscribed topic.
        ``base`` defaults to the chanx consumer of the framework in use.
        """
        if base is None:
            from chanx.utils.framework import consumer_base

            base = consumer_base()
        namespace = {"__module__": cls.__module__, "topics": [cls], "default_topic": cls, **attrs}
        consumer: type[Any] = type(f"{cls.name}Consumer", (base,), namespace)
        return consumer


def topic_output_types(
    table: HandlerTable, extra: list[type[BaseMessage]] | tuple[()] = ()
) -> list[type[BaseMessage]]:
    """What a topic (or consumer) can send: its handlers' outputs, ``extra``, then the
    framework's own frames."""
    found: list[type[BaseMessage]] = []
    for info in [*table.message_infos.values(), *table.event_infos.values()]:
        for output in expand_output_types(info["output_type"]):
            if output not in found:
                found.append(output)
    for output in (*extra, *TOPIC_OUTPUTS, *SYSTEM_OUTPUTS):
        if output not in found:
            found.append(output)
    return found
