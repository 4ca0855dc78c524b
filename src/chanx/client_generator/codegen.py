"""Code generation helpers over AsyncAPI object models: messages per channel, schemas, models.

These work on ``chanx.asyncapi.type_defs`` objects (``MessageObject``, ``SchemaObject``) with
their payload schemas resolved inline: a nested object schema with a ``title`` stands for
the model of that name. ``extract_channel_messages`` produces such messages from a document.
"""

import heapq
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from chanx.asyncapi.type_defs import AsyncAPIDocument, MessageObject, SchemaObject
from chanx.client_generator.analyzer import analyze
from chanx.client_generator.imports import import_block
from chanx.client_generator.naming import RESERVED_TYPE_NAMES, Namer, type_name
from chanx.client_generator.pytypes import Imports, TypeRenderer, render_model
from chanx.client_generator.refs import SCHEMA_PREFIX, resolve_pointer, schema_key_of

__all__ = [
    "extract_channel_messages",
    "extract_schemas_from_messages",
    "generate_pydantic_code",
    "topological_sort_schemas",
]

# Keywords whose values hold sub-schemas, one (dict) or several (list).
SUBSCHEMA_KEYS = ("items", "prefixItems", "allOf", "anyOf", "oneOf", "additionalProperties")


def _as_dict(node: Any) -> Any:
    if isinstance(node, SchemaObject | MessageObject | AsyncAPIDocument):
        return node.model_dump(by_alias=True, exclude_none=True)
    return node


def _children(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The direct sub-schemas of ``schema``: properties, items and the combinators."""
    for value in (schema.get("properties") or {}).values():
        if isinstance(value, dict):
            yield value
    for keyword in SUBSCHEMA_KEYS:
        value = schema.get(keyword)
        if isinstance(value, dict):
            yield value
        elif isinstance(value, list):
            yield from (item for item in value if isinstance(item, dict))


def _is_named(schema: dict[str, Any]) -> bool:
    """A schema that becomes a model of its own: titled, with properties."""
    return isinstance(schema.get("title"), str) and isinstance(schema.get("properties"), dict)


def _inline(document: dict[str, Any], node: Any, stack: tuple[str, ...] = ()) -> Any:
    """``node`` with ``#/components/schemas/...`` references replaced by the schemas (titled).

    A reference back to a schema being inlined stays a reference (recursive models).
    """
    if isinstance(node, list):
        return [_inline(document, item, stack) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        key = schema_key_of(ref)
        if key is None or key in stack:
            return dict(node)
        target = resolve_pointer(document, ref)
        if not isinstance(target, dict):
            return dict(node)
        resolved = _inline(document, target, (*stack, key))
        if isinstance(resolved, dict):
            resolved.setdefault("title", key)
        return resolved
    return {key: _inline(document, value, stack) for key, value in node.items()}


def extract_channel_messages(
    doc: AsyncAPIDocument | Mapping[str, Any],
) -> dict[str, tuple[list[MessageObject], list[MessageObject]]]:
    """Channel title → ``(incoming, outgoing)`` messages, as seen by a client.

    A ``send`` operation's messages are incoming; a ``receive`` operation's messages are
    outgoing and its reply messages incoming. Payload schemas are resolved inline.
    """
    document: dict[str, Any] = dict(_as_dict(doc))
    client_doc = analyze(document)
    components = (document.get("components") or {}).get("messages") or {}
    result: dict[str, tuple[list[MessageObject], list[MessageObject]]] = {}

    def resolved(key: str, schema_key: str) -> MessageObject:
        raw = dict(components.get(key) or {})
        raw["payload"] = _inline(
            {
                **document,
                "components": {**(document.get("components") or {}), "schemas": client_doc.schemas},
            },
            {"$ref": SCHEMA_PREFIX + schema_key},
        )
        raw.setdefault("name", key)
        return MessageObject.model_validate(raw)

    for channel in client_doc.channels:
        incoming = [resolved(m.key, m.schema_key) for m in channel.incoming]
        outgoing = [resolved(m.key, m.schema_key) for m in channel.outgoing]
        result[channel.title] = (incoming, outgoing)
    return result


def _named_schemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """``schema`` (if named) and every named schema inside it, outermost first."""
    pending = [schema]
    while pending:
        node = pending.pop(0)
        if _is_named(node):
            yield node
        pending.extend(_children(node))


def extract_schemas_from_messages(messages: Iterable[MessageObject]) -> list[SchemaObject]:
    """The payload schemas of ``messages`` and the named schemas inside them (one per
    title), dependencies first."""
    found: dict[str, SchemaObject] = {}
    for message in messages:
        payload = _as_dict(message.payload) if message.payload is not None else None
        if not isinstance(payload, dict):
            continue
        for schema in _named_schemas(payload):
            found.setdefault(schema["title"], SchemaObject.model_validate(schema))
    return topological_sort_schemas(list(found.values()))


def _dependencies(schema: dict[str, Any]) -> set[str]:
    """Titles of the named schemas (or referenced components) ``schema`` uses."""
    found: set[str] = set()
    pending = list(_children(schema))
    while pending:
        node = pending.pop()
        ref = node.get("$ref")
        key = schema_key_of(ref) if isinstance(ref, str) else None
        if key is not None:
            found.add(key)
        elif _is_named(node):
            found.add(node["title"])
            continue  # its own dependencies belong to it
        pending.extend(_children(node))
    return found


def topological_sort_schemas(schemas: list[SchemaObject]) -> list[SchemaObject]:
    """``schemas`` with every schema after those it uses (Kahn's algorithm on titles, ties
    in title order); schemas left in a cycle come last, in title order."""
    by_title: dict[str, SchemaObject] = {}
    for index, schema in enumerate(schemas):
        by_title.setdefault(schema.title or f"Schema{index}", schema)
    deps = {
        title: _dependencies(_as_dict(schema)) & set(by_title) - {title}
        for title, schema in by_title.items()
    }
    users: dict[str, set[str]] = {title: set() for title in by_title}
    for title, needed in deps.items():
        for dep in needed:
            users[dep].add(title)
    waiting = {title: len(needed) for title, needed in deps.items()}
    ready = [title for title, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        title = heapq.heappop(ready)
        order.append(title)
        for user in users[title]:
            waiting[user] -= 1
            if waiting[user] == 0:
                heapq.heappush(ready, user)
    order += sorted(title for title in by_title if title not in order)
    return [by_title[title] for title in order]


def _referenced(schema: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """A copy of ``schema`` whose nested named schemas are references to their models."""

    def walk(node: Any, top: bool) -> Any:
        if isinstance(node, list):
            return [walk(item, False) for item in node]
        if not isinstance(node, dict):
            return node
        if not top and _is_named(node) and node["title"] in names:
            return {"$ref": SCHEMA_PREFIX + node["title"]}
        return {key: walk(value, False) for key, value in node.items()}

    result: dict[str, Any] = walk(schema, True)
    return result


def generate_pydantic_code(
    schemas: list[SchemaObject], shared_schemas: list[SchemaObject] | None = None
) -> str:
    """Python source defining a Pydantic model per schema (in the given order).

    Models of ``shared_schemas`` are imported ``from ..shared.messages`` where used.
    """
    shared = [_as_dict(s) for s in shared_schemas or []]
    own = [_as_dict(s) for s in schemas]
    namer = Namer(RESERVED_TYPE_NAMES)
    type_names: dict[str, str] = {}
    keys: list[str] = []
    for index, schema in enumerate([*shared, *own]):
        key = schema.get("title") if isinstance(schema.get("title"), str) else f"Model{index}"
        if key not in type_names:
            type_names[key] = namer.take(type_name(key))
        if index >= len(shared):
            keys.append(key)
    shared_keys = {s["title"] for s in shared if isinstance(s.get("title"), str)}
    imports = Imports()
    renderer = TypeRenderer(type_names, imports)
    forbidden = set(type_names.values())
    body = [
        render_model(key, _referenced(schema, type_names), renderer, forbidden)
        for key, schema in zip(keys, own, strict=True)
    ]
    used_shared = {type_names[k] for k in imports.schemas if k in shared_keys and k not in keys}
    header = import_block(imports, {"..shared.messages": used_shared})
    return header + "\n\n\n" + "\n\n\n".join(body) + "\n"
