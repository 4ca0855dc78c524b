"""camelCase mode of a generated document (matches consumers with ``camelize`` on)."""

from typing import Any

import humps

from chanx.asyncapi.refs import ref, split_ref

_KEYWORDS = frozenset({"channels", "messages", "operations", "components", "schemas"})


def camelize_ref(value: str) -> str:
    """Camelize every segment of a ``#/...`` reference except keywords and schema names."""
    segments = split_ref(value)
    if segments is None:
        return value
    result: list[str] = []
    for index, segment in enumerate(segments):
        after_schemas = index > 0 and segments[index - 1] == "schemas"
        keep = segment in _KEYWORDS or after_schemas
        result.append(segment if keep else humps.camelize(segment))
    return ref(*result)


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    if isinstance(node, dict):
        return {
            key: camelize_ref(value)
            if key == "$ref" and isinstance(value, str)
            else _rewrite_refs(value)
            for key, value in node.items()
        }
    return node


def _camelize_schema(node: Any) -> Any:
    """All object keys camelized (``$``-keywords kept), ``required`` entries too."""
    if isinstance(node, list):
        return [_camelize_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        new_key = key if key.startswith("$") else humps.camelize(key)
        if key == "required" and isinstance(value, list):
            result[new_key] = [humps.camelize(v) if isinstance(v, str) else v for v in value]
        elif key == "$ref" and isinstance(value, str):
            result[new_key] = camelize_ref(value)
        elif key in ("const", "enum", "title", "description", "pattern", "format"):
            result[new_key] = value
        else:
            result[new_key] = _camelize_schema(value)
    return result


def camelize_document(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with channel, message, operation keys and schemas camelized.

    Schema component names, channel titles, addresses and parameter names are unchanged.
    """
    result = dict(document)
    channels: dict[str, Any] = {}
    for name, channel in document.get("channels", {}).items():
        channel = dict(channel)
        if "messages" in channel:
            channel["messages"] = {
                humps.camelize(key): _rewrite_refs(value)
                for key, value in channel["messages"].items()
            }
        channels[humps.camelize(name)] = channel
    result["channels"] = channels
    result["operations"] = {
        humps.camelize(name): _rewrite_refs(op)
        for name, op in document.get("operations", {}).items()
    }
    components = dict(document.get("components", {}))
    components["messages"] = {
        humps.camelize(name): _rewrite_refs(message)
        for name, message in components.get("messages", {}).items()
    }
    components["schemas"] = {
        name: _camelize_schema(schema) for name, schema in components.get("schemas", {}).items()
    }
    result["components"] = components
    return result
