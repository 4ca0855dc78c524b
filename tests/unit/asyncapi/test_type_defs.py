"""ReferenceResolver and normalize_discriminators on generated documents."""

from typing import Any

import pytest

from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.asyncapi.registry import MessageRegistry
from chanx.asyncapi.type_defs import ReferenceResolver, normalize_discriminators
from tests.unit.asyncapi.consumers import REFERENCE_ROUTES


def test_every_reference_of_a_generated_document_resolves() -> None:
    document = AsyncAPIGenerator(REFERENCE_ROUTES, registry=MessageRegistry()).generate()
    resolver = ReferenceResolver(document)
    refs: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(document)
    assert len(refs) > 20
    for ref in refs:
        assert resolver.resolve(ref) is not None
    message = resolver.deref({"$ref": "#/channels/chat/messages/chat_message"})
    assert message == {"payload": {"$ref": "#/components/schemas/ChatMessage"}}


def test_escaped_segments_indexes_and_failures() -> None:
    document = {"a/b": {"c~d": [10, {"$ref": "#/x"}]}, "x": {"$ref": "#/y"}, "y": 1}
    resolver = ReferenceResolver(document, max_depth=3)
    assert resolver.resolve("#/a~1b/c~0d/0") == 10
    assert resolver.deref(resolver.resolve("#/a~1b/c~0d/1")) == 1
    with pytest.raises(KeyError, match="Unresolvable"):
        resolver.resolve("#/a~1b/c~0d/5")
    with pytest.raises(KeyError, match="Not a local reference"):
        resolver.resolve("other.json#/x")
    looping = ReferenceResolver({"p": {"$ref": "#/q"}, "q": {"$ref": "#/p"}}, max_depth=4)
    with pytest.raises(KeyError, match="longer than 4"):
        looping.deref({"$ref": "#/p"})


def test_normalize_discriminators_keeps_the_property_name() -> None:
    schema = {
        "oneOf": [{"$ref": "#/$defs/A"}],
        "discriminator": {"propertyName": "kind", "mapping": {"a": "#/$defs/A"}},
        "properties": {"inner": {"discriminator": {"propertyName": "type"}}},
    }
    assert normalize_discriminators(schema) == {
        "oneOf": [{"$ref": "#/$defs/A"}],
        "discriminator": "kind",
        "properties": {"inner": {"discriminator": "type"}},
    }
    assert schema["discriminator"] == {"propertyName": "kind", "mapping": {"a": "#/$defs/A"}}


def test_a_channels_topic_is_a_field_written_as_x_topic() -> None:
    from chanx.asyncapi.type_defs import ChannelObject, TopicObject

    topic = TopicObject(name="RoomTopic", pattern="room:{room}", parameters=["room"])
    channel = ChannelObject(address="/ws", title="room", topic=topic)
    assert channel.topic == topic
    dumped = channel.model_dump(by_alias=True, exclude_none=True)
    assert dumped == {
        "address": "/ws",
        "title": "room",
        "x-topic": {"name": "RoomTopic", "pattern": "room:{room}", "parameters": ["room"]},
    }
    # Read back from a document: the extension fills the field.
    assert ChannelObject.model_validate(dumped).topic == topic
    assert ChannelObject(address="/ws").topic is None
