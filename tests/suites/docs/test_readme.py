"""Every Python example in README.md runs, and its test functions pass."""

from pathlib import Path

import pytest

from tests.suites.docs.markdown_examples import python_blocks, run_markdown_examples

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_has_examples() -> None:
    assert len(python_blocks(README)) >= 2


@pytest.mark.django_db
def test_readme_examples_run() -> None:
    assert run_markdown_examples(README, "readme_examples") == [
        "test_echo",
        "test_bad_input_gets_an_error_frame",
    ]
