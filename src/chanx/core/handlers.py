"""Per-class handler discovery: route tables and type adapters, built once per consumer class."""

from dataclasses import dataclass
from typing import Annotated, Any, Union

import humps
from pydantic import Discriminator, Field, Tag, TypeAdapter
from pydantic_core import PydanticUndefined

from chanx.core.decorators import (
    EVENT_HANDLER_ATTR,
    WS_HANDLER_ATTR,
    event_handler,
    expand_output_types,
    is_message_class,
)
from chanx.core.wire.frame_head import ignores_envelope_keys
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import (
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
)
from chanx.type_defs import AsyncAPIHandlerInfo

SYSTEM_OUTPUTS: tuple[type[BaseMessage], ...] = (
    CompleteMessage,
    GroupCompleteMessage,
    EventCompleteMessage,
    ErrorMessage,
)


@dataclass(frozen=True, slots=True)
class HandlerTable:
    """Everything dispatch needs about one consumer class, computed at class creation."""

    message_infos: dict[str, AsyncAPIHandlerInfo]
    event_infos: dict[str, AsyncAPIHandlerInfo]
    incoming_message_adapter: TypeAdapter[Any] | None
    incoming_event_adapter: TypeAdapter[Any] | None
    outgoing_message_adapter: TypeAdapter[Any]
    # input class -> method name; the bound method is fetched per call so patches apply.
    message_methods: dict[type[BaseMessage], str]
    event_methods: dict[type[BaseMessage], str]
    # The incoming adapter's core validator: no Python wrapper call per frame.
    message_validator: Any
    # The key messages are routed by.
    discriminator: str = "action"
    # Frames with envelope keys may be validated from their text (chanx.core.wire.frame_head).
    text_validates_envelope_frames: bool = False


def _core_validator(adapter: TypeAdapter[Any] | None) -> Any:
    if adapter is None:
        return None
    try:
        return adapter.validator
    except Exception:  # a deferred build: the adapter builds itself on first use
        return adapter


def tagged_union_adapter(types_: list[type[BaseMessage]], discriminator: str) -> TypeAdapter[Any]:
    """A ``TypeAdapter`` validating a tagged union of ``types_`` on ``discriminator``.

    A single type is still a one-member tagged union, so error locations start with the tag.
    Members without a ``discriminator`` field (the built-in frames, keyed by ``action``, in a
    consumer routing on another key) are tagged by their ``action``.
    """
    if all(discriminator in t.model_fields for t in types_):
        union: Any = types_[0] if len(types_) == 1 else Union[tuple(types_)]  # noqa: UP007
        return TypeAdapter(Annotated[union, Field(discriminator=discriminator)])
    tagged = tuple(Annotated[t, Tag(_tag_of(t, discriminator))] for t in types_)
    mixed: Any = Union[tagged]  # noqa: UP007
    return TypeAdapter(Annotated[mixed, Discriminator(_mixed_tag(discriminator))])


def routing_value(message_type: type[BaseMessage], discriminator: str) -> str | None:
    """The default of ``message_type``'s ``discriminator`` field: the value it is routed by."""
    field = message_type.model_fields.get(discriminator)
    if field is None or field.default is PydanticUndefined or field.default is None:
        return None
    return str(field.default)


def _tag_of(message_type: type[BaseMessage], discriminator: str) -> str:
    key = discriminator if discriminator in message_type.model_fields else "action"
    return routing_value(message_type, key) or message_type.__name__


def _mixed_tag(discriminator: str) -> Any:
    def tag(value: Any) -> Any:
        if isinstance(value, dict):
            return value.get(discriminator, value.get("action"))
        return getattr(value, discriminator, getattr(value, "action", None))

    return tag


def merged_class_list(cls: type, attr: str) -> list[Any]:
    """Merge a list attribute declared on any class of the MRO, most-derived first, de-duplicated."""
    merged: list[Any] = []
    for klass in cls.__mro__:
        for item in klass.__dict__.get(attr, ()) or ():
            if item not in merged:
                merged.append(item)
    return merged


def install_passthrough_handlers(cls: type) -> None:
    """Create ``handle_passthrough_<name>`` event handlers for ``passthrough_events``."""
    items = merged_class_list(cls, "passthrough_events")
    if not items:
        return
    explicit = {
        info["message_action"]
        for info in _collect(
            cls, EVENT_HANDLER_ATTR, getattr(cls, "discriminator_field", "action")
        ).values()
        if not info["method_name"].startswith(cls.passthrough_method_prefix)  # type: ignore[attr-defined]
    }
    for item in items:
        if not is_message_class(item):
            raise TypeError(f"passthrough_events item {item} must be a BaseMessage subclass.")
        action = routing_value(item, getattr(cls, "discriminator_field", "action"))
        if action in explicit:
            continue
        method_name = cls.passthrough_method_prefix + humps.decamelize(item.__name__)  # type: ignore[attr-defined]
        if method_name in cls.__dict__:
            continue

        async def passthrough(self: Any, event: BaseMessage) -> BaseMessage:
            return event

        passthrough._chanx_passthrough = True  # type: ignore[attr-defined]
        passthrough.__name__ = method_name
        passthrough.__qualname__ = f"{cls.__name__}.{method_name}"
        setattr(
            cls,
            method_name,
            event_handler(
                input_type=item,
                output_type=item,
                description=f"Passthrough handler for {item.__name__}",
            )(passthrough),
        )


def _collect(cls: type, attr: str, discriminator: str = "action") -> dict[str, AsyncAPIHandlerInfo]:
    """Handlers carrying ``attr`` keyed by routing action, failing on duplicate actions."""
    found: dict[str, AsyncAPIHandlerInfo] = {}
    for name in dir(cls):
        if name.startswith("_"):
            continue
        try:
            member = getattr(cls, name)
        except AttributeError:
            continue
        info: AsyncAPIHandlerInfo | None = getattr(member, attr, None)
        if info is None:
            info = _inherited_info(cls, name, attr)
        if info is None:
            continue
        # The attribute name is the method name, even when a handler is aliased.
        info = {**info, "method_name": name}
        if discriminator != "action":
            value = routing_value(info["input_type"], discriminator)
            if value is None:
                raise TypeError(
                    f"Input type {info['input_type'].__name__} of {cls.__name__}.{name} must "
                    f"give its '{discriminator}' field a default value: routing uses it."
                )
            info["message_action"] = value
        action = info["message_action"]
        previous = found.get(action)
        if previous is not None and previous["method_name"] != name:
            # An explicit handler beats a generated passthrough, also one inherited from a base.
            if _is_passthrough(cls, previous["method_name"]):
                found[action] = info
                continue
            if _is_passthrough(cls, name):
                continue
            kind = "message" if attr == WS_HANDLER_ATTR else "event"
            first, second = sorted((previous["method_name"], name))
            raise TypeError(
                f"{cls.__name__} has two {kind} handlers for action '{action}': {first}() and "
                f"{second}(). Actions must be unique within a consumer."
            )
        found[action] = info
    return found


def _is_passthrough(cls: type, name: str) -> bool:
    return bool(getattr(getattr(cls, name, None), "_chanx_passthrough", False))


def _inherited_info(cls: type, name: str, attr: str) -> AsyncAPIHandlerInfo | None:
    """A plain override of a decorated method keeps the route it overrides."""
    for klass in cls.__mro__[1:]:
        member = klass.__dict__.get(name)
        if member is not None:
            info: AsyncAPIHandlerInfo | None = getattr(member, attr, None)
            if info is not None:
                return info
    return None


def build_handler_table(cls: type, discriminator: str) -> HandlerTable:
    """Discover handlers on ``cls`` (including mixins and bases) and build its adapters."""
    install_passthrough_handlers(cls)
    message_infos = _collect(cls, WS_HANDLER_ATTR, discriminator)
    event_infos = _collect(cls, EVENT_HANDLER_ATTR, discriminator)

    ws_inputs = _unique([info["input_type"] for info in message_infos.values()])
    event_inputs = _unique([info["input_type"] for info in event_infos.values()])
    outputs = _unique(
        [
            t
            for info in [*message_infos.values(), *event_infos.values()]
            for t in expand_output_types(info["output_type"])
        ]
        + list(SYSTEM_OUTPUTS)
    )
    message_adapter = tagged_union_adapter(ws_inputs, discriminator) if ws_inputs else None
    return HandlerTable(
        message_infos=message_infos,
        event_infos=event_infos,
        incoming_message_adapter=message_adapter,
        incoming_event_adapter=tagged_union_adapter(event_inputs, discriminator)
        if event_inputs
        else None,
        outgoing_message_adapter=tagged_union_adapter(outputs, discriminator),
        message_methods={
            info["input_type"]: info["method_name"] for info in message_infos.values()
        },
        event_methods={info["input_type"]: info["method_name"] for info in event_infos.values()},
        message_validator=_core_validator(message_adapter),
        discriminator=discriminator,
        text_validates_envelope_frames=ignores_envelope_keys(ws_inputs),
    )


def handler_messages(table: HandlerTable) -> list[type[BaseMessage]]:
    """Message classes a consumer documents: ws inputs and outputs, event outputs."""
    found: list[type[BaseMessage]] = []
    for info in table.message_infos.values():
        found.append(info["input_type"])
        found.extend(expand_output_types(info["output_type"]))
    for info in table.event_infos.values():
        found.extend(expand_output_types(info["output_type"]))
    return _unique(found)


def _unique(items: list[type[BaseMessage]]) -> list[type[BaseMessage]]:
    seen: dict[type[BaseMessage], None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
