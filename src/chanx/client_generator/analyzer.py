"""Check a plain-dict AsyncAPI 3 document and turn it into a :class:`ClientDocument`."""

import copy
from typing import Any

from chanx.client_generator.hoist import hoist_inline_objects
from chanx.client_generator.model import ChannelSpec, ClientDocument, MessageSpec
from chanx.client_generator.naming import (
    RESERVED_TYPE_NAMES,
    Namer,
    module_name,
    pascal_case,
    snake_case,
    type_name,
)
from chanx.client_generator.refs import deref, iter_refs, resolve_pointer, schema_key_of

CHANNEL_PREFIX = "#/channels/"
INLINE_MARK = "x-chanx-inline-message"
# ``send_<stem>`` must not override the runtime's own send methods (Python and TypeScript).
RESERVED_SEND_STEMS = frozenset({"message", "json", "raw", "init_message"})


def analyze(document: dict[str, Any]) -> ClientDocument:
    """Validate ``document`` and work out channels, message directions and type names.

    Raises ``ValueError`` with a readable reason for anything the generator cannot
    turn into correct code.
    """
    _check_version(document)
    info = _mapping(document.get("info"), "info")
    if not isinstance(info.get("title"), str) or not info["title"].strip():
        raise ValueError("Invalid AsyncAPI document: info.title must be a non-empty string")
    components = _mapping(document.get("components", {}), "components")
    schemas: dict[str, dict[str, Any]] = {}
    for key, schema in _mapping(components.get("schemas", {}), "components.schemas").items():
        # Copied: hoisting rewrites schemas, the caller's document stays untouched.
        schemas[key] = copy.deepcopy(_mapping(schema, f"components.schemas.{key}"))
    raw_channels = _mapping(document.get("channels", {}), "channels")
    for key, channel in raw_channels.items():
        _mapping(channel, f"channels.{key}")
    _check_structure(document)
    directions, operation_count = _directions(document, raw_channels, schemas)
    hoist_inline_objects(schemas)

    namer = Namer(RESERVED_TYPE_NAMES)
    type_names = {key: namer.take(type_name(key)) for key in sorted(schemas)}
    modules = Namer({"base", "shared"})
    channels: list[ChannelSpec] = []
    for key, raw in raw_channels.items():
        title = raw.get("title") if isinstance(raw.get("title"), str) and raw["title"] else key
        address = raw.get("address") or ""
        if not isinstance(address, str):
            raise ValueError(f"Invalid AsyncAPI document: channels.{key}.address must be a string")
        description = raw.get("description")
        pascal = pascal_case(title) or "Channel"
        topic = _topic_extension(raw, key)
        spec = ChannelSpec(
            key=key,
            title=title,
            address=address,
            description=description if isinstance(description, str) else None,
            module=modules.take(module_name(title)),
            class_name=namer.take(type_name(_with_suffix(pascal, "Topic" if topic else "Client"))),
            incoming_union=namer.take(type_name(pascal + "Incoming")),
            outgoing_union=namer.take(type_name(pascal + "Outgoing")),
        )
        incoming, outgoing = directions.get(key, ({}, {}))
        spec.incoming = _with_methods(list(incoming.values()), "on_")
        spec.outgoing = _with_methods(list(outgoing.values()), "send_", RESERVED_SEND_STEMS)
        spec.schema_keys = _closure(document, schemas, [m.schema_key for m in spec.all_messages()])
        spec.topic = topic
        channels.append(spec)
    topic_addresses = {c.address for c in channels if c.topic is not None}
    for spec in channels:
        spec.serves_topics = spec.topic is None and spec.address in topic_addresses
        if spec.topic is not None:
            spec.alias = namer.take_exact(
                type_name((pascal_case(spec.title) or "Channel") + "Client")
            )

    order = _dependency_order(document, schemas)
    counts: dict[str, int] = {}
    for spec in channels:
        for schema_key in spec.schema_keys:
            counts[schema_key] = counts.get(schema_key, 0) + 1
    used = set(counts)
    for spec in channels:
        spec.schema_keys = [k for k in order if k in set(spec.schema_keys)]
    return ClientDocument(
        title=info["title"],
        version=str(info.get("version", "")),
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        channels=channels,
        schemas=schemas,
        type_names=type_names,
        order=[k for k in order if k in used],
        shared={k for k, n in counts.items() if n > 1},
        operation_count=operation_count,
    )


def _with_suffix(pascal: str, suffix: str) -> str:
    """``pascal`` ending in ``suffix`` (a topic channel's title usually ends in ``topic``)."""
    return pascal if pascal.endswith(suffix) else pascal + suffix


def _topic_extension(raw: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The channel's ``x-topic`` (a topic served over its route's connection), checked."""
    topic = raw.get("x-topic")
    if topic is None:
        return None
    pattern = topic.get("pattern") if isinstance(topic, dict) else None
    parameters = topic.get("parameters", []) if isinstance(topic, dict) else None
    if not isinstance(pattern, str) or not isinstance(parameters, list):
        raise ValueError(
            f"Invalid AsyncAPI document: channels.{key}.x-topic needs a 'pattern' string "
            "and a 'parameters' list"
        )
    return {
        "name": topic.get("name"),
        "pattern": pattern,
        "parameters": [str(p) for p in parameters],
    }


def _check_version(document: dict[str, Any]) -> None:
    if "openapi" in document or "swagger" in document:
        raise ValueError("Not an AsyncAPI document: this looks like an OpenAPI/Swagger document")
    version = document.get("asyncapi")
    if not isinstance(version, str):
        raise ValueError("Not an AsyncAPI document: the 'asyncapi' version field is missing")
    if not version.startswith("3."):
        raise ValueError(
            f"Unsupported AsyncAPI version {version!r}: only 3.x documents are supported"
        )


def _check_structure(document: dict[str, Any]) -> None:
    """Parse with chanx's AsyncAPI 3 object models; their first complaint becomes a ValueError."""
    from pydantic import ValidationError

    from chanx.asyncapi.type_defs import AsyncAPIDocument

    try:
        AsyncAPIDocument.model_validate(document)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise ValueError(f"Invalid AsyncAPI document at {where}: {error['msg']}") from exc


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"Invalid AsyncAPI document: {where} must be an object")
    return value


Directed = tuple[dict[str, MessageSpec], dict[str, MessageSpec]]


def _directions(
    document: dict[str, Any], channels: dict[str, Any], schemas: dict[str, dict[str, Any]]
) -> tuple[dict[str, Directed], int]:
    """Per channel: (incoming, outgoing) messages from the client's point of view."""
    result: dict[str, Directed] = {}
    operations = _mapping(document.get("operations", {}), "operations")
    for op_key, operation in operations.items():
        where = f"operations.{op_key}"
        operation = _mapping(operation, where)
        action = operation.get("action")
        if action not in {"send", "receive"}:
            raise ValueError(
                f"Invalid AsyncAPI document: {where}.action must be 'send' or 'receive'"
            )
        channel_key = _channel_key(document, channels, operation.get("channel"), where)
        incoming, outgoing = result.setdefault(channel_key, ({}, {}))
        # 'receive' = the server receives: the client sends those, and gets the reply.
        target = outgoing if action == "receive" else incoming
        for ref in operation.get("messages") or []:
            message = _message(document, schemas, ref, f"{where}.messages")
            target.setdefault(message.key, message)
        reply = operation.get("reply")
        if isinstance(reply, dict):
            for ref in reply.get("messages") or []:
                message = _message(document, schemas, ref, f"{where}.reply.messages")
                incoming.setdefault(message.key, message)
    return result, len(operations)


def _channel_key(document: dict[str, Any], channels: dict[str, Any], ref: Any, where: str) -> str:
    target = ref.get("$ref") if isinstance(ref, dict) else None
    if not isinstance(target, str) or not target.startswith(CHANNEL_PREFIX):
        raise ValueError(
            f"Invalid AsyncAPI document: {where}.channel must be a '#/channels/...' $ref"
        )
    key = target[len(CHANNEL_PREFIX) :].replace("~1", "/").replace("~0", "~")
    if key not in channels:
        raise ValueError(f"Unresolvable reference {target!r} in {where}")
    return key


def _message(
    document: dict[str, Any], schemas: dict[str, dict[str, Any]], ref: Any, where: str
) -> MessageSpec:
    if not isinstance(ref, dict):
        raise ValueError(f"Invalid AsyncAPI document: {where} entries must be objects")
    key = _message_key(document, ref)
    message = deref(document, ref)
    if not isinstance(message, dict):
        raise ValueError(f"Invalid AsyncAPI document: message {key!r} must be an object")
    payload = message.get("payload")
    if not isinstance(payload, dict):
        raise ValueError(f"Invalid AsyncAPI document: message {key!r} has no payload schema")
    schema_key = schema_key_of(payload["$ref"]) if isinstance(payload.get("$ref"), str) else None
    if schema_key is None:
        # Inline payload (other generators): give it a component name of its own, once.
        known = [k for k, s in schemas.items() if s.get(INLINE_MARK) == key]
        if known:
            schema_key = known[0]
        else:
            schema_key = Namer(set(schemas)).take(pascal_case(key) or "Message")
            schemas[schema_key] = {"title": schema_key, **copy.deepcopy(payload), INLINE_MARK: key}
    elif schema_key not in schemas:
        raise ValueError(f"Unresolvable reference {payload['$ref']!r} in message {key!r}")
    return MessageSpec(key, schema_key, _action(document, schemas[schema_key]), "")


def _message_key(document: dict[str, Any], ref: dict[str, Any]) -> str:
    """The components.messages name at the end of a chain of references."""
    key = "message"
    node: Any = ref
    for _ in range(32):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            break
        target = node["$ref"]
        key = target.rsplit("/", 1)[-1]
        node = resolve_pointer(document, target)
    return key


def _action(document: dict[str, Any], schema: dict[str, Any]) -> str | None:
    prop = deref(document, (schema.get("properties") or {}).get("action"))
    if not isinstance(prop, dict):
        return None
    if isinstance(prop.get("const"), str):
        return str(prop["const"])
    enum = prop.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
        return enum[0]
    return None


def _with_methods(
    messages: list[MessageSpec], prefix: str, reserved: frozenset[str] = frozenset()
) -> list[MessageSpec]:
    """Give each message its method stem; the method is ``<prefix><stem>``.

    An action that already starts with the prefix loses it, so ``send_chat`` gives
    ``send_chat()``, not ``send_send_chat()`` (unless the shorter stem is reserved or taken).
    """
    names = Namer(reserved)
    stems = [snake_case(message.action or message.key) or "message" for message in messages]
    short = [stem.removeprefix(prefix) or stem for stem in stems]
    for message, stem, stripped in zip(messages, stems, short, strict=True):
        unique = stripped not in reserved and short.count(stripped) == 1
        message.method = names.take(stripped if unique else stem)
    return messages


def _dependencies(document: dict[str, Any], schemas: dict[str, Any], key: str) -> list[str]:
    found: list[str] = []
    for ref in iter_refs(schemas[key]):
        dep = schema_key_of(ref)
        if dep is None or "/" in dep:
            resolve_pointer(document, ref)  # raises for dangling references
            raise ValueError(f"Unsupported reference {ref!r} in schema {key!r}")
        if dep not in schemas:
            raise ValueError(f"Unresolvable reference {ref!r} in schema {key!r}")
        found.append(dep)
    return found


def _closure(document: dict[str, Any], schemas: dict[str, Any], roots: list[str]) -> list[str]:
    seen: list[str] = []
    stack = list(roots)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.append(key)
        stack.extend(_dependencies(document, schemas, key))
    return seen


def _dependency_order(document: dict[str, Any], schemas: dict[str, Any]) -> list[str]:
    """All schema keys, each after the schemas it refers to (cycles broken arbitrarily)."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(key: str) -> None:
        if key in order or key in visiting:
            return
        visiting.add(key)
        for dep in _dependencies(document, schemas, key):
            visit(dep)
        visiting.discard(key)
        order.append(key)

    for key in sorted(schemas):
        visit(key)
    return order


class SharedItemsAnalyzer:
    """The messages and component schemas that more than one channel uses.

    ``shared_messages`` maps ``components.messages`` names to their message objects and
    ``shared_schemas`` maps ``components.schemas`` names to their schemas. A schema counts
    for every channel whose messages reach it through properties, items or
    ``allOf``/``anyOf``/``oneOf``.
    """

    def __init__(self, document: Any) -> None:
        from chanx.asyncapi.type_defs import AsyncAPIDocument, MessageObject, SchemaObject

        if isinstance(document, AsyncAPIDocument):
            document = document.model_dump(by_alias=True, exclude_none=True)
        self.document: dict[str, Any] = document
        analyzed = analyze(document)
        components = document.get("components") or {}
        messages = components.get("messages") or {}
        schemas = components.get("schemas") or {}
        users: dict[str, set[str]] = {}
        for channel in analyzed.channels:
            for message in channel.all_messages():
                users.setdefault(message.key, set()).add(channel.key)
        self.shared_messages: dict[str, Any] = {
            key: MessageObject.model_validate(messages[key])
            for key, channels in users.items()
            if len(channels) > 1 and isinstance(messages.get(key), dict)
        }
        self.shared_schemas: dict[str, Any] = {
            key: SchemaObject.model_validate(schemas.get(key) or analyzed.schemas[key])
            for key in analyzed.order
            if key in analyzed.shared
        }
