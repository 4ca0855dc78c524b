"""Every Python example in docs/guide.md runs, and its test functions pass."""

from pathlib import Path

import pytest

from tests.suites.docs.markdown_examples import run_markdown_examples

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "guide.md"


@pytest.mark.django_db
def test_guide_examples_run() -> None:
    assert run_markdown_examples(GUIDE, "guide_examples") == ["test_board", "test_stream"]
