"""MessageRegistry: lazy schema building, nesting, recursion, clashes, unusual types."""

from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

import pytest
from pydantic import BaseModel, ConfigDict

from chanx.asyncapi.registry import (
    UNION_TYPES,
    MessageRegistry,
    SchemaBuildError,
    clean_consumer_name,
    get_asyncapi_message_ref,
    get_asyncapi_schema_ref,
)
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.unit.asyncapi import clash_a, clash_b
from tests.unit.asyncapi.consumers import ChatMessage, PetMessage, TreeMessage


def refs_in(node: Any) -> list[str]:
    if isinstance(node, list):
        return [r for item in node for r in refs_in(item)]
    if isinstance(node, dict):
        own = [v for k, v in node.items() if k == "$ref"]
        return own + [r for v in node.values() for r in refs_in(v)]
    return []


def assert_self_contained(registry: MessageRegistry) -> None:
    """Every reference points at a stored component; no ``$defs`` remain."""
    for schema in registry.schema_objects.values():
        assert "$defs" not in schema
        for ref in refs_in(schema):
            assert ref.startswith("#/components/schemas/"), ref
            assert ref.rsplit("/", 1)[-1] in registry.schema_objects, ref


def test_helpers() -> None:
    assert clean_consumer_name("ChatConsumer") == "Chat"
    assert clean_consumer_name("Consumer") == ""
    assert clean_consumer_name("Chat") == "Chat"
    assert get_asyncapi_schema_ref("A") == "#/components/schemas/A"
    assert get_asyncapi_message_ref("a") == "#/components/messages/a"


def test_union_types_are_the_origins_of_both_union_spellings() -> None:
    from typing import Optional, Union, get_origin

    assert get_origin(PingMessage | PongMessage) in UNION_TYPES
    assert get_origin(Union[PingMessage, PongMessage]) in UNION_TYPES  # noqa: UP007
    assert get_origin(Optional[PingMessage]) in UNION_TYPES  # noqa: UP045
    assert get_origin(list[PingMessage]) not in UNION_TYPES


def test_core_registry_is_the_asyncapi_registry() -> None:
    from chanx.asyncapi import process_registry, registry
    from chanx.core import registry as compat

    for name in compat.__all__:
        source = process_registry if name == "message_registry" else registry
        assert getattr(compat, name) is getattr(source, name)


def test_add_accepts_class_union_and_sequences(registry: MessageRegistry) -> None:
    registry.add(PingMessage, "A")
    registry.add(PingMessage | PongMessage, "B")
    registry.add([PongMessage], "C")
    registry.add((PingMessage, PongMessage), "C")
    assert registry.consumer_messages == {
        "A": {PingMessage},
        "B": {PingMessage, PongMessage},
        "C": {PingMessage, PongMessage},
    }


def test_schemas_are_built_lazily(registry: MessageRegistry) -> None:
    registry.add(PingMessage, "A")
    assert registry._schema_objects == {}
    assert registry.messages == {PingMessage: "#/components/messages/ping_message"}
    assert registry.message_objects == {
        "ping_message": {"payload": {"$ref": "#/components/schemas/PingMessage"}}
    }
    assert registry.schemas == {PingMessage: "#/components/schemas/PingMessage"}


def test_nested_payload_matches_reference_shape(registry: MessageRegistry) -> None:
    registry.add(ChatMessage, "ChatConsumer")
    schemas = registry.schema_objects
    assert schemas["ChatMessage"]["properties"]["payload"] == {
        "$ref": "#/components/schemas/ChatPayload"
    }
    assert schemas["ChatMessage"]["description"] == "Chat message — «Grüße», 你好, emoji 👋."
    payload = schemas["ChatPayload"]["properties"]
    assert payload["inner"] == {"$ref": "#/components/schemas/Inner"}
    assert payload["maybe"] == {
        "anyOf": [{"$ref": "#/components/schemas/Inner"}, {"type": "null"}],
        "default": None,
    }
    assert payload["many"]["items"] == {"$ref": "#/components/schemas/Inner"}
    assert payload["mood"]["$ref"] == "#/components/schemas/Mood"
    assert schemas["Mood"]["enum"] == ["happy", "grumpy"]
    assert_self_contained(registry)


def test_recursive_model(registry: MessageRegistry) -> None:
    registry.add(TreeMessage, "Tree")
    tree = registry.schema_objects["TreeNode"]
    assert tree["title"] == "TreeNode"
    assert tree["properties"]["children"]["items"] == {"$ref": "#/components/schemas/TreeNode"}
    assert_self_contained(registry)


class Left(BaseModel):
    right: "Right | None" = None


class Right(BaseModel):
    left: list[Left] = []


Left.model_rebuild()


class MutualMessage(BaseMessage):
    action: Literal["mutual"] = "mutual"
    payload: Left


def test_mutually_recursive_models(registry: MessageRegistry) -> None:
    registry.add(MutualMessage, "M")
    schemas = registry.schema_objects
    assert set(schemas) == {"MutualMessage", "Left", "Right"}
    assert schemas["Right"]["properties"]["left"]["items"] == {"$ref": "#/components/schemas/Left"}
    assert_self_contained(registry)


def test_discriminated_union_payload(registry: MessageRegistry) -> None:
    registry.add(PetMessage, "Pets")
    payload = registry.schema_objects["PetMessage"]["properties"]["payload"]
    assert payload["discriminator"] == "kind"
    assert {"$ref": "#/components/schemas/CatPet"} in payload["oneOf"]
    assert_self_contained(registry)


def test_title_clash_prefixes_consumer_name(registry: MessageRegistry) -> None:
    registry.add(clash_a.Shout, "AlphaConsumer")
    registry.add(clash_b.Shout, "BetaConsumer")
    schemas = registry.schema_objects
    assert schemas["Shout"]["properties"]["action"]["const"] == "shout_a"
    assert schemas["BetaShout"]["properties"]["action"]["const"] == "shout_b"
    assert schemas["BetaShout"]["title"] == "BetaShout"
    assert schemas["Payload"]["properties"] == {"loud": {"title": "Loud", "type": "boolean"}}
    assert "words" in schemas["BetaPayload"]["properties"]
    assert schemas["BetaShout"]["properties"]["payload"] == {
        "$ref": "#/components/schemas/BetaPayload"
    }
    assert registry.remap_schema_title == {
        clash_b.Shout: "BetaShout",
        clash_b.Payload: "BetaPayload",
    }
    assert registry.messages[clash_b.Shout] == "#/components/messages/beta_shout"
    assert_self_contained(registry)


def test_third_clash_gets_a_number(registry: MessageRegistry) -> None:
    def make() -> type[BaseMessage]:
        class Shout(BaseMessage):
            action: Literal["shout_c"] = "shout_c"
            payload: None = None

        return Shout

    registry.add(clash_a.Shout, "BetaConsumer")
    registry.add(clash_b.Shout, "BetaConsumer")
    third = make()
    registry.add(third, "BetaConsumer")
    assert registry.schemas[third] == "#/components/schemas/BetaShout2"


class Inner(BaseModel):
    """Same name as ``tests.unit.asyncapi.consumers.Inner``, different fields."""

    other: str


class BothInners(BaseMessage):
    action: Literal["both"] = "both"
    payload: dict[str, Any]
    mine: list[Inner]
    theirs: list[ChatMessage]


def test_two_same_named_models_in_one_schema(registry: MessageRegistry) -> None:
    registry.add(BothInners, "BothConsumer")
    schemas = registry.schema_objects
    inner_keys = {k for k, v in schemas.items() if v.get("title", "").endswith("Inner")}
    assert len(inner_keys) == 2
    fields = {frozenset(schemas[k]["properties"]) for k in inner_keys}
    assert fields == {frozenset({"x"}), frozenset({"other"})}
    assert_self_contained(registry)


class Color(StrEnum):
    RED = "red"


class OtherColorModule:
    class Color(StrEnum):
        BLUE = "blue"


class Paint(BaseModel):
    color: Color


class Paint2(BaseMessage):
    action: Literal["paint2"] = "paint2"
    payload: OtherColorModule.Color
    first: Paint


def test_non_model_definitions_with_the_same_name_do_not_collide(registry: MessageRegistry) -> None:
    registry.add(Paint2, "PaintConsumer")
    schemas = registry.schema_objects
    enums = sorted(tuple(v["enum"]) for v in schemas.values() if "enum" in v)
    assert enums == [("blue",), ("red",)]
    assert_self_contained(registry)


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]


class PageMessage(BaseMessage):
    action: Literal["page"] = "page"
    payload: Page[Inner]


def test_generic_model_keys_are_sanitised(registry: MessageRegistry) -> None:
    registry.add(PageMessage, "Pages")
    keys = set(registry.schema_objects)
    assert all(key.replace("_", "").replace(".", "").replace("-", "").isalnum() for key in keys)
    page_key = registry.schemas[Page[Inner]].rsplit("/", 1)[-1]
    assert page_key == "Page_Inner_"
    assert registry.schema_objects[page_key]["title"] == "Page[Inner]"
    assert_self_contained(registry)


class Titled(BaseMessage):
    model_config = ConfigDict(title="Fancy Title")
    action: Literal["titled"] = "titled"
    payload: None = None


def test_custom_model_title(registry: MessageRegistry) -> None:
    registry.add(Titled, "X")
    assert registry.schemas[Titled] == "#/components/schemas/Fancy_Title"
    assert registry.messages[Titled] == "#/components/messages/fancy__title"


class Unknowable:
    pass


def test_build_error_names_consumer_and_stays_pending(registry: MessageRegistry) -> None:
    class Broken(BaseMessage):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        action: Literal["broken"] = "broken"
        payload: Unknowable

    registry.add(PingMessage, "Fine")
    registry.add(Broken, "BrokenConsumer")
    with pytest.raises(SchemaBuildError, match="Broken of consumer BrokenConsumer") as caught:
        registry.build()
    assert caught.value.model is Broken and caught.value.consumer_name == "BrokenConsumer"
    assert registry._messages == {PingMessage: "#/components/messages/ping_message"}
    with pytest.raises(SchemaBuildError):
        _ = registry.schema_objects


class HoldsBroken(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)
    thing: Unknowable


def test_failed_nested_build_leaves_no_dangling_title(registry: MessageRegistry) -> None:
    with pytest.raises(SchemaBuildError):
        registry.build_message_schema(HoldsBroken, "X")
    assert HoldsBroken not in registry._titles
    assert "HoldsBroken" not in registry._claimed


class WithDefault(BaseMessage):
    action: Literal["with_default"] = "with_default"
    payload: Inner = Inner(other="x")


def test_field_defaults_next_to_refs_are_opt_in() -> None:
    plain = MessageRegistry()
    plain.add(WithDefault, "D")
    assert plain.schema_objects["WithDefault"]["properties"]["payload"] == {
        "$ref": "#/components/schemas/Inner"
    }
    keeping = MessageRegistry(keep_ref_defaults=True)
    keeping.add(WithDefault, "D")
    assert keeping.schema_objects["WithDefault"]["properties"]["payload"] == {
        "$ref": "#/components/schemas/Inner",
        "default": {"other": "x"},
    }


class Grüße(BaseMessage):
    """Ünïcödé docstring."""

    action: Literal["grüße"] = "grüße"
    payload: str


def test_non_ascii_class_names_get_ascii_keys(registry: MessageRegistry) -> None:
    registry.add(Grüße, "X")
    key = registry.schemas[Grüße].rsplit("/", 1)[-1]
    assert key.isascii() and key.startswith("Gr")
    schema = registry.schema_objects[key]
    assert schema["title"] == "Grüße"
    assert schema["description"] == "Ünïcödé docstring."
    assert schema["properties"]["action"]["const"] == "grüße"
    assert registry.messages[Grüße].rsplit("/", 1)[-1].isascii()
