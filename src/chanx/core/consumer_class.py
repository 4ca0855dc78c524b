"""Everything a consumer class needs at run time, computed once when the class is created."""

from typing import Any

import humps

from chanx.core.decorators import expand_output_types, is_message_class
from chanx.core.handlers import (
    SYSTEM_OUTPUTS,
    HandlerTable,
    build_handler_table,
    merged_class_list,
    tagged_union_adapter,
)
from chanx.messages.base import BaseMessage
from chanx.messages.presence import PRESENCE_OUTPUTS
from chanx.messages.topic import SubscribedMessage, UnsubscribedMessage

# Frames of the topic protocol a connection with topics sends.
TOPIC_OUTPUTS: tuple[type[BaseMessage], ...] = (SubscribedMessage, UnsubscribedMessage)

# Hooks that, when a consumer overrides one, make frames arrive as decoded JSON through them.
JSON_INPUT_HOOKS = ("decode_json", "receive_json", "handle_json")
# Hooks that, when overridden, make replies leave as dicts through ``send_json``.
JSON_OUTPUT_HOOKS = ("send_json", "encode_json")


def prepare_consumer_class(cls: Any) -> None:
    """Build the handler table, type adapters and frame path of consumer class ``cls``."""
    cls.name = cls.__name__.removesuffix("Consumer")
    cls.snake_name = humps.decamelize(cls.name)
    if cls.__name__ == "AbstractAsyncJsonWebsocketConsumer":
        return
    if _declared_by_core(cls, "discriminator_field"):
        key = _configured_discriminator(cls)
        if key != cls.discriminator_field:
            cls.discriminator_field = key
    table = build_handler_table(cls, cls.discriminator_field)
    cls._handler_table = table
    cls._MESSAGE_HANDLER_INFO_MAP = table.message_infos
    cls._EVENT_HANDLER_INFO_MAP = table.event_infos
    cls.incoming_message_adapter = table.incoming_message_adapter
    cls.incoming_event_adapter = table.incoming_event_adapter
    cls.outgoing_message_adapter = table.outgoing_message_adapter
    cls._merged_extra_groups = merged_class_list(cls, "extra_groups")
    cls.emits = emitted_messages(cls)
    extra = list(cls.emits)
    if getattr(cls, "track_presence", False):
        extra += [t for t in PRESENCE_OUTPUTS if t not in extra]
    cls.outgoing_message_adapter_types = output_types(table, extra)
    if extra:
        cls.outgoing_message_adapter = tagged_union_adapter(
            cls.outgoing_message_adapter_types, cls.discriminator_field
        )
    base = cls.chanx_adapter.consumer_base
    cls._json_hooks_in = overrides_any(cls, base, JSON_INPUT_HOOKS)
    cls._json_hooks_out = overrides_any(cls, base, JSON_OUTPUT_HOOKS)
    cls._send_message_hooked = overrides_any(cls, base, ("send_message",))
    cls._connect_overridden = overrides_any(cls, base, ("connect",))
    cls._overrides_send_topic_json = overrides_any(cls, base, ("send_topic_json",))
    # Frames go from the dispatch loop straight to ``receive`` unless the class changes how
    # the framework dispatches them; frames go straight to the ASGI ``send`` unless the
    # class (or, checked per send, the instance) replaces the framework's ``send``.
    cls._frames_direct = base is not None and not overrides_any(
        cls, base, ("dispatch", "websocket_receive")
    )
    cls._plain_send = None if base is None else _defined(base, "send")
    bind_topics(cls)


def emitted_messages(cls: Any) -> list[type[BaseMessage]]:
    """``emits`` (and a topic's ``extra_outputs``) merged across the MRO, checked."""
    found = merged_class_list(cls, "emits") + merged_class_list(cls, "extra_outputs")
    emitted: list[type[BaseMessage]] = []
    for item in found:
        if not is_message_class(item):
            raise TypeError(f"{cls.__name__}.emits item {item!r} must be a BaseMessage subclass")
        if item not in emitted:
            emitted.append(item)
    return emitted


def output_types(table: HandlerTable, extra: list[type[BaseMessage]]) -> list[type[BaseMessage]]:
    """What a consumer or topic can send: its handlers' outputs, ``extra``, then the
    framework's own frames."""
    found: list[type[BaseMessage]] = []
    for info in [*table.message_infos.values(), *table.event_infos.values()]:
        for output in expand_output_types(info["output_type"]):
            if output not in found:
                found.append(output)
    for output in (*extra, *SYSTEM_OUTPUTS):
        if output not in found:
            found.append(output)
    return found


def bind_topics(cls: Any) -> None:
    """Check ``topics``/``default_topic``; let the consumer send what its topics send."""
    topics = list(cls.topics)
    default = cls.default_topic
    if default is not None and default not in topics:
        topics.insert(0, default)
    for topic in topics:
        if not getattr(topic, "_chanx_topic", False) or topic._matcher is None:
            raise TypeError(f"{cls.__name__}.topics item {topic!r} must be a Topic with a pattern")
        topic._served_by.append(cls)
    cls._topic_classes = topics
    cls._routes_all_frames = default is not None
    if topics:
        outputs = output_types(cls._handler_table, [*cls.emits, *TOPIC_OUTPUTS])
        for topic in topics:
            own = topic.outgoing_message_adapter_types
            outputs += [t for t in own if t not in outputs]
        cls.outgoing_message_adapter = tagged_union_adapter(outputs, cls.discriminator_field)


def _declared_by_core(cls: type, name: str) -> bool:
    """Whether ``name`` is not set by the user: the neutral consumer class defines it."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__module__ == "chanx.core.consumer_settings"
    return True


def _configured_discriminator(cls: Any) -> str:
    """The configuration's message action key (Django: ``CHANX["MESSAGE_ACTION_KEY"]``).

    Read when the class is created; a configuration that cannot be read yet (Django settings
    not configured) means the default, ``"action"``.
    """
    try:
        key = cls.chanx_adapter.config.message_action_key
    except Exception:
        return "action"
    return str(key or "action")


def overrides_any(cls: type, base: type | None, names: tuple[str, ...]) -> bool:
    """Whether ``cls`` defines any of ``names`` differently from the adapter ``base``."""
    if base is None:
        return False
    return any(_defined(cls, name) is not _defined(base, name) for name in names)


def _defined(cls: type, name: str) -> Any:
    """The raw attribute ``name`` as defined along the MRO (no descriptor binding)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None
