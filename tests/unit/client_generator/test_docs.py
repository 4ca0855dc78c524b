"""docs/clients.md: every example is an excerpt of executed code (or a command run here)."""

import asyncio
import json
import re
import shlex
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from examples.clients.python_client import generate, run_echo

from chanx.cli.main import cli
from chanx.client_generator import load_schema
from tests.unit.client_generator.conftest import REPO, TscBuild

DOC = (REPO / "docs" / "clients.md").read_text(encoding="utf-8")
EXAMPLES = REPO / "examples" / "clients"


def blocks(language: str) -> list[str]:
    return [
        textwrap.dedent(b).strip() for b in re.findall(rf"```{language}\n(.*?)```", DOC, flags=re.S)
    ]


def test_python_and_typescript_blocks_are_excerpts_of_examples() -> None:
    python = (EXAMPLES / "python_client.py").read_text(encoding="utf-8")
    typescript = (EXAMPLES / "browser.ts").read_text(encoding="utf-8")
    assert len(blocks("python")) == 2 and len(blocks("ts")) == 1
    for block in blocks("python"):
        assert block in python, block
    for block in blocks("ts"):
        assert block in typescript, block


def test_bash_commands_run(
    tmp_path: Path, reference_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "asyncapi.json").write_text(json.dumps(reference_doc), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    commands = [line for block in blocks("bash") for line in block.splitlines()]
    assert len(commands) == 3
    for command in commands:
        argv = shlex.split(command)
        assert argv[0] == "chanx"
        result = CliRunner().invoke(cli, argv[1:])
        assert result.exit_code == 0, (command, result.output)
    assert (tmp_path / "my_client" / "room_chat" / "client.py").exists()
    assert (tmp_path / "web" / "src" / "chat" / "messages.ts").exists()
    assert not (tmp_path / "web" / "src" / "chat" / "README.md").exists()


@pytest.fixture
def my_client(demo_server: str, tmp_path: Path) -> Iterator[Path]:
    generate(f"http://{demo_server}/asyncapi.json", tmp_path / "my_client")
    sys.path.insert(0, str(tmp_path))
    try:
        yield tmp_path / "my_client"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("my_client")]:
            del sys.modules[name]


async def test_python_example_runs_against_the_live_server(
    demo_server: str, my_client: Path
) -> None:
    assert await asyncio.wait_for(run_echo(demo_server), 15) == ["hello", "hello", "BYE"]


def test_typescript_example_type_checks(ts_build: TscBuild, reference_doc: dict[str, Any]) -> None:
    # browser.ts is compiled next to the client of reference.json in the shared tsc run.
    example = ts_build.root / "reference" / "browser.ts"
    assert example.read_text(encoding="utf-8") == (EXAMPLES / "browser.ts").read_text("utf-8")
    ts_build.assert_clean("reference", but="reference/bad.ts")
    assert (
        load_schema(REPO / "tests" / "unit" / "client_generator" / "data" / "reference.json")
        == reference_doc
    )
