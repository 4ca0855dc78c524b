"""Every Python example in docs/observability.md runs."""

from pathlib import Path

from tests.suites.docs.markdown_examples import python_blocks, run_markdown_examples

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "observability.md"


def test_observability_guide_examples_run() -> None:
    assert len(python_blocks(GUIDE)) == 1
    assert run_markdown_examples(GUIDE, "observability_guide_examples") == []
