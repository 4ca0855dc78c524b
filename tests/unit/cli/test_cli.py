"""``chanx generate-client``: options, output handling and exit codes."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from chanx.cli.main import cli

REFERENCE = Path(__file__).parent.parent / "client_generator" / "data" / "reference.json"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_generate_python_client(tmp_path: Path) -> None:
    out = tmp_path / "client"
    code, stdout, _ = invoke("generate-client", "-s", str(REFERENCE), "-o", str(out))
    assert code == 0
    assert stdout.splitlines()[:2] == [
        "Schema: Demo Chat API (version 2.1.0)",
        "  2 channels, 6 operations, 13 schemas",
    ]
    assert f"Generated python client in {out}" in stdout
    assert {"__init__.py", "README.md", "base", "shared", "echo", "room_chat", "py.typed"} <= {
        p.name for p in out.iterdir()
    }


def test_generate_typescript_client_without_readme(tmp_path: Path) -> None:
    out = tmp_path / "ts"
    code, _, _ = invoke(
        "generate-client", "-s", str(REFERENCE), "-o", str(out), "-l", "typescript", "--no-readme"
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "base.ts",
        "echo.ts",
        "index.ts",
        "messages.ts",
        "room_chat.ts",
    ]


def test_missing_file_and_invalid_schema_exit_1(tmp_path: Path) -> None:
    code, _, stderr = invoke(
        "generate-client", "-s", str(tmp_path / "nope.json"), "-o", str(tmp_path / "o")
    )
    assert code == 1 and "Schema file not found" in stderr
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"asyncapi": "2.6.0", "info": {"title": "x", "version": "1"}}), encoding="utf-8"
    )
    code, _, stderr = invoke("generate-client", "-s", str(bad), "-o", str(tmp_path / "o"))
    assert code == 1 and "invalid schema: Unsupported AsyncAPI version '2.6.0'" in stderr
    code, _, stderr = invoke(
        "generate-client", "-s", "http://127.0.0.1:9/asyncapi.json", "-o", str(tmp_path / "o")
    )
    assert code == 1 and "Could not fetch" in stderr


def test_required_options() -> None:
    code, _, stderr = invoke("generate-client", "-s", str(REFERENCE))
    assert code == 2 and "--output" in stderr


def test_regeneration_keeps_base_and_clears_channels(tmp_path: Path) -> None:
    out = tmp_path / "client"
    assert invoke("generate-client", "-s", str(REFERENCE), "-o", str(out), "--no-format")[0] == 0
    (out / "base" / "client.py").write_text("# edited by the user\n", encoding="utf-8")
    (out / "stale_channel").mkdir()
    (out / "stale_channel" / "client.py").write_text("", encoding="utf-8")
    assert invoke("generate-client", "-s", str(REFERENCE), "-o", str(out), "--no-format")[0] == 0
    assert (out / "base" / "client.py").read_text(encoding="utf-8") == "# edited by the user\n"
    assert not (out / "stale_channel").exists()
    (out / "stale_channel").mkdir()
    assert (
        invoke(
            "generate-client",
            "-s",
            str(REFERENCE),
            "-o",
            str(out),
            "--no-format",
            "--no-clear-channels",
        )[0]
        == 0
    )
    assert (out / "stale_channel").exists()
    assert (
        invoke(
            "generate-client",
            "-s",
            str(REFERENCE),
            "-o",
            str(out),
            "--no-format",
            "--override-base",
        )[0]
        == 0
    )
    assert "class BaseClient" in (out / "base" / "client.py").read_text(encoding="utf-8")
    assert (
        invoke(
            "generate-client", "-s", str(REFERENCE), "-o", str(out), "--no-format", "--clear-output"
        )[0]
        == 0
    )
    assert not (out / "stale_channel").exists() and (out / "base" / "client.py").exists()


def test_refuses_to_clear_a_foreign_directory(tmp_path: Path) -> None:
    precious = tmp_path / "project"
    precious.mkdir()
    (precious / "important.txt").write_text("keep me", encoding="utf-8")
    code, _, stderr = invoke(
        "generate-client", "-s", str(REFERENCE), "-o", str(precious), "--clear-output"
    )
    assert code == 1 and "Refusing to clear" in stderr
    assert (precious / "important.txt").read_text(encoding="utf-8") == "keep me"


def test_formatter_option_and_failure_only_warns(tmp_path: Path) -> None:
    code, stdout, stderr = invoke(
        "generate-client", "-s", str(REFERENCE), "-o", str(tmp_path / "a"), "-f", "false"
    )
    assert (
        code == 0 and "Warning: Formatter 'false' exited with 1" in stderr and "Generated" in stdout
    )
    code, _, stderr = invoke(
        "generate-client",
        "-s",
        str(REFERENCE),
        "-o",
        str(tmp_path / "b"),
        "-f",
        "no-such-formatter-xyz",
    )
    assert code == 0 and "Warning: Formatter 'no-such-formatter-xyz' failed" in stderr


def test_console_script_is_installed() -> None:
    chanx = shutil.which("chanx")
    if chanx is None:
        pytest.fail("the 'chanx' console script is not installed (run 'uv sync')")
    result = subprocess.run(
        [chanx, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0 and "generate-client" in result.stdout


def test_server_flags_match_chanx_frame_limit() -> None:
    uvicorn = CliRunner().invoke(cli, ["server-flags"])
    assert uvicorn.exit_code == 0
    assert uvicorn.output.split() == [
        "--ws-max-size",
        "1048576",
        "--ws-per-message-deflate",
        "false",
        "--timeout-graceful-shutdown",
        "10",
    ]
    daphne = CliRunner().invoke(cli, ["server-flags", "daphne", "--max-size", "2048"])
    assert daphne.output.split() == ["--websocket-max-message-size", "2048"]
    assert CliRunner().invoke(cli, ["server-flags", "hypercorn"]).exit_code != 0


def test_output_directory_refusal_is_not_called_an_invalid_schema(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("not generated", encoding="utf-8")
    code, _, stderr = invoke("generate-client", "-s", str(REFERENCE), "-o", str(out))
    assert code == 1
    assert "Refusing to clear" in stderr and "invalid schema" not in stderr


@pytest.mark.parametrize("name", ["docs.html", "docs"])
def test_an_html_page_as_schema_gets_a_clear_error(tmp_path: Path, name: str) -> None:
    page = tmp_path / name
    page.write_text(
        "<!DOCTYPE html>\n<html><head><title>AsyncAPI</title></head><body></body></html>\n",
        encoding="utf-8",
    )
    code, _, stderr = invoke("generate-client", "-s", str(page), "-o", str(tmp_path / "o"))
    assert code == 1
    assert "HTML page" in stderr and "not an AsyncAPI document" in stderr
    assert "YAML" not in stderr.split("not an AsyncAPI document")[0]


def test_generated_python_readme_imports_the_real_package(tmp_path: Path) -> None:
    out = tmp_path / "chat_client"
    assert invoke("generate-client", "-s", str(REFERENCE), "-o", str(out), "--no-format")[0] == 0
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "from chat_client import " in readme and "<package>" not in readme
