"""``message_registry``: one registry holding the messages of every consumer class in the process.

Documents are built from registries of their own (see ``AsyncAPIGenerator``); this one is for
code that inspects what the process defines. A consumer or topic class is registered when the
registry is next read after the class was created, so defining a consumer costs nothing.
"""

import weakref
from collections import defaultdict
from typing import Any

from chanx.asyncapi.registry import MessageRegistry
from chanx.core.handlers import handler_messages as table_messages
from chanx.messages.base import BaseMessage


def handler_messages(cls: type) -> list[type[BaseMessage]]:
    """Inputs and outputs of ``cls``'s ws handlers and outputs of its event handlers."""
    table = getattr(cls, "_handler_table", None)
    return [] if table is None else table_messages(table)


def consumer_classes() -> list[type]:
    """Every consumer and topic class defined so far (subclasses of the consumer mixin)."""
    from chanx.core.mixin import ChanxWebsocketConsumerMixin

    found: dict[type, None] = {}
    pending: list[type] = [ChanxWebsocketConsumerMixin]
    while pending:
        cls = pending.pop()
        subclasses: list[type] = cls.__subclasses__()
        for sub in subclasses:
            if sub not in found:
                found[sub] = None
                pending.append(sub)
    return list(found)


class ProcessMessageRegistry(MessageRegistry):
    """A registry that takes in every consumer class before it is read."""

    def __init__(self, **kwargs: Any) -> None:
        self._seen: weakref.WeakSet[type] = weakref.WeakSet()
        super().__init__(**kwargs)

    def sync(self) -> None:
        """Register the messages of consumer classes created since the last read."""
        for cls in consumer_classes():
            if cls in self._seen:
                continue
            self._seen.add(cls)
            messages = handler_messages(cls)
            if messages:
                MessageRegistry.add(self, messages, cls.__name__)

    @property
    def consumer_messages(self) -> defaultdict[str, set[type[BaseMessage]]]:
        """Class name → message classes it handles or sends."""
        self.sync()
        return self._consumer_messages

    @consumer_messages.setter
    def consumer_messages(self, value: defaultdict[str, set[type[BaseMessage]]]) -> None:
        self._consumer_messages = value

    def ready(self) -> None:
        """Take in new consumer classes and build what can be built.

        Classes that cannot be described stay pending: reading the registry never fails
        because of a consumer the reader did not ask about.
        """
        self.sync()
        self.build_available()


message_registry = ProcessMessageRegistry()
"""The process-wide registry (every consumer and topic class; see the module docstring)."""
