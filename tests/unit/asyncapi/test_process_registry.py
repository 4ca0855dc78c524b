"""``chanx.core.registry.message_registry``: every consumer class of the process, on read."""

from collections import defaultdict
from typing import Literal

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.registry import MessageRegistry, message_registry
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage


class AskMessage(BaseMessage):
    action: Literal["registry_ask"] = "registry_ask"
    payload: str


class AnswerMessage(BaseMessage):
    action: Literal["registry_answer"] = "registry_answer"
    payload: str


class NoticeMessage(BaseMessage):
    action: Literal["registry_notice"] = "registry_notice"
    payload: int


class NoticeEvent(BaseMessage):
    action: Literal["registry_notice_event"] = "registry_notice_event"
    payload: int


def test_a_new_consumer_class_is_in_the_process_registry() -> None:
    class RegistryProbeConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def registry_ask(self, message: AskMessage) -> AnswerMessage:
            return AnswerMessage(payload=message.payload)

        @event_handler
        async def notice(self, event: NoticeEvent) -> NoticeMessage:
            return NoticeMessage(payload=event.payload)

    assert isinstance(message_registry, MessageRegistry)
    assert message_registry.consumer_messages["RegistryProbeConsumer"] == {
        AskMessage,
        AnswerMessage,
        NoticeMessage,
    }
    assert message_registry.schemas[AskMessage] == "#/components/schemas/AskMessage"
    assert message_registry.messages[AnswerMessage] == "#/components/messages/answer_message"
    assert "AskMessage" in message_registry.schema_objects
    assert "notice_message" in message_registry.message_objects
    assert isinstance(message_registry.remap_schema_title, dict)


def test_add_takes_a_type_a_union_a_list_or_a_tuple() -> None:
    registry = MessageRegistry()
    assert isinstance(registry.consumer_messages, defaultdict)
    registry.add(AskMessage, "A")
    registry.add(AskMessage | AnswerMessage, "B")
    registry.add([NoticeMessage], "C")
    registry.add((AskMessage, NoticeMessage), "D")
    assert registry.consumer_messages["A"] == {AskMessage}
    assert registry.consumer_messages["B"] == {AskMessage, AnswerMessage}
    assert registry.consumer_messages["C"] == {NoticeMessage}
    assert registry.consumer_messages["D"] == {AskMessage, NoticeMessage}
    assert registry.consumer_messages["unknown"] == set()


def test_a_class_that_cannot_be_described_does_not_break_reading() -> None:
    class Opaque:
        pass

    class OpaqueMessage(BaseMessage):
        action: Literal["registry_opaque"] = "registry_opaque"
        payload: Opaque

        model_config = {"arbitrary_types_allowed": True}

    class RegistryOpaqueConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def registry_opaque(self, message: OpaqueMessage) -> AnswerMessage:
            return AnswerMessage(payload="x")

    assert OpaqueMessage in message_registry.consumer_messages["RegistryOpaqueConsumer"]
    assert AnswerMessage in message_registry.messages
    assert OpaqueMessage not in message_registry.messages


def test_topic_classes_are_registered_too() -> None:
    from chanx.core.topic import Topic

    class RegistryProbeTopic(Topic):
        pattern = "probe:{pk}"

        @ws_handler
        async def registry_ask(self, message: AskMessage) -> AnswerMessage:
            return AnswerMessage(payload=message.payload)

    assert message_registry.consumer_messages["RegistryProbeTopic"] == {AskMessage, AnswerMessage}
