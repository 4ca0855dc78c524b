"""Render the Python client package (``{relative path: source}``) for a ClientDocument."""

import json
import keyword
from typing import Any

from chanx.client_generator.imports import from_import, import_block
from chanx.client_generator.model import ChannelSpec, ClientDocument, MessageSpec
from chanx.client_generator.naming import PY_KEYWORDS, Namer, field_name, snake_case
from chanx.client_generator.pytypes import (
    Imports,
    TypeRenderer,
    docstring,
    is_model,
    render_field,
    render_model,
)
from chanx.client_generator.templating import render_template


def python_files(doc: ClientDocument, package: str = "client") -> dict[str, str]:
    """Every generated file except the runtime ``base/`` package.

    ``package`` is the name the package is imported by (its directory), shown in the README.
    """
    files: dict[str, str] = {}
    forbidden = set(doc.type_names.values())
    if doc.shared:
        files["shared/__init__.py"] = '"""Message models used by more than one channel."""\n'
        files["shared/messages.py"] = _shared_messages(doc, forbidden)
    for channel in doc.channels:
        base = channel.module
        files[f"{base}/__init__.py"] = _channel_init(channel)
        files[f"{base}/messages.py"] = _channel_messages(doc, channel, forbidden)
        files[f"{base}/client.py"] = _channel_client(doc, channel, forbidden)
    files["__init__.py"] = _package_init(doc)
    files["py.typed"] = ""
    files["README.md"] = render_template("README.md.j2", doc=doc, package=package)
    return files


def _models(
    doc: ClientDocument, keys: list[str], renderer: TypeRenderer, forbidden: set[str]
) -> list[str]:
    return [render_model(key, doc.schemas[key], renderer, forbidden) for key in keys]


def _shared_messages(doc: ClientDocument, forbidden: set[str]) -> str:
    imports = Imports()
    renderer = TypeRenderer(doc.type_names, imports)
    keys = [k for k in doc.order if k in doc.shared]
    body = _models(doc, keys, renderer, forbidden)
    header = import_block(imports, {})
    return _module('"""Message models shared by several channels."""', header, body)


def _union(
    doc: ClientDocument, messages: list[MessageSpec], discriminated: bool
) -> tuple[str, list[str]]:
    """The union type expression for ``messages`` and the schema keys it names."""
    keys: list[str] = []
    for message in messages:
        if message.schema_key not in keys:
            keys.append(message.schema_key)
    names = [doc.type_names[k] for k in keys]
    if not names:
        return "Never", keys
    if len(names) == 1:
        return names[0], keys
    union = " | ".join(names)
    actions = [m.action for m in messages]
    tagged = (
        discriminated
        and len(keys) == len(messages)
        and all(is_model(doc.schemas[k]) for k in keys)
        and None not in actions
        and len(set(actions)) == len(actions)
    )
    return (f'Annotated[{union}, Field(discriminator="action")]' if tagged else union), keys


def _channel_messages(doc: ClientDocument, channel: ChannelSpec, forbidden: set[str]) -> str:
    imports = Imports()
    renderer = TypeRenderer(doc.type_names, imports)
    own = [k for k in channel.schema_keys if k not in doc.shared]
    body = _models(doc, own, renderer, forbidden)
    incoming, in_keys = _union(doc, channel.incoming, discriminated=True)
    outgoing, out_keys = _union(doc, channel.outgoing, discriminated=False)
    imports.schemas.update(in_keys + out_keys)
    imports.typing.add("TypeAlias")
    for expr in (incoming, outgoing):
        if expr == "Never":
            imports.typing.add("Never")
        if expr.startswith("Annotated["):
            imports.typing.add("Annotated")
            imports.pydantic.add("Field")
    body.append(
        f'IncomingMessage: TypeAlias = {incoming}\n"""Messages the server sends on this channel."""\n\n'
        f'OutgoingMessage: TypeAlias = {outgoing}\n"""Messages the client may send on this channel."""'
    )
    shared = {doc.type_names[k] for k in imports.schemas if k in doc.shared}
    header = import_block(imports, {"..shared.messages": shared})
    return _module(
        docstring(f"Messages of the ``{_doc_text(channel.title)}`` channel.", ""), header, body
    )


def _send_method(
    doc: ClientDocument, message: MessageSpec, renderer: TypeRenderer, forbidden: set[str]
) -> str:
    schema = doc.schemas[message.schema_key]
    name = doc.type_names[message.schema_key]
    renderer.imports.schemas.add(message.schema_key)
    label = message.action or message.key
    doc_line = docstring(f"Send ``{_doc_text(label)}``.", "        ")
    props: dict[str, Any] = schema.get("properties", {}) if is_model(schema) else {}
    required = set(schema.get("required") or [])
    others = [p for p in props if p not in {"action", "payload"}]
    shortcut = "payload" in props and not (required & set(others))
    if shortcut:
        _, annotation, default = render_field(
            "payload", props["payload"], "payload" in required, renderer, forbidden
        )
        if not default.startswith("Field("):
            signature = f"payload: {annotation}" + (f" = {default}" if default else "")
            return (
                f"    async def send_{message.method}(self, {signature}) -> None:\n{doc_line}\n"
                f"        await self.send_message({name}(payload=payload))"
            )
    return (
        f"    async def send_{message.method}(self, message: {name}) -> None:\n{doc_line}\n"
        f"        await self.send_message(message)"
    )


def _channel_client(doc: ClientDocument, channel: ChannelSpec, forbidden: set[str]) -> str:
    imports = Imports()
    renderer = TypeRenderer(doc.type_names, imports)
    sends = [_send_method(doc, m, renderer, forbidden) for m in channel.outgoing]
    handlers: list[tuple[str, str, str]] = []
    for message in channel.incoming:
        if is_model(doc.schemas[message.schema_key]):
            imports.schemas.add(message.schema_key)
            label = _doc_text(message.action or message.key)
            handlers.append((message.method, doc.type_names[message.schema_key], label))
    imports.typing.add("ClassVar")
    factories = _factories(doc, channel) if channel.serves_topics else []
    if channel.topic is not None:
        base_import = {"..base.topic_client": {"BaseTopicHandle"}}
        template = "topic_handle.py.j2"
    elif channel.serves_topics:
        base_import = {"..base.topic_client": {"BaseTopicConnection"}}
        template = "topic_connection.py.j2"
    else:
        base_import = {"..base.client": {"BaseClient"}}
        template = "channel_client.py.j2"
    local: dict[str, set[str]] = {
        **base_import,
        "..shared.messages": {doc.type_names[k] for k in imports.schemas if k in doc.shared},
        ".messages": {doc.type_names[k] for k in imports.schemas if k not in doc.shared}
        | {"IncomingMessage", "OutgoingMessage"},
    }
    for factory in factories:
        local[f"..{factory['module']}.client"] = {factory["handle"]}
    if channel.incoming:
        imports.pydantic.add("TypeAdapter")
        imports.typing.add("Any")
    header = import_block(imports, local)
    return render_template(
        template,
        factories=factories,
        header=header,
        channel=channel,
        path=json.dumps(channel.address),
        description=docstring(_channel_doc(channel)),
        module_doc=docstring(f"Client for the ``{_doc_text(channel.title)}`` channel.", ""),
        sends=sends,
        handlers=handlers,
        base_class=_base_class(channel),
        topic=channel.topic,
        topic_pattern=json.dumps(channel.topic["pattern"]) if channel.topic else "",
        topic_parameters=_tuple_literal(channel.topic["parameters"]) if channel.topic else "",
    )


# Methods of BaseTopicConnection (and BaseClient) a topic factory method must not replace.
CONNECTION_METHODS = frozenset(
    [
        "after_handle",
        "backoff_delay",
        "before_handle",
        "build_url",
        "disconnect",
        "dispatch_frame",
        "handle",
        "handle_error",
        "handle_invalid_message",
        "handle_message",
        "handle_raw_data",
        "handle_renewal_error",
        "handle_websocket_connection_error",
        "handles",
        "next_ref",
        "request",
        "request_frame",
        "resubscribe",
        "send_init_message",
        "send_json",
        "send_message",
        "send_raw",
        "send_topic",
        "should_reconnect",
        "subscribe",
        "topic",
        "topics",
        "unsubscribe",
        "wait_connected",
    ]
)


def _factories(doc: ClientDocument, channel: ChannelSpec) -> list[dict[str, Any]]:
    """One ``<topic name>(**params) -> Handle`` method per topic channel at this address."""
    methods = Namer(
        CONNECTION_METHODS
        | {m.method for m in channel.incoming}
        | {f"send_{m.method}" for m in channel.outgoing}
        | {f"on_{m.method}" for m in channel.incoming}
    )
    found: list[dict[str, Any]] = []
    for topic in doc.channels:
        if topic.topic is None or topic.address != channel.address:
            continue
        label = str(topic.topic.get("name") or topic.title)
        method = methods.take(field_name(snake_case(label) or "topic", PY_KEYWORDS))
        arguments = Namer({"self"})
        args: list[tuple[str, str]] = []
        kwargs: list[tuple[str, str]] = []
        for parameter in topic.topic["parameters"]:
            arg = arguments.take(field_name(parameter, PY_KEYWORDS | {"self"}))
            args.append((arg, "str | int"))
            kwargs.append((parameter, arg))
        if all(name.isidentifier() and not keyword.iskeyword(name) for name, _ in kwargs):
            call = "".join(f", {name}={arg}" for name, arg in kwargs)
        else:
            call = ", **{" + ", ".join(f"{json.dumps(n)}: {a}" for n, a in kwargs) + "}"
        found.append(
            {
                "method": method,
                "doc": docstring(
                    f"The ``{_doc_text(label)}`` topic handle for these parameters "
                    "(registered, not yet subscribed).",
                    "        ",
                ),
                "handle": topic.class_name,
                "module": topic.module,
                "args": args,
                "call": call,
            }
        )
    return found


def _base_class(channel: ChannelSpec) -> str:
    if channel.topic is not None:
        return "BaseTopicHandle"
    return "BaseTopicConnection" if channel.serves_topics else "BaseClient"


def _tuple_literal(items: list[str]) -> str:
    inner = ", ".join(json.dumps(item) for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def _exported(channel: ChannelSpec) -> set[str]:
    return {channel.class_name} | ({channel.alias} if channel.alias else set())


def _channel_init(channel: ChannelSpec) -> str:
    names = _exported(channel)
    return render_template(
        "channel_init.py.j2",
        module_doc=docstring(
            f"The ``{_doc_text(channel.title)}`` channel: client and message models.", ""
        ),
        client_import=from_import(".client", names),
        messages_import=from_import(".messages", {"IncomingMessage", "OutgoingMessage"}),
        names=json.dumps(sorted([*names, "IncomingMessage", "OutgoingMessage"])),
    )


def _package_init(doc: ClientDocument) -> str:
    text = f"{doc.title} client, generated by chanx from its AsyncAPI document."
    if doc.description and doc.description.strip():
        text += "\n\n" + doc.description
    channels = sorted(doc.channels, key=lambda c: c.module)
    exported = [name for channel in doc.channels for name in _exported(channel)]
    return render_template(
        "package_init.py.j2",
        module_doc=docstring(text, ""),
        imports=[from_import(f".{c.module}", _exported(c)) for c in channels],
        title=json.dumps(doc.title),
        version=json.dumps(doc.version),
        names=json.dumps(sorted([*exported, "__title__", "__version__"])),
    )


def _module(doc_line: str, header: str, body: list[str]) -> str:
    return doc_line + "\n\n" + header + "\n\n\n" + "\n\n\n".join(body) + "\n"


def _doc_text(text: str) -> str:
    """Text safe inside a one-line docstring."""
    return " ".join(text.replace("\\", "/").replace('"', "'").split())


def _channel_doc(channel: ChannelSpec) -> str:
    # chanx documents a consumer without docstring as the literal text "None".
    text = (channel.description or "").strip()
    return (
        text
        if text and text != "None"
        else f"Client for the ``{_doc_text(channel.title)}`` channel."
    )
