"""Process-wide registry of message types per consumer, for AsyncAPI documents."""

from typing import Any

from chanx.messages.base import BaseMessage


def clean_consumer_name(name: str) -> str:
    """Drop one trailing ``"Consumer"`` from a class name."""
    return name[: -len("Consumer")] if name.endswith("Consumer") else name


def get_asyncapi_schema_ref(title: str) -> str:
    return f"#/components/schemas/{title}"


def get_asyncapi_message_ref(title: str) -> str:
    return f"#/components/messages/{title}"


class MessageRegistry:
    """Message classes per consumer (schema building lives with the AsyncAPI generator)."""

    def __init__(self) -> None:
        self.consumer_messages: dict[str, set[type[BaseMessage]]] = {}

    def add(self, message_type: Any, consumer_name: str) -> None:
        from chanx.core.decorators import expand_output_types

        bucket = self.consumer_messages.setdefault(consumer_name, set())
        bucket.update(expand_output_types(message_type))


message_registry = MessageRegistry()
