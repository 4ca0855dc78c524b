"""Generated output for ``reference.json``, compared file by file with committed snapshots.

Regenerate after an intended change with ``CHANX_UPDATE_SNAPSHOTS=1 uv run pytest tests/unit/client_generator``.
"""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from chanx.client_generator import generate_client

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("CHANX_UPDATE_SNAPSHOTS") == "1"


def tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_reference_output_matches_snapshot(
    language: str, reference_doc: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "demo_client"
    generate_client(reference_doc, out, language=language)
    generated = tree(out)
    expected_dir = SNAPSHOTS / language
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(out, expected_dir, ignore=shutil.ignore_patterns("__pycache__"))
    expected = tree(expected_dir)
    assert sorted(generated) == sorted(expected)
    for name, text in expected.items():
        assert generated[name] == text, f"{language}/{name} differs from its snapshot"


def test_snapshot_covers_every_channel(reference_doc: dict[str, Any]) -> None:
    python = tree(SNAPSHOTS / "python")
    assert {"room_chat/client.py", "echo/client.py", "shared/messages.py", "base/client.py"} <= set(
        python
    )
    assert (
        "class RoomChatClient(BaseClient[IncomingMessage, OutgoingMessage]):"
        in python["room_chat/client.py"]
    )
    typescript = tree(SNAPSHOTS / "typescript")
    assert (
        "export type RoomChatIncoming = ErrorMessage | PongMessage | ChatNotificationMessage;"
        in typescript["messages.ts"]
    )
