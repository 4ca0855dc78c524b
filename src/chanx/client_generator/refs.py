"""JSON-pointer ``$ref`` resolution inside one document."""

from collections.abc import Collection, Iterator
from typing import Any

SCHEMA_PREFIX = "#/components/schemas/"


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: dict[str, Any], ref: str) -> Any:
    """The value at the local reference ``ref`` (``#/a/b``); ``ValueError`` if absent."""
    if not ref.startswith("#/"):
        raise ValueError(
            f"Unsupported reference {ref!r}: only local '#/...' references are supported"
        )
    node: Any = document
    for segment in ref[2:].split("/"):
        key = unescape(segment)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise ValueError(f"Unresolvable reference {ref!r}")
    return node


def deref(document: dict[str, Any], node: Any, limit: int = 32) -> Any:
    """Follow ``$ref`` chains from ``node``; a cycle of references is a ``ValueError``."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        seen += 1
        if seen > limit:
            raise ValueError(f"Reference cycle at {node['$ref']!r}")
        node = resolve_pointer(document, node["$ref"])
    return node


def schema_key_of(ref: str) -> str | None:
    """``#/components/schemas/X`` → ``X``; other references → ``None``."""
    if ref.startswith(SCHEMA_PREFIX):
        return unescape(ref[len(SCHEMA_PREFIX) :])
    return None


def iter_refs(schema: Any) -> Iterator[str]:
    """Every ``$ref`` string anywhere inside ``schema``."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from iter_refs(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from iter_refs(item)


def referenced_key(ref: str, known: Collection[str]) -> str:
    """The schema key ``ref`` points to; ``ValueError`` unless it is one of ``known``."""
    key = schema_key_of(ref)
    if key is None or key not in known:
        raise ValueError(f"Unresolvable reference {ref!r}")
    return key
