"""Every Python example in docs/asyncapi.md runs, and its test functions pass."""

from pathlib import Path

from tests.suites.docs.markdown_examples import python_blocks, run_markdown_examples

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.md"


def test_asyncapi_guide_examples_run() -> None:
    assert len(python_blocks(GUIDE)) == 6
    ran = run_markdown_examples(GUIDE, "asyncapi_guide_examples")
    assert ran == ["test_board_docs", "test_command_writes_the_document"]


def test_screenshot_in_the_guide_exists() -> None:
    assert "![The demo's docs page rendered by AsyncAPI's viewer](images/demo-asyncapi.png)" in (
        GUIDE.read_text(encoding="utf-8")
    )
    image = GUIDE.parent / "images" / "demo-asyncapi.png"
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
