"""The client generator's 2.x module API: templates, codegen, SchemaLoader, SharedItemsAnalyzer,
``ClientGenerator(schema_path=...)`` attributes and a kept ``base`` package."""

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from chanx.asyncapi.type_defs import AsyncAPIDocument, MessageObject, SchemaObject
from chanx.client_generator import codegen, generator, templates
from chanx.client_generator.analyzer import SharedItemsAnalyzer
from chanx.client_generator.generator import ClientGenerator
from chanx.client_generator.loader import SchemaLoader

TEMPLATE_FILES = {
    "CHANNEL_CLIENT_TEMPLATE": "channel_client.py.j2",
    "TOPIC_HANDLE_TEMPLATE": "topic_handle.py.j2",
    "TOPIC_CONNECTION_TEMPLATE": "topic_connection.py.j2",
    "CHANNEL_INIT_TEMPLATE": "channel_init.py.j2",
    "PACKAGE_INIT_TEMPLATE": "package_init.py.j2",
    "README_TEMPLATE": "README.md.j2",
}


def test_template_names_are_the_sources_of_the_files() -> None:
    folder = Path(templates.__file__).parent
    for name, file in TEMPLATE_FILES.items():
        source = getattr(templates, name)
        assert source == (folder / file).read_text(encoding="utf-8")
        assert getattr(generator, name) is source


def test_environment_filters_and_get_template() -> None:
    env = templates.get_env()
    assert (env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline) == (True, True, True)
    assert env.filters["snake_case"] is templates.snake_case_filter
    assert env.filters["pascal_case"] is templates.pascal_case_filter
    assert templates.snake_case_filter("Room Chat-Live") == "room_chat_live"
    assert templates.pascal_case_filter("room_chat-live now") == "RoomChatLiveNow"
    rendered = templates.get_template("{{ x | pascal_case }}:{{ x | snake_case }}\n").render(
        x="big-room"
    )
    assert rendered == "BigRoom:big_room\n"


def test_the_generator_renders_these_templates(reference_doc: dict[str, Any]) -> None:
    files = ClientGenerator(reference_doc, "unused").files()
    init = templates.get_template(templates.CHANNEL_INIT_TEMPLATE).render(
        module_doc='"""The ``echo`` channel: client and message models."""',
        client_import="from .client import EchoClient",
        messages_import="from .messages import IncomingMessage, OutgoingMessage",
        names=json.dumps(["EchoClient", "IncomingMessage", "OutgoingMessage"]),
    )
    assert files["echo/__init__.py"] == init


def test_extract_channel_messages_follows_operation_directions(
    reference_doc: dict[str, Any],
) -> None:
    channels = codegen.extract_channel_messages(reference_doc)
    assert set(channels) == {"room_chat", "echo"}
    incoming, outgoing = channels["echo"]
    assert [m.name for m in incoming] == [
        "echo_reply",
        "pong_message",
        "error_message",
        "server_notice",
    ]
    assert [m.name for m in outgoing] == ["echo_message", "ping_message"]
    assert all(isinstance(m, MessageObject) for m in incoming + outgoing)
    # Payloads are resolved inline: the nested payload model is there, titled.
    payload = incoming[0].payload
    assert payload is not None and payload.title == "EchoReply"
    assert payload.properties is not None and payload.properties["payload"].title
    # The parsed document works too.
    parsed = AsyncAPIDocument.model_validate(reference_doc)
    assert codegen.extract_channel_messages(parsed).keys() == channels.keys()


def test_schemas_from_messages_come_dependencies_first(reference_doc: dict[str, Any]) -> None:
    incoming, outgoing = codegen.extract_channel_messages(reference_doc)["room_chat"]
    titles = [s.title for s in codegen.extract_schemas_from_messages(incoming + outgoing)]
    assert set(titles) == {
        "Author",
        "ChatMessage",
        "ChatNotificationMessage",
        "ChatPayload",
        "ErrorMessage",
        "NotificationPayload",
        "PingMessage",
        "PongMessage",
    }
    for before, after in [
        ("Author", "NotificationPayload"),
        ("NotificationPayload", "ChatNotificationMessage"),
        ("ChatPayload", "ChatMessage"),
    ]:
        assert titles.index(before) < titles.index(after)


def schema(title: str, *uses: str) -> SchemaObject:
    return SchemaObject.model_validate(
        {
            "title": title,
            "type": "object",
            "properties": {u.lower(): {"$ref": f"#/components/schemas/{u}"} for u in uses},
        }
    )


def test_topological_sort_breaks_ties_by_title_and_appends_cycles() -> None:
    ordered = codegen.topological_sort_schemas(
        [schema("Zed"), schema("Top", "Mid", "Alpha"), schema("Mid", "Zed"), schema("Alpha")]
    )
    assert [s.title for s in ordered] == ["Alpha", "Zed", "Mid", "Top"]
    cyclic = codegen.topological_sort_schemas([schema("B", "A"), schema("A", "B"), schema("C")])
    assert [s.title for s in cyclic] == ["C", "A", "B"]


def test_generate_pydantic_code_defines_working_models(
    reference_doc: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incoming, outgoing = codegen.extract_channel_messages(reference_doc)["room_chat"]
    schemas = codegen.extract_schemas_from_messages(incoming + outgoing)
    (tmp_path / "codegen_models.py").write_text(
        codegen.generate_pydantic_code(schemas), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("codegen_models")
    chat = module.ChatMessage.model_validate(
        {"action": "chat", "payload": {"message": "hi", "mood": "happy"}}
    )
    assert chat.payload.message == "hi"
    with pytest.raises(ValueError):
        module.ChatMessage.model_validate({"action": "chat", "payload": {"mood": "x"}})
    monkeypatch.delitem(sys.modules, "codegen_models")

    shared = [s for s in schemas if s.title == "ChatPayload"]
    own = [s for s in schemas if s.title == "ChatMessage"]
    code = codegen.generate_pydantic_code(own, shared_schemas=shared)
    assert "from ..shared.messages import ChatPayload" in code
    assert "class ChatPayload" not in code and "class ChatMessage(BaseModel):" in code


def test_schema_loader_reads_files_and_reports_errors(
    tmp_path: Path, reference_doc: dict[str, Any]
) -> None:
    as_json = tmp_path / "doc.json"
    as_json.write_text(json.dumps(reference_doc), encoding="utf-8")
    as_yaml = tmp_path / "doc.yaml"
    as_yaml.write_text(yaml.safe_dump(reference_doc), encoding="utf-8")
    no_suffix = tmp_path / "doc"
    no_suffix.write_text(yaml.safe_dump(reference_doc), encoding="utf-8")
    for path in (as_json, as_yaml, no_suffix):
        assert SchemaLoader.load(str(path)) == reference_doc
    with pytest.raises(FileNotFoundError):
        SchemaLoader.load(str(tmp_path / "missing.json"))
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="object"):
        SchemaLoader.load(str(listing))


def test_shared_items_are_those_of_two_channels(reference_doc: dict[str, Any]) -> None:
    analyzer = SharedItemsAnalyzer(reference_doc)
    assert set(analyzer.shared_messages) == {"error_message", "pong_message", "ping_message"}
    assert set(analyzer.shared_schemas) == {"ErrorMessage", "PingMessage", "PongMessage"}
    assert all(isinstance(m, MessageObject) for m in analyzer.shared_messages.values())
    parsed = SharedItemsAnalyzer(AsyncAPIDocument.model_validate(reference_doc))
    assert set(parsed.shared_schemas) == set(analyzer.shared_schemas)


def test_a_schema_reached_only_through_nesting_counts(reference_doc: dict[str, Any]) -> None:
    document = json.loads(json.dumps(reference_doc))
    # The echo reply now carries an Author deep inside an anyOf of an array.
    document["components"]["schemas"]["EchoPayload"]["properties"]["by"] = {
        "anyOf": [{"type": "array", "items": {"$ref": "#/components/schemas/Author"}}]
    }
    assert "Author" in SharedItemsAnalyzer(document).shared_schemas


def test_client_generator_keyword_schema_path(
    tmp_path: Path, reference_doc: dict[str, Any]
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(reference_doc), encoding="utf-8")
    made = ClientGenerator(schema_path=str(path), output_dir=str(tmp_path / "out"))
    assert made.schema_path == str(path)
    assert set(made.channel_messages) == {"room_chat", "echo"}
    assert [m.name for m in made.channel_messages["room_chat"][1]] == [
        "chat_message",
        "ping_message",
    ]
    assert set(made.shared_messages) == {"error_message", "pong_message", "ping_message"}


def test_override_base_false_keeps_each_base_file(
    tmp_path: Path, reference_doc: dict[str, Any]
) -> None:
    out = tmp_path / "client"
    ClientGenerator(reference_doc, out).generate()
    edited = "# my edits\n"
    (out / "base" / "client.py").write_text(edited, encoding="utf-8")
    (out / "base" / "topic_client.py").unlink()
    ClientGenerator(reference_doc, out, override_base=False).generate()
    assert (out / "base" / "client.py").read_text(encoding="utf-8") == edited
    assert "class BaseTopicConnection" in (out / "base" / "topic_client.py").read_text(
        encoding="utf-8"
    )
    ClientGenerator(reference_doc, out, override_base=True).generate()
    assert "class BaseClient" in (out / "base" / "client.py").read_text(encoding="utf-8")
