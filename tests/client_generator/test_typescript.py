"""The generated TypeScript client type-checks with ``tsc --strict`` (TypeScript from npm)."""

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from chanx.client_generator import generate_client
from tests.client_generator.conftest import TS_DIR, load_doc, tsc


def test_reference_client_type_checks_including_type_level_tests(
    node_dir: Path, reference_doc: dict[str, Any], tmp_path: Path
) -> None:
    generate_client(reference_doc, tmp_path / "client", language="typescript")
    shutil.copy(TS_DIR / "typecheck.ts", tmp_path / "typecheck.ts")
    tsc(tmp_path, node_dir)


def test_clashing_names_type_check(node_dir: Path, tmp_path: Path) -> None:
    generate_client(load_doc("clashes.json"), tmp_path / "client", language="typescript")
    tsc(tmp_path, node_dir)
    messages = (tmp_path / "client" / "messages.ts").read_text(encoding="utf-8")
    assert "export interface ObjectModel {" in messages  # 'Object' would shadow the global
    assert '  "with space"?: string;' in messages and "  class: string;" in messages
    assert '/** Has """ quotes *\\/ and a backslash \\ inside. */' in messages


def test_wrong_usage_fails_to_compile(
    node_dir: Path, reference_doc: dict[str, Any], tmp_path: Path
) -> None:
    generate_client(reference_doc, tmp_path / "client", language="typescript")
    (tmp_path / "bad.ts").write_text(
        'import { EchoClient } from "./client/index.js";\n'
        'new EchoClient("h").sendEcho({ text: 1 });\n',
        encoding="utf-8",
    )
    try:
        tsc(tmp_path, node_dir)
    except AssertionError as error:
        assert "bad.ts" in str(error) and "TS2322" in str(error)
    else:
        raise AssertionError("tsc accepted a payload of the wrong type")


def test_runtime_reconnects_filters_actions_and_guards_send(
    node_dir: Path, reference_doc: dict[str, Any], tmp_path: Path
) -> None:
    generate_client(reference_doc, tmp_path / "client", language="typescript")
    shutil.copy(TS_DIR / "reconnect.ts", tmp_path / "reconnect.ts")
    tsc(tmp_path, node_dir, emit=True)
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "dist/reconnect.js"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "connections": 2,
        "reply": {"text": "hi", "count": 3},
        "invalid": ["not json", {"action": "chat_notification", "payload": {}}],
        "notConnected": "Error: Not connected to WebSocket server",
        "delays": [20, 60, 100, 100],
    }


def test_document_from_another_generator_type_checks(node_dir: Path, tmp_path: Path) -> None:
    from chanx.client_generator import load_schema

    document = load_schema(Path(__file__).parent / "data" / "foreign.yaml")
    generate_client(document, tmp_path / "client", language="typescript")
    tsc(tmp_path, node_dir)
    messages = (tmp_path / "client" / "messages.ts").read_text(encoding="utf-8")
    assert "export interface ReadingPayload {" in messages
    client = (tmp_path / "client" / "readings.ts").read_text(encoding="utf-8")
    # 'subscribe' has no constant action: the whole message is the parameter.
    assert "sendSubscribe(message: Subscribe): void {" in client
