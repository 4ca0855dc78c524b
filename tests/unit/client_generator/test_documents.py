"""Loading documents, rejecting bad ones, and safe code for names that clash."""

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from chanx.client_generator import generate_client, load_schema
from chanx.client_generator.analyzer import analyze
from tests.unit.client_generator.conftest import load_doc, python_checks


def test_load_json_and_yaml_files(tmp_path: Path, reference_doc: dict[str, Any]) -> None:
    (tmp_path / "doc.json").write_text(json.dumps(reference_doc), encoding="utf-8")
    (tmp_path / "doc.yaml").write_text(yaml.safe_dump(reference_doc), encoding="utf-8")
    (tmp_path / "doc.txt").write_text(yaml.safe_dump(reference_doc), encoding="utf-8")
    for name in ("doc.json", "doc.yaml", "doc.txt"):
        assert load_schema(tmp_path / name) == reference_doc


def test_load_missing_file_and_non_object(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        load_schema(tmp_path / "absent.json")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="top level must be an object"):
        load_schema(tmp_path / "list.json")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="Invalid JSON"):
        load_schema(tmp_path / "broken.json")


def test_load_from_url_and_http_errors(demo_server: str) -> None:
    document = load_schema(f"http://{demo_server}/asyncapi.json")
    assert document["asyncapi"] == "3.0.0" and "echo_room" in document["channels"]
    with pytest.raises(ValueError, match="Could not fetch"):
        load_schema(f"http://{demo_server}/missing.json")


def test_client_generator_takes_a_schema_path_or_url(demo_server: str, tmp_path: Path) -> None:
    """``ClientGenerator(schema_path, output_dir, generate_readme, clear_output, ...)``."""
    from chanx.client_generator.generator import ClientGenerator

    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(load_doc("reference.json")), encoding="utf-8")
    from_file = ClientGenerator(str(schema), str(tmp_path / "a"), False, False, False, True)
    written = {p.relative_to(tmp_path / "a").as_posix() for p in from_file.generate()}
    assert "README.md" not in written and "__init__.py" in written
    with_readme = ClientGenerator(str(schema), str(tmp_path / "b"))
    assert "README.md" in {p.name for p in with_readme.generate()}
    from_url = ClientGenerator(f"http://{demo_server}/asyncapi.json", str(tmp_path / "c"))
    assert from_url.doc.title == analyze(load_schema(f"http://{demo_server}/asyncapi.json")).title
    with pytest.raises(FileNotFoundError):
        ClientGenerator(str(tmp_path / "missing.json"), str(tmp_path / "d"))


def _broken(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(load_doc("reference.json"))
    mutate(document)
    return document


BAD_DOCUMENTS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("openapi", lambda d: d.update(openapi="3.1.0"), "OpenAPI"),
    ("no version", lambda d: d.pop("asyncapi"), "'asyncapi' version field is missing"),
    ("asyncapi 2", lambda d: d.update(asyncapi="2.6.0"), "only 3.x"),
    ("no title", lambda d: d["info"].pop("title"), "info.title"),
    ("channels list", lambda d: d.update(channels=[]), "channels must be an object"),
    (
        "bad action",
        lambda d: d["operations"]["chat"].update(action="publish"),
        "'send' or 'receive'",
    ),
    (
        "dangling channel",
        lambda d: d["operations"]["chat"].update(channel={"$ref": "#/channels/nope"}),
        "Unresolvable reference '#/channels/nope'",
    ),
    (
        "dangling message",
        lambda d: d["channels"]["echo"]["messages"].update(
            echo_message={"$ref": "#/components/messages/nope"}
        ),
        "Unresolvable reference '#/components/messages/nope'",
    ),
    (
        "dangling schema",
        lambda d: d["components"]["schemas"]["EchoMessage"]["properties"]["payload"].update(
            {"$ref": "#/components/schemas/Nope"}
        ),
        "Unresolvable reference '#/components/schemas/Nope'",
    ),
    (
        "external ref",
        lambda d: d["components"]["schemas"]["EchoMessage"]["properties"]["payload"].update(
            {"$ref": "other.json#/X"}
        ),
        "only local",
    ),
    (
        "left-over $defs",
        lambda d: d["components"]["schemas"]["EchoMessage"]["properties"]["payload"].update(
            {"$ref": "#/$defs/EchoPayload"}
        ),
        "Unresolvable reference '#/\\$defs/EchoPayload'",
    ),
    (
        "no payload",
        lambda d: d["components"]["messages"]["echo_message"].pop("payload"),
        "no payload schema",
    ),
    (
        "info.version not a string",
        lambda d: d["info"].update(version={"major": 1}),
        "Invalid AsyncAPI document at info.version",
    ),
    (
        "schema not object",
        lambda d: d["components"]["schemas"].update(Broken=True),
        "components.schemas.Broken must be an object",
    ),
]


@pytest.mark.parametrize(
    ("label", "mutate", "message"), BAD_DOCUMENTS, ids=[b[0] for b in BAD_DOCUMENTS]
)
def test_invalid_documents_raise_clear_value_errors(
    label: str, mutate: Callable[[dict[str, Any]], None], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=message):
        generate_client(_broken(mutate), tmp_path / "out")
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_directions_follow_operations(reference_doc: dict[str, Any]) -> None:
    doc = analyze(reference_doc)
    room = next(c for c in doc.channels if c.key == "room_chat")
    assert [m.action for m in room.outgoing] == ["chat", "ping"]
    assert [m.action for m in room.incoming] == ["error", "pong", "chat_notification"]
    assert doc.shared == {"ErrorMessage", "PingMessage", "PongMessage"}


def test_clashing_names_generate_valid_python(
    make_package: Callable[..., tuple[Path, ModuleType | None]], mypy_cache: Path
) -> None:
    path, package = make_package(load_doc("clashes.json"))
    assert package is not None
    python_checks(path, mypy_cache)
    assert sorted(p.name for p in path.iterdir() if p.is_dir()) == [
        "base",
        "base_",
        "chat",
        "chat2",
        "import_",
        "n1st_channel",
        "shared",
    ]
    shared = sys.modules[f"{package.__name__}.shared.messages"]
    wire = {
        "class": "c",
        "from": 1,
        "json": 2.5,
        "type": "a",
        "when": "2024-01-01T00:00:00Z",
        "1st": True,
        "_private": "p",
        "model_config": "m",
        "with space": "w",
        "Inner": {"children": [{"meta": {"a": 1}}]},
    }
    model = shared.ObjectModel.model_validate(wire)
    assert (model.class_, model.from_, model.n1st, model.private, model.field_model_config) == (
        "c",
        1,
        True,
        "p",
        "m",
    )
    assert model.Inner_.children[0].meta == {"a": 1}
    dumped = model.model_dump(mode="json", by_alias=True)
    assert {k: dumped[k] for k in wire if k != "Inner"} == {
        k: v for k, v in wire.items() if k != "Inner"
    }
    # Python names work as constructor keywords too.
    assert (
        shared.ObjectModel(
            class_="x", from_=2, json_=1.0, type="b", when="2024-01-01T00:00:00Z"
        ).class_
        == "x"
    )
    import_client = sys.modules[f"{package.__name__}.import_.client"].ImportClient
    # 'send_message' belongs to the runtime; the action 'message' gets 'send_message2'.
    assert hasattr(import_client, "send_message2") and hasattr(import_client, "on_2go")
    assert (
        import_client("127.0.0.1:1", path_params={"1st": "a b"}).url
        == "ws://127.0.0.1:1/ws/import/a%20b/"
    )


def test_inline_payloads_become_one_named_model(
    make_package: Callable[..., tuple[Path, ModuleType]],  # import_it=True: never None
) -> None:
    _, package = make_package(load_doc("clashes.json"))
    messages = sys.modules[f"{package.__name__}.n1st_channel.messages"]
    assert messages.InlineNote(payload="hi").action == "note"
    assert not hasattr(messages, "InlineNote2")


def test_document_from_another_generator(
    make_package: Callable[..., tuple[Path, ModuleType | None]], mypy_cache: Path
) -> None:
    document = load_schema(Path(__file__).parent / "data" / "foreign.yaml")
    before = copy.deepcopy(document)
    path, package = make_package(document)
    assert document == before  # generation never modifies the caller's document
    assert package is not None and package.__version__ == "7"
    python_checks(path, mypy_cache)
    messages = sys.modules[f"{package.__name__}.readings.messages"]
    reading = messages.Reading.model_validate(
        {"action": "reading", "payload": {"sensor": "t1", "values": [1.5, 2]}}
    )
    # The inline payload object became a model of its own.
    assert isinstance(reading.payload, messages.ReadingPayload)
    assert (reading.payload.sensor, reading.payload.values, reading.payload.at) == (
        "t1",
        [1.5, 2],
        None,
    )
    # No constant action: the generic send takes the whole message.
    client = package.ReadingsClient("ws://h:1")
    assert client.url == "ws://h:1"
    assert hasattr(client, "send_subscribe") and hasattr(client, "on_reading")
    assert messages.Reading(payload={"sensor": "s", "values": []}).action == "reading"


def _rename_action(doc: dict[str, Any], old: str, new: str) -> None:
    for schema in doc["components"]["schemas"].values():
        action = schema.get("properties", {}).get("action", {})
        if action.get("const") == old:
            action["const"] = action["default"] = new


def test_method_names_do_not_repeat_the_prefix(reference_doc: dict[str, Any]) -> None:
    _rename_action(reference_doc, "chat", "send_chat")
    _rename_action(reference_doc, "pong", "on_pong")
    room = next(c for c in analyze(reference_doc).channels if c.key == "room_chat")
    assert [m.method for m in room.outgoing] == ["chat", "ping"]  # send_chat(), send_ping()
    assert [m.method for m in room.incoming] == ["error", "pong", "chat_notification"]


def test_stripped_method_names_never_clash(reference_doc: dict[str, Any]) -> None:
    _rename_action(reference_doc, "chat", "send_ping")  # stripped, it would clash with "ping"
    _rename_action(reference_doc, "pong", "on_error")  # and this one with "error"
    room = next(c for c in analyze(reference_doc).channels if c.key == "room_chat")
    assert [m.method for m in room.outgoing] == ["send_ping", "ping"]
    assert [m.method for m in room.incoming] == ["error", "on_error", "chat_notification"]


def test_stripped_name_never_takes_a_runtime_method(reference_doc: dict[str, Any]) -> None:
    _rename_action(reference_doc, "chat", "send_json")  # send_json() belongs to the runtime
    room = next(c for c in analyze(reference_doc).channels if c.key == "room_chat")
    assert [m.method for m in room.outgoing] == ["send_json", "ping"]
