"""Build an AsyncAPI 3.0 document from discovered routes and their consumers' handler tables."""

import inspect
import textwrap
from collections.abc import Iterator
from typing import Any

from chanx.asyncapi.camelize import camelize_document
from chanx.asyncapi.constants import (
    ASYNCAPI_VERSION,
    DEFAULT_ASYNCAPI_TITLE,
    DEFAULT_ASYNCAPI_VERSION,
    DEFAULT_SERVER_PROTOCOL,
    DEFAULT_SERVER_URL,
    LOCAL_HOST_MARKERS,
)
from chanx.asyncapi.refs import ref
from chanx.asyncapi.registry import UNION_TYPES, MessageRegistry, SchemaBuildError
from chanx.asyncapi.topics import add_topic_channels, add_topic_operations
from chanx.asyncapi.type_defs import ChannelObject, ParameterObject, SchemaObject
from chanx.core.decorators import expand_output_types
from chanx.messages.base import BaseMessage
from chanx.routing.discovery import RouteInfo, host_routes, is_chanx_consumer, plain_route_name
from chanx.type_defs import AsyncAPIHandlerInfo
from chanx.utils.logging import logger

__all__ = [
    "CORRELATION_ID_REF",
    "DEFAULT_ASYNCAPI_TITLE",
    "DEFAULT_ASYNCAPI_VERSION",
    "DEFAULT_SERVER_PROTOCOL",
    "DEFAULT_SERVER_URL",
    "SECURITY_SCHEMES_REF",
    "UNION_TYPES",
    "WS_BINDING_VERSION",
    "AsyncAPIGenerationError",
    "AsyncAPIGenerator",
]

KNOWN_PARAM_TYPES = frozenset({"int", "str", "slug", "uuid", "path", "float"})
WS_BINDING_VERSION = "0.1.0"
"""``bindingVersion`` of the AsyncAPI WebSockets bindings a document's channels may carry."""
CORRELATION_ID_REF = ref("components", "correlationIds", "ref")
"""Where a document keeps the correlation id of replies (the ``ref`` field of a frame)."""
SECURITY_SCHEMES_REF = ref("components", "securitySchemes")
"""Where a document keeps its security schemes."""


class AsyncAPIGenerationError(Exception):
    """A consumer (or one of its handlers) cannot be described in the document."""


class AsyncAPIGenerator:
    """One AsyncAPI document: channels per route, operations per handler, registry components.

    The components are built from the handler tables of the routed consumers as the channels
    and operations refer to them. Pass ``registry`` to share one across documents or to add
    messages of your own (``registry.add``). Create a new generator per document:
    ``generate()`` is not idempotent.
    """

    def __init__(
        self,
        routes: list[RouteInfo],
        title: str | None = DEFAULT_ASYNCAPI_TITLE,
        version: str | None = DEFAULT_ASYNCAPI_VERSION,
        description: str | None = None,
        server_url: str | None = DEFAULT_SERVER_URL,
        server_protocol: str | None = DEFAULT_SERVER_PROTOCOL,
        camelize: bool | None = False,
        *,
        registry: MessageRegistry | None = None,
    ) -> None:
        # Topic entries of ``expand_topic_routes`` are described through their host's route.
        self.routes = host_routes(routes)
        self.title = title
        self.version = version
        self.description = description
        self.server_url = server_url
        self.server_protocol = server_protocol
        self.camelize = camelize
        # A registry of this document's own: it holds what the routed consumers use.
        self.registry = registry if registry is not None else MessageRegistry()
        self.channels: dict[str, Any] = {}
        self.operations: dict[str, Any] = {}

    # -- document ----------------------------------------------------------------------------
    def generate(self) -> dict[str, Any]:
        """The whole document as a JSON-ready dict."""
        self.build_channels()
        self.build_operations()
        info: dict[str, Any] = {
            "title": self.title or DEFAULT_ASYNCAPI_TITLE,
            "version": self.version or DEFAULT_ASYNCAPI_VERSION,
        }
        # Left out rather than ``null``, which the AsyncAPI schema rejects.
        if self.description is not None:
            info["description"] = self.description
        document: dict[str, Any] = {
            "asyncapi": ASYNCAPI_VERSION,
            "info": info,
            "servers": {
                self._server_environment(): {
                    "host": self.server_url or DEFAULT_SERVER_URL,
                    "protocol": self.server_protocol or DEFAULT_SERVER_PROTOCOL,
                }
            },
            "channels": self.channels,
            "operations": self.operations,
            "components": self._components(),
        }
        return camelize_document(document) if self.camelize else document

    def _server_environment(self) -> str:
        url = (self.server_url or "").lower()
        if not url or any(marker in url for marker in LOCAL_HOST_MARKERS):
            return "development"
        return "production"

    def _components(self) -> dict[str, Any]:
        """Everything in the registry. Routed consumers were described already (errors raised
        there); a message added to a shared registry by hand that cannot be described is left
        out and logged.
        """
        for error in self.registry.build_available():
            logger.warning(f"AsyncAPI: left out of components: {_describe_failure(error)}")
        messages, schemas = self.registry.components()
        return {
            "messages": {key: messages[key] for key in sorted(messages)},
            "schemas": {key: schemas[key] for key in sorted(schemas)},
        }

    # -- channels ----------------------------------------------------------------------------
    def build_channels(self) -> dict[str, Any]:
        """One channel per route (a later route with the same channel name wins).

        A route not served by a chanx consumer is a channel without messages.
        """
        for route in self.routes:
            if not is_chanx_consumer(route.consumer):
                self._add_plain_channel(route)
                continue
            consumer = route.consumer
            name = self._channel_name(consumer)
            info = getattr(consumer, "_channel_info", None)
            if info is not None:
                description = info.get("description")
            else:
                description = textwrap.dedent(str(consumer.__doc__))
            parameters = None
            if route.path_params:
                parameters = {
                    param: ParameterObject(description=_param_description(param, pattern))
                    for param, pattern in route.path_params.items()
                }
            tags: list[Any] | None = None
            if info is not None and info.get("tags"):
                tags = [{"name": t} if isinstance(t, str) else t for t in info["tags"]]
            channel = ChannelObject(
                address=route.channel_path,
                title=name,
                description=description,
                parameters=parameters,
                messages={
                    key: SchemaObject.model_validate(value)
                    for key, value in self.get_channel_messages(consumer).items()
                },
                tags=tags,
            )
            self.channels[name] = channel.model_dump(by_alias=True, exclude_none=True)
        add_topic_channels(self)
        return self.channels

    def _add_plain_channel(self, route: RouteInfo) -> None:
        """A route of some other WebSocket endpoint: address, parameters, its docstring."""
        name = plain_route_name(route)
        documented = route.consumer if isinstance(route.consumer, type) else route.handler
        doc = getattr(documented, "__doc__", None)
        parameters = None
        if route.path_params:
            parameters = {
                param: ParameterObject(description=_param_description(param, pattern))
                for param, pattern in route.path_params.items()
            }
        channel = ChannelObject(
            address=route.channel_path,
            title=name,
            description=inspect.cleandoc(doc) if isinstance(doc, str) else None,
            parameters=parameters,
        )
        self.channels[name] = channel.model_dump(by_alias=True, exclude_none=True)

    def get_channel_messages(self, consumer: Any) -> dict[str, dict[str, str]]:
        """Message key → ``{"$ref": "#/components/messages/<key>"}``, sorted by key.

        Inputs of ws handlers and outputs of both handler kinds; event inputs are not listed.
        """
        found: dict[str, dict[str, str]] = {}
        for info, message_type, _is_input in _handler_messages(consumer):
            key = self._message_key(consumer, info, message_type)
            found[key] = {"$ref": ref("components", "messages", key)}
        return {key: found[key] for key in sorted(found)}

    def _message_key(
        self, consumer: Any, info: AsyncAPIHandlerInfo, message_type: type[BaseMessage]
    ) -> str:
        try:
            return self.registry.message_name(message_type, consumer.__name__)
        except SchemaBuildError as exc:
            raise AsyncAPIGenerationError(
                f"Cannot describe consumer {consumer.__name__}, handler "
                f"{info['method_name']}(): message {message_type.__name__} has no JSON "
                f"schema: {exc.cause}"
            ) from exc

    @staticmethod
    def _channel_name(consumer: Any) -> str:
        info = getattr(consumer, "_channel_info", None)
        if info is not None and info.get("name"):
            return str(info["name"])
        return str(consumer.snake_name)

    # -- operations --------------------------------------------------------------------------
    def build_operations(self) -> None:
        """One operation per handler per route: ws handlers ``receive``, events ``send``."""
        for route in self.routes:
            if not is_chanx_consumer(route.consumer):
                continue  # no handlers to describe
            consumer = route.consumer
            channel = self._channel_name(consumer)
            for info in consumer._MESSAGE_HANDLER_INFO_MAP.values():
                self._add_operation(consumer, info, self._ws_operation(consumer, channel, info))
            for info in consumer._EVENT_HANDLER_INFO_MAP.values():
                self._add_operation(consumer, info, self._event_operation(consumer, channel, info))
        add_topic_operations(self)

    def _add_operation(self, consumer: Any, info: AsyncAPIHandlerInfo, body: Any) -> None:
        key = info["action"]
        if key in self.operations:
            key = f"{consumer.snake_name}_{key}"
        self.operations[key] = body

    def _base_operation(
        self, action: str, channel: str, info: AsyncAPIHandlerInfo
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "action": action,
            "channel": {"$ref": ref("channels", channel)},
            "description": info.get("description") or "",
            "summary": info.get("summary") or "",
        }
        if info.get("tags"):
            body["tags"] = [{"name": tag} for tag in info.get("tags") or []]
        return body

    def _ws_operation(self, consumer: Any, channel: str, info: AsyncAPIHandlerInfo) -> Any:
        body = self._base_operation("receive", channel, info)
        input_key = self._message_key(consumer, info, info["input_type"])
        body["messages"] = [{"$ref": ref("channels", channel, "messages", input_key)}]
        if expand_output_types(info["output_type"]):
            body["reply"] = self.build_reply(channel, info["output_type"], consumer, info)
        return body

    def _event_operation(self, consumer: Any, channel: str, info: AsyncAPIHandlerInfo) -> Any:
        body = self._base_operation("send", channel, info)
        if expand_output_types(info["output_type"]):
            reply = self.build_reply(channel, info["output_type"], consumer, info)
            body["messages"] = reply["messages"]
        return body

    def build_output(
        self,
        channel_name: str,
        output_type: Any,
        consumer: Any = None,
        info: AsyncAPIHandlerInfo | None = None,
    ) -> dict[str, str]:
        """``{"$ref": "#/channels/<channel>/messages/<key>"}`` for one output message type."""
        types = expand_output_types(output_type)
        if len(types) != 1:
            raise TypeError(
                f"build_output takes one message type, got {output_type!r}; "
                "build_reply describes several"
            )
        (message_type,) = types
        if consumer is not None and info is not None:
            key = self._message_key(consumer, info, message_type)
        else:
            key = self.registry.message_name(message_type, channel_name)
        return {"$ref": ref("channels", channel_name, "messages", key)}

    def build_reply(
        self,
        channel_name: str,
        output_type: Any,
        consumer: Any = None,
        info: AsyncAPIHandlerInfo | None = None,
    ) -> dict[str, Any]:
        """The reply of an operation: its channel and one message ref per output type.

        Refs follow the declared order (list/tuple order, union member order).
        """
        refs = [
            self.build_output(channel_name, message_type, consumer, info)
            for message_type in expand_output_types(output_type)
        ]
        return {"channel": {"$ref": ref("channels", channel_name)}, "messages": refs}


def _param_description(name: str, pattern: str) -> str:
    kind = pattern if pattern in KNOWN_PARAM_TYPES else f"regex: {pattern}"
    return f"Path parameter for {name} ({kind})"


def _handler_messages(
    consumer: Any,
) -> Iterator[tuple[AsyncAPIHandlerInfo, type[BaseMessage], bool]]:
    for info in consumer._MESSAGE_HANDLER_INFO_MAP.values():
        yield info, info["input_type"], True
        for output in expand_output_types(info["output_type"]):
            yield info, output, False
    for info in consumer._EVENT_HANDLER_INFO_MAP.values():
        for output in expand_output_types(info["output_type"]):
            yield info, output, False


def _describe_failure(exc: SchemaBuildError) -> str:
    """Name the consumer and handler behind a registry failure (searches consumer classes)."""
    from chanx.core.consumer import ChanxConsumerBase

    pending: list[type] = [ChanxConsumerBase]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__name__ != exc.consumer_name or not is_chanx_consumer(cls):
            continue
        for info, message_type, _is_input in _handler_messages(cls):
            if message_type is exc.model:
                return (
                    f"Cannot describe consumer {exc.consumer_name}, handler "
                    f"{info['method_name']}(): message {exc.model.__name__} has no JSON schema: "
                    f"{exc.cause}"
                )
    return str(exc)
