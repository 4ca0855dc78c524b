"""Pydantic models of AsyncAPI 3.0 objects (all fields optional unless the spec requires them).

``$ref``, ``not``, ``if`` and ``else`` are reached through the aliases ``ref``, ``not_``,
``if_`` and ``else_``; dump with ``by_alias=True, exclude_none=True``.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chanx.asyncapi.refs import split_ref
from chanx.asyncapi.schema_tools import rewrite_refs


class _Object(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class ContactObject(_Object):
    name: str | None = None
    url: str | None = None
    email: str | None = None


class LicenseObject(_Object):
    name: str
    url: str | None = None


class ExternalDocumentationObject(_Object):
    url: str
    description: str | None = None


class TagObject(_Object):
    name: str
    description: str | None = None
    externalDocs: ExternalDocumentationObject | None = None


class SchemaObject(_Object):
    """A JSON Schema (draft-07 superset), recursive."""

    ref: str | None = Field(default=None, alias="$ref")
    title: str | None = None
    description: str | None = None
    type: str | list[str] | None = None
    format: str | None = None
    default: Any = None
    const: Any = None
    enum: list[Any] | None = None
    examples: list[Any] | None = None
    properties: dict[str, "SchemaObject"] | None = None
    additionalProperties: "bool | SchemaObject | None" = None
    required: list[str] | None = None
    items: "SchemaObject | list[SchemaObject] | None" = None
    prefixItems: "list[SchemaObject] | None" = None
    allOf: "list[SchemaObject] | None" = None
    anyOf: "list[SchemaObject] | None" = None
    oneOf: "list[SchemaObject] | None" = None
    not_: "SchemaObject | None" = Field(default=None, alias="not")
    if_: "SchemaObject | None" = Field(default=None, alias="if")
    then: "SchemaObject | None" = None
    else_: "SchemaObject | None" = Field(default=None, alias="else")
    minimum: float | None = None
    maximum: float | None = None
    exclusiveMinimum: float | None = None
    exclusiveMaximum: float | None = None
    minLength: int | None = None
    maxLength: int | None = None
    pattern: str | None = None
    minItems: int | None = None
    maxItems: int | None = None
    uniqueItems: bool | None = None
    discriminator: str | None = None
    deprecated: bool | None = None


class ServerVariableObject(_Object):
    default: str
    enum: list[str] | None = None
    description: str | None = None
    examples: list[str] | None = None


class ServerObject(_Object):
    host: str
    protocol: str
    protocolVersion: str | None = None
    pathname: str | None = None
    description: str | None = None
    title: str | None = None
    summary: str | None = None
    variables: dict[str, ServerVariableObject] | None = None
    tags: list[TagObject] | None = None


class CorrelationIdObject(_Object):
    location: str
    description: str | None = None


class MessageTraitObject(_Object):
    headers: SchemaObject | None = None
    correlationId: CorrelationIdObject | None = None
    contentType: str | None = None
    name: str | None = None
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    tags: list[TagObject] | None = None


class MessageObject(MessageTraitObject):
    payload: SchemaObject | None = None
    traits: list[MessageTraitObject] | None = None


class ReplyAddressObject(_Object):
    location: str
    description: str | None = None


class OperationReplyObject(_Object):
    address: ReplyAddressObject | None = None
    channel: SchemaObject | None = None
    messages: list[SchemaObject] | None = None


class OperationTraitObject(_Object):
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    tags: list[TagObject] | None = None


class OperationObject(OperationTraitObject):
    action: Literal["send", "receive"]
    channel: SchemaObject
    messages: list[SchemaObject] | None = None
    reply: OperationReplyObject | None = None
    traits: list[OperationTraitObject] | None = None


class ParameterObject(_Object):
    enum: list[str] | None = None
    default: str | None = None
    description: str | None = None
    examples: list[str] | None = None
    location: str | None = None


class TopicObject(_Object):
    """The ``x-topic`` extension of a topic's channel: its class, pattern and parameters."""

    name: str
    pattern: str
    parameters: list[str] = []


class ChannelObject(_Object):
    address: str | None = None
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    servers: list[SchemaObject] | None = None
    parameters: dict[str, ParameterObject] | None = None
    messages: dict[str, SchemaObject] | None = None
    bindings: dict[str, Any] | None = None
    subscribe: dict[str, Any] | None = None
    publish: dict[str, Any] | None = None
    tags: list[TagObject | dict[str, Any]] | None = None
    # A topic's channel: the ``x-topic`` extension (``ChannelObject(topic=...)``).
    topic: TopicObject | None = Field(default=None, alias="x-topic")


class ComponentsObject(_Object):
    schemas: dict[str, Any] | None = None
    messages: dict[str, MessageObject] | None = None
    channels: dict[str, ChannelObject] | None = None
    operations: dict[str, OperationObject] | None = None
    parameters: dict[str, ParameterObject] | None = None


class InfoObject(_Object):
    title: str
    version: str
    description: str | None = None
    termsOfService: str | None = None
    contact: ContactObject | None = None
    license: LicenseObject | None = None
    tags: list[TagObject] | None = None


class AsyncAPIDocument(_Object):
    asyncapi: str = "3.0.0"
    id: str | None = None
    info: InfoObject
    servers: dict[str, ServerObject] | None = None
    defaultContentType: str | None = None
    channels: dict[str, ChannelObject] | None = None
    operations: dict[str, OperationObject] | None = None
    components: ComponentsObject | None = None


def normalize_discriminators(schema: Any) -> Any:
    """A copy of ``schema`` with OpenAPI-style discriminator objects (Pydantic's
    ``{"propertyName": ..., "mapping": ...}``) reduced to AsyncAPI's property name."""
    return rewrite_refs(schema, {})


class ReferenceResolver:
    """Follows local ``#/...`` references inside one document (``~0``/``~1`` escapes decoded)."""

    def __init__(self, document: dict[str, Any], *, max_depth: int = 32) -> None:
        self.document = document
        self.max_depth = max_depth

    def resolve(self, reference: str) -> Any:
        """The node ``reference`` points at; ``KeyError`` when it points nowhere."""
        segments = split_ref(reference)
        if segments is None:
            raise KeyError(f"Not a local reference: {reference!r}")
        node: Any = self.document
        for segment in segments:
            if isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
                node = node[int(segment)]
            elif isinstance(node, dict) and segment in node:
                node = node[segment]
            else:
                raise KeyError(f"Unresolvable reference: {reference!r}")
        return node

    def deref(self, node: Any) -> Any:
        """``node`` itself, or what its ``$ref`` (chain) finally points at."""
        for _ in range(self.max_depth):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            node = self.resolve(node["$ref"])
        raise KeyError(f"Reference chain longer than {self.max_depth}")
