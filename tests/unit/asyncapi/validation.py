"""Validation of generated documents against the official AsyncAPI 3.0.0 JSON Schema."""

import json
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from jsonschema import Draft7Validator
from jsonschema.protocols import Validator

SCHEMA_PATH = Path(__file__).parent / "data" / "asyncapi-3.0.0.schema.json"


@lru_cache(maxsize=1)
def validator() -> Validator:
    """A draft-07 validator for the vendored AsyncAPI 3.0.0 schema (no network access)."""
    return Draft7Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _pointer(ref: str) -> list[str]:
    """RFC 6901 pointer in a URI fragment: percent-decoded, then ``~1``/``~0`` unescaped."""
    return [unquote(s).replace("~1", "/").replace("~0", "~") for s in ref[2:].split("/")]


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for segment in _pointer(ref):
        node = node[segment]
    return node


def _local_refs(node: Any) -> list[str]:
    if isinstance(node, list):
        return [r for item in node for r in _local_refs(item)]
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "$ref" and isinstance(v, str)]
        return found + [r for v in node.values() for r in _local_refs(v)]
    return []


def assert_valid_asyncapi(document: dict[str, Any]) -> None:
    """Fail with every schema error, and on any local ``$ref`` that does not resolve.

    Also checks the rule the JSON Schema cannot express: operation messages must be
    messages of the operation's channel.
    """
    errors = sorted(validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors
    )
    for ref in _local_refs(document):
        assert ref.startswith("#/"), ref
        try:
            _resolve(document, ref)
        except (KeyError, TypeError) as exc:  # pragma: no cover - reported as failure
            raise AssertionError(f"unresolved $ref {ref}") from exc
    for name, operation in document.get("operations", {}).items():
        channel_ref = operation["channel"]["$ref"]
        all_refs = list(operation.get("messages", []))
        all_refs += operation.get("reply", {}).get("messages", [])
        for message in all_refs:
            assert message["$ref"].startswith(channel_ref + "/messages/"), (name, message)
