"""The generator's internal view of a document: channels, directed messages, named schemas."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class MessageSpec:
    """One message a channel sends or receives; its model is the schema ``schema_key``."""

    key: str
    schema_key: str
    action: str | None
    method: str  # snake_case stem for ``send_<method>`` / ``on_<method>``


@dataclass
class ChannelSpec:
    """One channel and the messages flowing each way, seen from the client."""

    key: str
    title: str
    address: str
    description: str | None
    module: str  # Python package folder
    class_name: str  # ``<Pascal>Client``
    incoming_union: str  # TypeScript union type names
    outgoing_union: str
    incoming: list[MessageSpec] = field(default_factory=list)
    outgoing: list[MessageSpec] = field(default_factory=list)
    schema_keys: list[str] = field(default_factory=list)  # closure, dependency order
    # ``x-topic`` of a topic channel (``name``, ``pattern``, ``parameters``); ``None`` otherwise.
    topic: dict[str, Any] | None = None
    # A plain channel sharing its address with topic channels: its client multiplexes them.
    serves_topics: bool = False
    # A topic handle's second (Python) name, ``<Pascal>Client``, when that name is free.
    alias: str | None = None

    def all_messages(self) -> list[MessageSpec]:
        return [*self.incoming, *self.outgoing]


@dataclass
class ClientDocument:
    """Everything the emitters need, checked and named."""

    title: str
    version: str
    description: str | None
    channels: list[ChannelSpec]
    schemas: dict[str, dict[str, Any]]
    type_names: dict[str, str]  # schema key -> class / type name
    order: list[str]  # every used schema key, dependencies first
    shared: set[str]  # schema keys used by two or more channels
    operation_count: int = 0
