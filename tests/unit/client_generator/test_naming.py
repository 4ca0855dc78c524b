"""Identifier rules: case conversion and safe renames for both languages."""

import keyword

import pytest

from chanx.client_generator.naming import (
    Namer,
    camel_case,
    field_name,
    module_name,
    pascal_case,
    snake_case,
    type_name,
)


@pytest.mark.parametrize(
    ("raw", "snake", "pascal", "camel"),
    [
        ("ChatMessage", "chat_message", "ChatMessage", "chatMessage"),
        ("chat_message", "chat_message", "ChatMessage", "chatMessage"),
        ("chat-message v2", "chat_message_v2", "ChatMessageV2", "chatMessageV2"),
        ("HTTPError", "http_error", "HTTPError", "hTTPError"),
        ("userName", "user_name", "UserName", "userName"),
    ],
)
def test_case_conversion(raw: str, snake: str, pascal: str, camel: str) -> None:
    assert (snake_case(raw), pascal_case(raw), camel_case(raw)) == (snake, pascal, camel)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("class", "Class"),
        ("Object", "ObjectModel"),
        ("String", "StringModel"),
        ("BaseModel", "BaseModelModel"),
        ("IncomingMessage", "IncomingMessageModel"),
        ("2fa-Code", "N2faCode"),
        ("Exception", "ExceptionModel"),
        ("Promise", "PromiseModel"),
        ("", "Model"),
    ],
)
def test_type_names_avoid_keywords_builtins_and_globals(raw: str, expected: str) -> None:
    assert type_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("class", "class_"),
        ("from", "from_"),
        ("1st", "n1st"),
        ("_private", "private"),
        ("model_config", "field_model_config"),
        ("json", "json_"),
        ("with space", "with_space"),
        ("type", "type"),
        ("user_name", "user_name"),
        ("userName", "userName"),
    ],
)
def test_field_names(raw: str, expected: str) -> None:
    name = field_name(raw)
    assert name == expected
    assert name.isidentifier() and not keyword.iskeyword(name)


def test_field_name_avoids_forbidden_class_names() -> None:
    assert field_name("Inner", {"Inner"}) == "Inner_"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("import", "import_"),
        ("base", "base_"),
        ("shared", "shared_"),
        ("1st channel", "n1st_channel"),
        ("Chat", "chat"),
    ],
)
def test_module_names(raw: str, expected: str) -> None:
    assert module_name(raw) == expected


def test_namer_suffixes_duplicates() -> None:
    namer = Namer({"Taken"})
    assert [namer.take("Taken"), namer.take("Foo"), namer.take("Foo")] == ["Taken2", "Foo", "Foo2"]


def test_union_text_orders_members_and_absorbs_into_the_any_type() -> None:
    from chanx.client_generator.naming import union_text

    assert union_text(["None", "int", "str", "int"], "Any", "None") == "int | str | None"
    assert union_text(["int", "Any", "str"], "Any", "None") == "Any"
    assert union_text(["null", "string"], "unknown", "null") == "string | null"


def test_referenced_key_names_the_schema_or_fails() -> None:
    from chanx.client_generator.refs import referenced_key

    assert referenced_key("#/components/schemas/Chat", {"Chat"}) == "Chat"
    with pytest.raises(ValueError, match="Unresolvable"):
        referenced_key("#/components/schemas/Other", {"Chat"})
