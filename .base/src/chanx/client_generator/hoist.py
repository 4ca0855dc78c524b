"""Inline object schemas (written by other generators) become named components."""

from typing import Any

from chanx.client_generator.naming import Namer, pascal_case


def hoist_inline_objects(schemas: dict[str, dict[str, Any]]) -> None:
    """Give inline object schemas with properties a component (and so a model) of their own.

    chanx documents never have them (Pydantic emits ``$ref``s); other generators do.
    ``Parent.prop`` becomes ``ParentProp``.
    """
    names = Namer(set(schemas))
    pending = list(schemas)
    while pending:
        key = pending.pop(0)
        schema = schemas[key]
        for prop, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict):
                schema["properties"][prop] = _hoisted(
                    sub, pascal_case(key) + pascal_case(prop), schemas, names, pending
                )


def _hoisted(
    schema: dict[str, Any],
    name: str,
    schemas: dict[str, dict[str, Any]],
    names: Namer,
    pending: list[str],
) -> dict[str, Any]:
    if (
        isinstance(schema.get("properties"), dict)
        and schema["properties"]
        and schema.get("type", "object") == "object"
    ):
        key = names.take(name or "Model")
        schemas[key] = {"title": key, **schema}
        pending.append(key)
        return {"$ref": f"#/components/schemas/{key}"}
    result = dict(schema)
    if isinstance(schema.get("items"), dict):
        result["items"] = _hoisted(schema["items"], name + "Item", schemas, names, pending)
    for keyword in ("anyOf", "oneOf"):
        if isinstance(schema.get(keyword), list):
            result[keyword] = [
                _hoisted(s, name, schemas, names, pending) if isinstance(s, dict) else s
                for s in schema[keyword]
            ]
    return result
