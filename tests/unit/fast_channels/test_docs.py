"""Every Python example in docs/fastapi.md runs, and its test functions pass."""

from pathlib import Path

from fast_channels.layers import channel_layers

from tests.suites.docs.markdown_examples import python_blocks, run_markdown_examples

GUIDE = Path(__file__).resolve().parents[3] / "docs" / "fastapi.md"


def test_fastapi_guide_examples_run() -> None:
    assert len(python_blocks(GUIDE)) >= 4
    ran = run_markdown_examples(GUIDE, "fastapi_guide_examples")
    assert ran == [
        "test_room_chat",
        "test_http_route_notifies_the_room",
        "test_asyncapi_document",
    ]
    assert "redis-demo" not in channel_layers
