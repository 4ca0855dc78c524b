"""The two contestants: a hand-written raw Channels consumer (R) and a chanx consumer (T).

Both do the same work per frame: parse JSON, dispatch on ``action``, build the reply, encode
it. R validates nothing; T validates every frame against its Pydantic models.
"""

import os
from typing import Any, Literal

from channels.generic.websocket import AsyncJsonWebsocketConsumer as RawJsonConsumer
from pydantic import BaseModel

from chanx.core.decorators import event_handler, ws_handler
from chanx.core.topic import Topic
from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer as ChanxJsonConsumer
from chanx.messages.base import BaseMessage


class EchoPayload(BaseModel):
    text: str
    n: int


class Item(BaseModel):
    id: int
    name: str
    score: float
    tags: list[str]
    attrs: dict[str, int]


class Doc(BaseModel):
    title: str
    items: list[Item]


class Echo(BaseMessage):
    action: Literal["echo"] = "echo"
    payload: EchoPayload


class EchoReply(BaseMessage):
    action: Literal["echo_reply"] = "echo_reply"
    payload: EchoPayload


class Bulk(BaseMessage):
    action: Literal["bulk"] = "bulk"
    payload: Doc


class BulkReply(BaseMessage):
    action: Literal["bulk_reply"] = "bulk_reply"
    payload: Doc


class Shout(BaseMessage):
    action: Literal["shout"] = "shout"
    payload: EchoPayload


class Said(BaseMessage):
    action: Literal["said"] = "said"
    payload: EchoPayload


RAW_DISPATCH = os.environ.get("CHANX_BENCH_RAW_DISPATCH", "channels")
"""``channels``: R is plain Channels. ``lean``: R also skips Channels' per-event database
clean-up hop when it has nothing to do, as chanx does, so T/R isolates the typing cost."""


def _route_kwarg(scope: Any, name: str) -> str | None:
    """``group`` (a fan-out member joins it) or ``target`` (a sender shouts to it)."""
    value = scope.get("url_route", {}).get("kwargs", {}).get(name)
    return str(value) if value else None


class RawConsumer(RawJsonConsumer):  # type: ignore[misc]
    """Plain Channels: ``json.loads``, ``if action == ...``, reply dict, ``json.dumps``."""

    async def connect(self) -> None:
        await self.accept()
        group = _route_kwarg(self.scope, "group")
        if group:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups.append(group)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "echo":
            await self.send_json({"action": "echo_reply", "payload": content["payload"]})
        elif action == "bulk":
            await self.send_json({"action": "bulk_reply", "payload": content["payload"]})
        elif action == "shout":
            message = {"action": "said", "payload": content["payload"]}
            target = _route_kwarg(self.scope, "target") or "fan"
            await self.channel_layer.group_send(target, {"type": "relay", "message": message})
        else:
            await self.send_json({"action": "error", "payload": {"detail": "unknown action"}})

    async def relay(self, event: dict[str, Any]) -> None:
        await self.send_json(event["message"])

    if RAW_DISPATCH == "lean":
        dispatch = ChanxJsonConsumer.dispatch


class ChanxConsumer(ChanxJsonConsumer):
    """chanx: typed handlers; validation, routing and serialisation by the library."""

    async def post_authentication(self) -> None:
        group = _route_kwarg(self.scope, "group")
        if group:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups.append(group)

    @ws_handler
    async def echo(self, message: Echo) -> EchoReply:
        return EchoReply(payload=message.payload)

    @ws_handler
    async def bulk(self, message: Bulk) -> BulkReply:
        return BulkReply(payload=message.payload)

    @ws_handler
    async def shout(self, message: Shout) -> None:
        target = _route_kwarg(self.scope, "target") or "fan"
        await self.broadcast_message(Said(payload=message.payload), groups=[target])


class RawLeanConsumer(RawConsumer):
    """R with chanx's database clean-up shortcut (whatever ``CHANX_BENCH_RAW_DISPATCH`` says)."""

    dispatch = ChanxJsonConsumer.dispatch


class RawRedisConsumer(RawConsumer):
    channel_layer_alias = "redis"


class ChanxDefaultConsumer(ChanxConsumer):
    """T with message logging on (``LOG_WEBSOCKET_MESSAGE=True``, the 1.x/2.x default; now opt-in).

    The benchmark's logging configuration filters chanx's info records out, as a production
    configuration at WARNING does, so nothing is written.
    """

    log_websocket_message = True


class ChanxFrameworkLoopConsumer(ChanxConsumer):
    """``chanx`` served by Channels' own loop (a task and an ``asyncio.wait`` per message)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await RawJsonConsumer.__call__(self, scope, receive, send)
        finally:
            await self._pipeline.cancel_all()


class ChanxRedisConsumer(ChanxConsumer):
    channel_layer_alias = "redis"


class ChanxPushConsumer(ChanxJsonConsumer):
    """Replies with an explicit ``send_message`` call, which yields after the send by default."""

    @ws_handler(output_type=EchoReply)
    async def echo(self, message: Echo) -> None:
        await self.send_message(EchoReply(payload=message.payload))


class ChanxPushNoFlushConsumer(ChanxPushConsumer):
    send_message_immediately = False


class EchoTopic(Topic):
    """The echo handler as a topic action (``benchmarks.topic_cost``)."""

    pattern = "echo:{pk}"

    @ws_handler
    async def echo(self, message: Echo) -> EchoReply:
        return EchoReply(payload=message.payload)

    @ws_handler(output_type=Said)
    async def shout(self, message: Shout) -> None:
        await EchoTopic.broadcast(self.topic, Said(payload=message.payload))

    @event_handler
    async def said(self, event: Said) -> Said:
        return event


class ChanxTopicConsumer(ChanxJsonConsumer):
    """Serves ``EchoTopic``: frames addressed to ``echo:<pk>`` after subscribing."""

    topics = [EchoTopic]


# -- the fleet (``benchmarks.fleet``): topic fan-out over the Redis layer, across processes -------


class TickPayload(BaseModel):
    n: int
    """The publication's number."""
    t: int
    """When the client asked for the publication (``time.monotonic_ns()`` on the client host)."""


class PublishPayload(TickPayload):
    topic: str


class Publish(BaseMessage):
    """Client → server: publish a tick to every subscriber of ``payload.topic``."""

    action: Literal["publish"] = "publish"
    payload: PublishPayload


class Tick(BaseMessage):
    """What every subscriber of the topic receives."""

    action: Literal["tick"] = "tick"
    payload: TickPayload


class FleetTopic(Topic):
    """``fleet:<pk>``: a topic on the Redis layer, shared by every server of the fleet."""

    pattern = "fleet:{pk}"
    channel_layer_alias = "redis"

    @event_handler
    async def tick(self, event: Tick) -> Tick:
        return event


class ChanxFleetConsumer(ChanxJsonConsumer):
    """chanx: clients subscribe to ``fleet:<pk>`` topics; ``publish`` calls ``Topic.broadcast``."""

    channel_layer_alias = "redis"
    topics = [FleetTopic]

    @ws_handler
    async def publish(self, message: Publish) -> None:
        payload = message.payload
        await FleetTopic.broadcast(
            payload.topic, Tick(payload=TickPayload(n=payload.n, t=payload.t))
        )


def fleet_group(topic: str) -> str:
    """The hand-written consumer's group for a topic (``fleet:3`` → ``fleet-3``)."""
    return topic.replace(":", "-")


class RawFleetConsumer(RawJsonConsumer):  # type: ignore[misc]
    """Hand-written Channels: one group per topic (``group_add``), ``group_send`` to publish.

    Sends the same frames as ``ChanxFleetConsumer``: ``subscribed`` replies and ``tick``
    pushes carrying ``version`` and ``topic``. Validates nothing.
    """

    channel_layer_alias = "redis"

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        action = content.get("action") if isinstance(content, dict) else None
        if action == "publish":
            payload = content["payload"]
            event = {
                "type": "topic.tick",
                "topic": payload["topic"],
                "payload": {"n": payload["n"], "t": payload["t"]},
            }
            await self.channel_layer.group_send(fleet_group(payload["topic"]), event)
        elif action == "subscribe":
            topic = content["topic"]
            group = fleet_group(topic)
            if group not in self.groups:
                await self.channel_layer.group_add(group, self.channel_name)
                self.groups.append(group)
            reply = {"action": "subscribed", "payload": None, "version": 1, "topic": topic}
            if "ref" in content:
                reply["ref"] = content["ref"]
            await self.send_json(reply)
        else:
            await self.send_json({"action": "error", "payload": {"detail": "unknown action"}})

    async def topic_tick(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {"action": "tick", "payload": event["payload"], "version": 1, "topic": event["topic"]}
        )


class RawLeanFleetConsumer(RawFleetConsumer):
    """``RawFleetConsumer`` with chanx's database clean-up shortcut (no thread hop per event)."""

    dispatch = ChanxJsonConsumer.dispatch
