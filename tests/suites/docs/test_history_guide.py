"""Every Python example in docs/history.md runs, and its test functions pass."""

from pathlib import Path

from tests.suites.docs.markdown_examples import python_blocks, run_markdown_examples

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "history.md"


def test_history_guide_has_examples() -> None:
    assert len(python_blocks(GUIDE)) >= 2


def test_history_guide_examples_run() -> None:
    assert run_markdown_examples(GUIDE, "history_guide_examples") == ["test_live_comments"]
