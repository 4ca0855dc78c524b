"""``@ws_handler``, ``@event_handler`` and ``@channel``."""

import inspect
import types
import typing
from collections.abc import Awaitable, Callable
from typing import (
    Any,
    TypeAlias,
    TypedDict,
    TypeVar,
    Union,
    Unpack,
    get_args,
    get_origin,
    overload,
)

from pydantic_core import PydanticUndefined

from chanx.messages.base import BaseMessage
from chanx.type_defs import AsyncAPIHandlerInfo, ChannelInfo, ChannelTag

OutputType: TypeAlias = (
    type[BaseMessage]
    | types.UnionType
    | list[type[BaseMessage]]
    | tuple[type[BaseMessage], ...]
    | None
)

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])
C = TypeVar("C", bound=type)

WS_HANDLER_ATTR = "_ws_handler_info"
EVENT_HANDLER_ATTR = "_event_handler_info"


def is_message_class(obj: Any) -> bool:
    """True for a class deriving from ``BaseMessage``."""
    return isinstance(obj, type) and issubclass(obj, BaseMessage)


def expand_output_types(output_type: Any) -> list[type[BaseMessage]]:
    """Flatten a class, ``A | B``/``Union``/``Optional``, list or tuple into message classes.

    Non-message members (``None``) are dropped; declared order is kept.
    """
    if output_type is None:
        return []
    if is_message_class(output_type):
        return [output_type]
    if isinstance(output_type, list | tuple):
        members: list[Any] = list(output_type)
    elif get_origin(output_type) in (Union, types.UnionType):
        members = list(get_args(output_type))
    elif get_origin(output_type) in (list, tuple):
        members = [a for a in get_args(output_type) if a is not Ellipsis]
    else:
        return []
    result: list[type[BaseMessage]] = []
    for member in members:
        for cls in expand_output_types(member):
            if cls not in result:
                result.append(cls)
    return result


def _is_output_form(output_type: Any) -> bool:
    if output_type is None or output_type is type(None):
        return True
    return bool(expand_output_types(output_type))


def _resolve_hints(fn: Callable[..., Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(fn)
    except Exception:
        return dict(getattr(fn, "__annotations__", {}))


def _message_action(input_type: type[BaseMessage], fn_name: str) -> str:
    field = input_type.model_fields.get("action")
    default = field.default if field is not None else PydanticUndefined
    if default is PydanticUndefined or default is None:
        raise TypeError(
            f"Input type {input_type.__name__} for {fn_name} must give its 'action' field a "
            "default value: routing uses it."
        )
    return str(default)


def _not_a_message_type(fn: Callable[..., Any], param: str, found: Any) -> TypeError:
    """The error for a handler whose input type is missing or not a message class."""
    code = getattr(fn, "__code__", None)
    where = f" ({code.co_filename}:{code.co_firstlineno})" if code is not None else ""
    got = "has no type hint" if found is inspect.Parameter.empty else f"is annotated {found!r}"
    return TypeError(
        f"Handler {fn.__qualname__}{where}: its '{param}' parameter {got}, and the input type "
        "must be a BaseMessage subclass. Annotate it with your message class, e.g. "
        f"`async def {fn.__name__}(self, {param}: MyMessage)`, or pass input_type= to the "
        "decorator."
    )


def _build_info(
    fn: Callable[..., Any],
    *,
    action: str | None = None,
    input_type: type[BaseMessage] | None = None,
    output_type: OutputType = None,
    description: str | None = None,
    summary: str | None = None,
    tags: list[str] | None = None,
) -> AsyncAPIHandlerInfo:
    if not inspect.iscoroutinefunction(fn):
        raise TypeError(f"Handler {fn.__qualname__} must be an 'async def' method.")
    hints = _resolve_hints(fn)
    params = list(inspect.signature(fn).parameters.values())
    if input_type is None:
        if len(params) < 2:
            raise ValueError(
                "Must provide input type either by annotate function or input_type parameter"
            )
        input_type = hints.get(params[1].name, params[1].annotation)
    if not is_message_class(input_type):
        raise _not_a_message_type(fn, params[1].name if len(params) > 1 else "message", input_type)
    assert input_type is not None
    resolved_output: Any = output_type
    if not resolved_output:
        resolved_output = hints.get("return")
        if resolved_output is type(None):
            resolved_output = None
    if resolved_output is not None and not _is_output_form(resolved_output):
        raise TypeError(
            f"Return annotation {resolved_output!r} of handler {fn.__qualname__} is not a "
            "message class, a union of message classes, or a list/tuple of them."
        )
    return {
        "action": action or fn.__name__,
        "message_action": _message_action(input_type, fn.__name__),
        "input_type": input_type,
        "output_type": resolved_output,
        "method_name": fn.__name__,
        "description": description,
        "summary": summary,
        "tags": tags,
        "consumer_name": fn.__qualname__.split(".")[0],
    }


class HandlerOptions(TypedDict, total=False):
    """Keyword options of ``@event_handler`` (and of ``@ws_handler``, with ``action``)."""

    input_type: type[BaseMessage] | None
    output_type: OutputType
    description: str | None
    summary: str | None
    tags: list[str] | None


class WsHandlerOptions(HandlerOptions, total=False):
    """Keyword options of ``@ws_handler``: those of ``@event_handler`` and ``action``."""

    action: str | None


def _mark(func: F | None, attr: str, options: WsHandlerOptions) -> F | Callable[[F], F]:
    """Decorate ``func`` (bare use) or return the decorator (called with options).

    No wrapper: the original coroutine function is routed directly (one call less per
    message); its info rides on it as the attribute ``attr``.
    """

    def decorate(fn: F) -> F:
        setattr(fn, attr, _build_info(fn, **options))
        return fn

    return decorate(func) if func is not None else decorate


@overload
def ws_handler(func: F) -> F: ...
@overload
def ws_handler(func: None = None, **options: Unpack[WsHandlerOptions]) -> Callable[[F], F]: ...
def ws_handler(func: F | None = None, **options: Unpack[WsHandlerOptions]) -> F | Callable[[F], F]:
    """Route client frames whose action matches the handler's input message to it.

    The handler's return value (a message, or ``None``) is sent back to the client.
    """
    return _mark(func, WS_HANDLER_ATTR, options)


@overload
def event_handler(func: F) -> F: ...
@overload
def event_handler(func: None = None, **options: Unpack[HandlerOptions]) -> Callable[[F], F]: ...
def event_handler(func: F | None = None, **options: Unpack[HandlerOptions]) -> F | Callable[[F], F]:
    """Route typed channel-layer events (``send_event``/``broadcast_event``) to the handler."""
    return _mark(func, EVENT_HANDLER_ATTR, {**options, "action": None})


def channel(
    *,
    name: str | None = None,
    description: str | None = None,
    tags: list[ChannelTag] | None = None,
) -> Callable[[C], C]:
    """Attach AsyncAPI channel metadata to a consumer class.

    Tags are names (written as ``{"name": tag}``) or AsyncAPI tag objects, passed through.
    """

    def decorate(cls: C) -> C:
        info: ChannelInfo = {"name": name, "description": description, "tags": tags}
        cls._channel_info = info  # type: ignore[attr-defined]
        return cls

    return decorate
