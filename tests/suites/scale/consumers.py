"""Consumers served by the multi-process scale tests, built once per framework adapter."""

import asyncio
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal, cast

from pydantic import BaseModel

from chanx.core.connection.origins import SAME_HOST
from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage

# Shared with the behaviour suite. Re-exported: the scale processes (``send_event``) import
# the scale messages from this module.
from tests.shared.messages import Noticed as Noticed
from tests.shared.messages import Notify as Notify
from tests.shared.messages import Shout as Shout
from tests.shared.messages import Shouted as Shouted

ROOM = "room"


class HoldPayload(BaseModel):
    n: int
    pad: str = ""


class Hold(BaseMessage):
    """Blocks its handler until a ``release`` frame arrives on the same server process."""

    action: Literal["hold"] = "hold"
    payload: HoldPayload


class Held(BaseMessage):
    action: Literal["held"] = "held"
    payload: int


class Release(BaseMessage):
    action: Literal["release"] = "release"
    payload: None = None


class Arm(BaseMessage):
    """Reset the process-wide gate: later ``hold`` frames block again."""

    action: Literal["arm"] = "arm"
    payload: None = None


class Stats(BaseMessage):
    action: Literal["stats"] = "stats"
    payload: None = None


class StatsReply(BaseMessage):
    action: Literal["stats_reply"] = "stats_reply"
    payload: dict[str, int]


class _Gate:
    """Process-wide counters of the ``hold`` handlers (one server process = one gate)."""

    def __init__(self) -> None:
        self.event: asyncio.Event | None = None
        self.running = 0
        self.peak = 0
        self.started = 0

    def arm(self) -> None:
        self.event = asyncio.Event()
        self.running = self.peak = self.started = 0

    def get(self) -> asyncio.Event:
        if self.event is None:
            self.event = asyncio.Event()
        return self.event


GATE = _Gate()


@cache
def build(base: type[Any]) -> SimpleNamespace:
    """The scale-test consumer on top of ``base`` (an adapter's AsyncJsonWebsocketConsumer)."""

    class ScaleConsumer(base[Notify]):  # type: ignore[misc]
        channel_layer_alias = "default"
        groups = [ROOM]
        send_completion = False
        log_websocket_message = False
        max_concurrent_messages = 4

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        @ws_handler(output_type=Shouted)
        async def shout(self, message: Shout) -> None:
            await self.broadcast_message(Shouted(payload=message.payload))

        @ws_handler
        async def hold(self, message: Hold) -> Held:
            GATE.started += 1
            GATE.running += 1
            GATE.peak = max(GATE.peak, GATE.running)
            try:
                await GATE.get().wait()
            finally:
                GATE.running -= 1
            return Held(payload=message.payload.n)

        @ws_handler
        async def release(self, message: Release) -> None:
            GATE.get().set()

        @ws_handler
        async def arm(self, message: Arm) -> StatsReply:
            GATE.arm()
            return await self.stats(Stats())

        @ws_handler
        async def stats(self, message: Stats) -> StatsReply:
            buffers = getattr(self.channel_layer, "receive_buffer", {})
            return StatsReply(
                payload={
                    "running": GATE.running,
                    "peak": GATE.peak,
                    "started": GATE.started,
                    # Largest per-connection backlog inside the Redis layer of this process.
                    "max_buffered": max((q.qsize() for q in buffers.values()), default=0),
                }
            )

        @event_handler
        async def notify(self, event: Notify) -> Noticed:
            return Noticed(payload=event.payload)

    class OrderedScaleConsumer(ScaleConsumer):
        max_concurrent_messages = 1

    class GuardedScaleConsumer(ScaleConsumer):
        """Accepts browser pages of this host only (``Origin`` checked at the handshake)."""

        allowed_origins = [SAME_HOST]

    from tests.suites.behaviour.topics import build as build_board

    board = build_board(cast(type, base))  # plain ``type`` is Hashable for the cache
    from tests.suites.scale.live_app import build as build_live

    live = build_live(cast(type, base))
    return SimpleNamespace(
        Live=live.Live,
        LiveTopic=live.LiveTopic,
        Scale=ScaleConsumer,
        Ordered=OrderedScaleConsumer,
        Guarded=GuardedScaleConsumer,
        Board=board.Board,
        Discussion=board.Discussion,
        DiscussionTopic=board.DiscussionTopic,
    )
