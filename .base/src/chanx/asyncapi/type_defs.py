"""Pydantic models of AsyncAPI 3.0 objects (all fields optional unless the spec requires them).

``$ref``, ``not``, ``if`` and ``else`` are reached through the aliases ``ref``, ``not_``,
``if_`` and ``else_``; dump with ``by_alias=True, exclude_none=True``.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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
