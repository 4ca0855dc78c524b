"""Topic classes written the way chanx 2.13 programs write them, built once per adapter.

A generic room chat (``Topic[ChatEvent]``) with its own ``__init__``, a presence topic that
joins an extra group from ``on_subscribe`` and hears it through the consumer, a topic that
camelizes what it sends by overriding ``send_message`` (broadcast passthrough included), a
replay that stamps ``current_seq`` on stored events, and a topic with completion frames on.
"""

from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from chanx.core.decorators import channel, event_handler, ws_handler
from chanx.core.envelope import current_ref, current_seq
from chanx.core.topic import Topic
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class SayMessage(BaseMessage):
    action: Literal["say"] = "say"
    payload: str


class ChatMessage(BaseMessage):
    action: Literal["chat_message"] = "chat_message"
    payload: str


class ChatAck(BaseMessage):
    action: Literal["chat_ack"] = "chat_ack"
    payload: dict[str, Any]


class HistoryEntry(BaseMessage):
    action: Literal["history_entry"] = "history_entry"
    payload: str


class RoomJoined(BaseMessage):
    """Sent to the room's extra group; the consumer's own event handler answers it."""

    action: Literal["room_joined"] = "room_joined"
    payload: str


class Notice(BaseMessage):
    action: Literal["notice"] = "notice"
    payload: str


class Boom(BaseMessage):
    action: Literal["boom"] = "boom"
    payload: None = None


class RunDelta(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)
    message_id: str
    delta_text: str


class RunEvent(BaseMessage):
    action: Literal["run_event"] = "run_event"
    payload: RunDelta


class CheckRef(BaseMessage):
    action: Literal["check_ref"] = "check_ref"
    payload: None = None


class RefSeen(BaseMessage):
    action: Literal["ref_seen"] = "ref_seen"
    payload: str | None


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The 2.13-style kit on ``base`` (an adapter's ``AsyncJsonWebsocketConsumer``)."""
    journal: list[Any] = []

    class ChatTopicBase(Topic[ChatMessage]):
        """An abstract kit base: no pattern, subclassed by applications."""

        room: str

        @ws_handler
        async def say(self, message: SayMessage) -> ChatAck:
            await type(self).broadcast(self.topic, ChatMessage(payload=message.payload), seq=1)
            return ChatAck(
                payload={"room": self.room, "by": self.channel_name == self.consumer.channel_name}
            )

    class RoomChatTopic(ChatTopicBase):
        pattern = "room:{room_id}"

        def __init__(self, consumer: Any, topic: str) -> None:
            super().__init__(consumer, topic)
            self.room = self.params["room_id"]
            journal.append(("init", topic))

        async def authorize(self, **params: str) -> bool:
            return params["room_id"] != "locked"

        @event_handler
        async def chat_message(self, event: ChatMessage) -> ChatMessage:
            return event

        async def on_subscribe(self) -> None:
            # A replay of stored events, stamped with their original numbers.
            for number, text in ((1, "first"), (2, "second")):
                token = current_seq.set(number)
                try:
                    await self.send_message(HistoryEntry(payload=text))
                finally:
                    current_seq.reset(token)

    class PresenceTopic(Topic):
        pattern = "presence:{room_id}"
        emits = [Notice]

        def extra_group(self) -> str:
            return f"presence-extra-{self.params['room_id']}"

        async def on_subscribe(self) -> None:
            await self.consumer.join_group(self.extra_group())
            await self.send_message(Notice(payload="welcome"))

        async def on_unsubscribe(self) -> None:
            journal.append(("left", self.topic, current_ref.get()))
            await self.send_message(Notice(payload="bye"))
            await super().on_unsubscribe()

    class AgentRunTopic(Topic):
        """Camelizes its own frames, as a kit that speaks camelCase to its client would."""

        pattern = "run:{thread}:{run}"
        passthrough_events = [RunEvent]

        async def send_message(self, message: BaseMessage, *, validate: bool = False) -> None:
            await self.send_json(message.model_dump(mode="json", by_alias=True))

    class CompletingTopic(Topic):
        pattern = "done:{pk}"
        send_completion = True

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @ws_handler
        async def boom(self, message: Boom) -> None:
            raise RuntimeError("internal detail")

        @ws_handler
        async def check_ref(self, message: CheckRef) -> RefSeen:
            return RefSeen(payload=current_ref.get())

        @event_handler
        async def notice(self, event: Notice) -> Notice:
            return event

    class HandlerlessTopic(Topic):
        pattern = "bare:{pk}"

    @channel(name="kit")
    class KitConsumer(base):  # type: ignore[misc]
        channel_layer_alias = "default"
        send_completion = True  # the consumer's own frames only
        topics = [RoomChatTopic, PresenceTopic, AgentRunTopic, CompletingTopic, HandlerlessTopic]
        emits = [Notice]

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @event_handler
        async def room_joined(self, event: RoomJoined) -> Notice:
            return Notice(payload=f"joined {event.payload}")

    return SimpleNamespace(
        ChatTopicBase=ChatTopicBase,
        RoomChatTopic=RoomChatTopic,
        PresenceTopic=PresenceTopic,
        AgentRunTopic=AgentRunTopic,
        CompletingTopic=CompletingTopic,
        HandlerlessTopic=HandlerlessTopic,
        Kit=KitConsumer,
        journal=journal,
    )
