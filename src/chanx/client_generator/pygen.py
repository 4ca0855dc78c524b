"""Render the Python client package (``{relative path: source}``) for a ClientDocument."""

import json
from typing import Any

from chanx.client_generator.imports import from_import, import_block
from chanx.client_generator.model import ChannelSpec, ClientDocument, MessageSpec
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
    if channel.topic is not None:
        base_import = {"..base.topic_client": {"BaseTopicHandle"}}
    elif channel.serves_topics:
        base_import = {"..base.topic_client": {"BaseTopicConnection"}}
    else:
        base_import = {"..base.client": {"BaseClient"}}
    local: dict[str, set[str]] = {
        **base_import,
        "..shared.messages": {doc.type_names[k] for k in imports.schemas if k in doc.shared},
        ".messages": {doc.type_names[k] for k in imports.schemas if k not in doc.shared}
        | {"IncomingMessage", "OutgoingMessage"},
    }
    if channel.incoming:
        imports.pydantic.add("TypeAdapter")
    header = import_block(imports, local)
    return render_template(
        "client.py.j2",
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


def _base_class(channel: ChannelSpec) -> str:
    if channel.topic is not None:
        return "BaseTopicHandle"
    return "BaseTopicConnection" if channel.serves_topics else "BaseClient"


def _tuple_literal(items: list[str]) -> str:
    inner = ", ".join(json.dumps(item) for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def _channel_init(channel: ChannelSpec) -> str:
    names = {channel.class_name}
    lines = [
        docstring(f"The ``{_doc_text(channel.title)}`` channel: client and message models.", ""),
        "",
        from_import(".client", names),
        from_import(".messages", {"IncomingMessage", "OutgoingMessage"}),
        "",
        f"__all__ = {json.dumps(sorted([channel.class_name, 'IncomingMessage', 'OutgoingMessage']))}",
    ]
    return "\n".join(lines) + "\n"


def _package_init(doc: ClientDocument) -> str:
    text = f"{doc.title} client, generated by chanx from its AsyncAPI document."
    if doc.description and doc.description.strip():
        text += "\n\n" + doc.description
    lines = [docstring(text, ""), ""]
    for channel in sorted(doc.channels, key=lambda c: c.module):
        lines.append(from_import(f".{channel.module}", {channel.class_name}))
    names = sorted([c.class_name for c in doc.channels] + ["__title__", "__version__"])
    lines += [
        "",
        f"__title__ = {json.dumps(doc.title)}",
        f"__version__ = {json.dumps(doc.version)}",
        f"__all__ = {json.dumps(names)}",
    ]
    return "\n".join(lines) + "\n"


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
