"""JSON-schema surgery used to turn Pydantic schemas into AsyncAPI components."""

import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel

DEFS_PREFIX = "#/$defs/"
_UNSAFE_KEY_CHARS = re.compile(r"[^A-Za-z0-9_.\-]")


def sanitize_key(name: str) -> str:
    """A component key accepted by AsyncAPI (``^[\\w\\d.\\-_]+$``, ASCII for JS parsers)."""
    return _UNSAFE_KEY_CHARS.sub("_", name) or "_"


def schema_title(model: type[BaseModel]) -> str:
    """The title Pydantic gives ``model``'s JSON schema."""
    title = model.model_config.get("title")
    return title if isinstance(title, str) and title else model.__name__


def _models_in(annotation: Any, found: list[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.append(annotation)
        return
    if get_origin(annotation) is not None:
        for arg in get_args(annotation):
            _models_in(arg, found)


def reachable_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model class reachable from ``model``'s fields, transitively (itself included)."""
    found: list[type[BaseModel]] = [model]
    index = 0
    while index < len(found):
        for field in found[index].model_fields.values():
            _models_in(field.annotation, found)
        index += 1
    return found


def direct_model_fields(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Schema property name → model class, for fields typed exactly as a model."""
    result: dict[str, type[BaseModel]] = {}
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            result[field.alias or name] = annotation
    return result


def _module_qualname_key(model: type[BaseModel]) -> str:
    """Pydantic's definition key for a class whose short name is ambiguous."""
    full = f"{model.__module__}.{model.__qualname__}"
    return re.sub(r"[^a-zA-Z0-9.\-_]", "_", full).replace(".", "__")


def match_defs(
    defs: dict[str, Any], candidates: list[type[BaseModel]]
) -> dict[str, type[BaseModel]]:
    """Map ``$defs`` keys to the model classes they describe (non-models are left out).

    Pydantic names a definition after the class, or after module and qualname when two
    classes share a name; the definition's ``title`` narrows the candidates first.
    """
    matched: dict[str, type[BaseModel]] = {}
    for key, definition in defs.items():
        title = definition.get("title") if isinstance(definition, dict) else None
        same_title = [m for m in candidates if schema_title(m) == title]
        if len(same_title) == 1:
            matched[key] = same_title[0]
            continue
        by_key = [m for m in same_title if key.startswith(_module_qualname_key(m))]
        if len(by_key) == 1:
            matched[key] = by_key[0]
    return matched


def rewrite_refs(node: Any, mapping: dict[str, str]) -> Any:
    """A copy of ``node`` with every ``$ref`` (and discriminator mapping) found in ``mapping``
    replaced, and OpenAPI-style discriminator objects reduced to AsyncAPI's property name.
    """
    if isinstance(node, list):
        return [rewrite_refs(item, mapping) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            result[key] = mapping.get(value, value)
        elif key == "discriminator" and isinstance(value, dict):
            # AsyncAPI's Schema Object takes the discriminator as a plain property name.
            result[key] = value.get("propertyName")
        else:
            result[key] = rewrite_refs(value, mapping)
    return result


def unwrap_root_ref(schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Pydantic describes a self-referencing model as ``{"$defs": {...}, "$ref": ...}``.

    Returns the model's own definition (remaining ``$defs`` kept) and the definition key that
    now means "this schema", or the schema unchanged and ``None``.
    """
    ref = schema.get("$ref")
    defs = schema.get("$defs")
    if not (isinstance(ref, str) and ref.startswith(DEFS_PREFIX) and isinstance(defs, dict)):
        return schema, None
    key = ref[len(DEFS_PREFIX) :]
    rest = {k: v for k, v in defs.items() if k != key}
    own = dict(defs[key])
    if rest:
        own["$defs"] = rest
    return own, key
