"""What the consumer puts on the channel layer, and how handler results become messages."""

from collections.abc import Collection
from typing import Any

from chanx.messages.base import BaseMessage

GROUP_MESSAGE_TYPE = "handle_group_message"
CHANNEL_EVENT_TYPE = "handle_channel_event"


def group_list(groups: Collection[str] | str | None) -> list[str]:
    """``None`` -> no groups, a string -> that one group, else the collection's items."""
    if groups is None:
        return []
    if isinstance(groups, str):
        return [groups]
    return list(groups)


def group_message(
    message: BaseMessage | dict[str, Any], *, exclude_current: bool, from_channel: str
) -> dict[str, Any]:
    """The layer message relaying ``message`` verbatim to a group's members."""
    data = message.model_dump(mode="json") if isinstance(message, BaseMessage) else message
    return {
        "type": GROUP_MESSAGE_TYPE,
        "message": data,
        "exclude_current": exclude_current,
        "from_channel": from_channel,
    }


def channel_event(event: BaseMessage) -> dict[str, Any]:
    """The layer message carrying a typed event to ``@event_handler`` methods."""
    return {"type": CHANNEL_EVENT_TYPE, "event_data": event.model_dump(mode="json")}


def result_messages(result: Any) -> list[BaseMessage]:
    """A handler's return value as the messages to send, in order."""
    if isinstance(result, BaseMessage):
        return [result]
    if isinstance(result, list | tuple) and all(isinstance(m, BaseMessage) for m in result):
        return list(result)
    raise TypeError(
        f"Handler returned {type(result).__name__}; expected a message, a list/tuple "
        "of messages, or None"
    )
