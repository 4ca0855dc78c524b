"""Topics in the AsyncAPI document: one channel per (route, topic), with its operations.

The channel sits at the route's address (topics share the connection) and carries an
``x-topic`` extension: the topic class ``name``, its ``pattern`` and its ``parameters``.
Operations: ``subscribe``/``unsubscribe`` (with their replies), the topic's ``@ws_handler``
methods (``receive``) and its ``@event_handler`` methods (``send``), keyed
``<channel>_<action>``.
"""

import textwrap
from typing import TYPE_CHECKING, Any

from chanx.asyncapi.history import capability_extensions, capability_messages
from chanx.asyncapi.refs import ref
from chanx.asyncapi.type_defs import ChannelObject, ParameterObject, SchemaObject, TopicObject
from chanx.core.decorators import expand_output_types
from chanx.core.handlers import handler_messages
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.messages.topic import (
    SubscribedMessage,
    SubscribeMessage,
    UnsubscribedMessage,
    UnsubscribeMessage,
)
from chanx.routing.discovery import TopicRoute, topic_routes

if TYPE_CHECKING:
    from chanx.asyncapi.generator import AsyncAPIGenerator

# The membership operations every topic channel offers: request, reply.
MEMBERSHIP = (
    ("subscribe", SubscribeMessage, SubscribedMessage),
    ("unsubscribe", UnsubscribeMessage, UnsubscribedMessage),
)


def topic_messages(topic: Any) -> list[type[BaseMessage]]:
    """Every message of a topic channel: handler inputs and outputs, membership, errors."""
    found = handler_messages(topic._handler_table)
    found.extend(topic.emits)
    for _action, request, reply in MEMBERSHIP:
        found += [request, reply]
    found.append(ErrorMessage)
    found += capability_messages(topic)
    return list(dict.fromkeys(found))


def add_topic_channels(generator: "AsyncAPIGenerator") -> None:
    """Add a channel per topic of every routed consumer."""
    for item in topic_routes(generator.routes):
        consumer, topic = item.route.consumer, item.topic
        info = getattr(topic, "_channel_info", None)
        description = (info or {}).get("description") or textwrap.dedent(topic.__doc__ or "")
        parameters = None
        if item.route.path_params:
            parameters = {
                name: ParameterObject(description=f"Path parameter for {name}")
                for name in item.route.path_params
            }
        messages = {
            key: SchemaObject.model_validate({"$ref": ref("components", "messages", key)})
            for key in sorted(_key(generator, consumer, m) for m in topic_messages(topic))
        }
        channel = ChannelObject(
            address=item.route.channel_path,
            title=item.channel_name,
            description=description.strip() or f"Topic {topic.pattern}",
            parameters=parameters,
            messages=messages,
            topic=TopicObject(
                name=topic.snake_name, pattern=topic.pattern, parameters=list(topic.param_names)
            ),
        )
        body = channel.model_dump(by_alias=True, exclude_none=True)
        body.update(capability_extensions(topic))
        generator.channels[item.channel_name] = body


def add_topic_operations(generator: "AsyncAPIGenerator") -> None:
    """Add the operations of every topic channel."""
    for item in topic_routes(generator.routes):
        _add_operations(generator, item)


def _add_operations(generator: "AsyncAPIGenerator", item: TopicRoute) -> None:
    consumer, topic, channel = item.route.consumer, item.topic, item.channel_name

    def message_ref(message: type[BaseMessage]) -> dict[str, str]:
        return {"$ref": ref("channels", channel, "messages", _key(generator, consumer, message))}

    def operation(action: str, summary: str, description: str) -> dict[str, Any]:
        return {
            "action": action,
            "channel": {"$ref": ref("channels", channel)},
            "summary": summary,
            "description": description,
        }

    for action, request, reply in MEMBERSHIP:
        body = operation("receive", f"{action.capitalize()} a {topic.__name__} topic", "")
        body["messages"] = [message_ref(request)]
        body["reply"] = {
            "channel": {"$ref": ref("channels", channel)},
            "messages": [message_ref(reply), message_ref(ErrorMessage)],
        }
        generator.operations[f"{channel}_{action}"] = body
    table = topic._handler_table
    for info in table.message_infos.values():
        body = operation("receive", info.get("summary") or "", info.get("description") or "")
        body["messages"] = [message_ref(info["input_type"])]
        outputs = expand_output_types(info["output_type"])
        if outputs:
            body["reply"] = {
                "channel": {"$ref": ref("channels", channel)},
                "messages": [message_ref(m) for m in outputs],
            }
        generator.operations[f"{channel}_{info['action']}"] = body
    for info in table.event_infos.values():
        body = operation("send", info.get("summary") or "", info.get("description") or "")
        outputs = expand_output_types(info["output_type"])
        if outputs:
            body["messages"] = [message_ref(m) for m in outputs]
        generator.operations[f"{channel}_{info['action']}"] = body


def _key(generator: "AsyncAPIGenerator", consumer: Any, message: type[BaseMessage]) -> str:
    return generator.registry.message_name(message, consumer.__name__)
