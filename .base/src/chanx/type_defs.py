"""Typed dictionaries shared across chanx."""

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict

if TYPE_CHECKING:
    from chanx.messages.base import BaseMessage


class HandlerInfo(TypedDict):
    """What a handler decorator records about the method it marks."""

    action: str
    message_action: str
    input_type: "type[BaseMessage]"
    output_type: Any
    method_name: str


class AsyncAPIHandlerInfo(HandlerInfo, total=False):
    """Handler info plus the documentation metadata used by the AsyncAPI generator."""

    description: str | None
    summary: str | None
    tags: list[str] | None
    consumer_name: str


ChannelTag = str | dict[str, Any]
"""A channel tag: a name, or a whole AsyncAPI tag object (``{"name": ..., "description": ...}``)."""


class ChannelInfo(TypedDict):
    """Metadata attached to a consumer class by ``@channel``."""

    name: str | None
    description: str | None
    tags: list[ChannelTag] | None


class GroupMessageEvent(TypedDict):
    """A group broadcast as it travels on the channel layer."""

    message: dict[str, Any]
    kind: Literal["json", "message"]
    exclude_current: bool
    from_channel: str


class EventPayload(TypedDict):
    """A typed channel event as it travels on the channel layer."""

    event_data: dict[str, Any]


SendMessageFn: TypeAlias = "Callable[[BaseMessage], Awaitable[None]]"
