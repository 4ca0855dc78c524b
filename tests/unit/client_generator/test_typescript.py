"""The generated TypeScript client type-checks with ``tsc --strict`` (TypeScript from npm).

All fixtures compile in one tsc run (``ts_build``); each test asserts on its own files.
"""

import json
import shutil
import subprocess

from tests.unit.client_generator.conftest import TscBuild


def test_reference_client_type_checks_including_type_level_tests(ts_build: TscBuild) -> None:
    assert (ts_build.root / "reference" / "typecheck.ts").exists()
    ts_build.assert_clean("reference", but="reference/bad.ts")


def test_clashing_names_type_check(ts_build: TscBuild) -> None:
    ts_build.assert_clean("clashes")
    messages = (ts_build.root / "clashes" / "client" / "messages.ts").read_text(encoding="utf-8")
    assert "export interface ObjectModel {" in messages  # 'Object' would shadow the global
    assert '  "with space"?: string;' in messages and "  class: string;" in messages
    assert '/** Has """ quotes *\\/ and a backslash \\ inside. */' in messages


def test_wrong_usage_fails_to_compile(ts_build: TscBuild) -> None:
    # bad.ts passes a number where the generated client wants a string.
    bad = [d for d in ts_build.diagnostics("reference") if d.startswith("reference/bad.ts(")]
    assert ts_build.returncode != 0, "tsc accepted a payload of the wrong type"
    assert bad, f"tsc accepted a payload of the wrong type:\n{ts_build.output}"
    assert all(d.startswith("reference/bad.ts(2,") and "TS2322" in d for d in bad), bad


def test_runtime_reconnects_filters_actions_and_guards_send(ts_build: TscBuild) -> None:
    ts_build.assert_clean("reference", but="reference/bad.ts")
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, "dist/reference/reconnect.js"],
        cwd=ts_build.root,
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


def test_document_from_another_generator_type_checks(ts_build: TscBuild) -> None:
    ts_build.assert_clean("foreign")
    messages = (ts_build.root / "foreign" / "client" / "messages.ts").read_text(encoding="utf-8")
    assert "export interface ReadingPayload {" in messages
    client = (ts_build.root / "foreign" / "client" / "readings.ts").read_text(encoding="utf-8")
    # 'subscribe' has no constant action: the whole message is the parameter.
    assert "sendSubscribe(message: Subscribe): void {" in client
