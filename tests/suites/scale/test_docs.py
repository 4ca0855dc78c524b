"""Every Python example in docs/deploy.md and docs/limits.md is code the tests run.

Each block must appear verbatim in a module of ``examples/deploy/``; those modules are what
the scale servers, the publisher script and the limits tests import and execute.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DOCS = ["docs/deploy.md", "docs/limits.md"]
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _example_sources() -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / "examples/deploy").glob("*.py")))


@pytest.mark.parametrize("doc", DOCS)
def test_python_blocks_are_executed_example_code(doc: str) -> None:
    blocks = BLOCK.findall((ROOT / doc).read_text())
    assert blocks, f"{doc} has no Python examples"
    sources = _example_sources()
    for block in blocks:
        assert block.strip() in sources, f"{doc}: example not found in examples/deploy:\n{block}"
