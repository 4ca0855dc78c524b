"""The document that uses every generator feature, compared with a stored golden file and the official schema.

Regenerate after an intended change with ``CHANX_UPDATE_GOLDEN=1 uv run pytest
tests/unit/asyncapi/test_golden.py`` and review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.asyncapi.registry import MessageRegistry
from tests.unit.asyncapi.consumers import REFERENCE_ROUTES
from tests.unit.asyncapi.validation import assert_valid_asyncapi

GOLDEN_DIR = Path(__file__).parent / "golden"


@pytest.mark.parametrize(("name", "camelize"), [("reference", False), ("reference_camel", True)])
def test_reference_document(name: str, camelize: bool) -> None:
    document = AsyncAPIGenerator(
        REFERENCE_ROUTES,
        title="Reference",
        version="1.1.3",
        description="Every generator feature — «Grüße»",
        camelize=camelize,
        registry=MessageRegistry(),
    ).generate()
    assert_valid_asyncapi(document)
    golden = GOLDEN_DIR / f"{name}.json"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("CHANX_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert json.loads(golden.read_text(encoding="utf-8")) == document
    # Key order is part of the contract too.
    assert golden.read_text(encoding="utf-8") == text
