"""The limits example of docs/limits.md, exercised on the fast-channels adapter."""

import json

from examples.deploy.limits import GuardedConsumer
from fast_channels.layers import (
    InMemoryChannelLayer,
    register_channel_layer,
    unregister_channel_layer,
)

from chanx.core.decorators import ws_handler
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.suites.hostile.oracle import RATE_LIMITED, too_large


class PingConsumer(GuardedConsumer):
    send_completion = False
    rate_limit_period = 3600.0  # one window for the whole test, however slow the machine

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


async def test_guarded_consumer_enforces_its_documented_limits() -> None:
    register_channel_layer("default", InMemoryChannelLayer())
    comm = WebsocketCommunicator(PingConsumer.as_asgi(), "/ws", consumer=PingConsumer)
    await comm.connect()
    try:
        await comm.send_input({"type": "websocket.receive", "text": "x" * (64 * 1024 + 1)})
        assert await comm.receive_json_from(timeout=5) == too_large(64 * 1024)
        for _ in range(25):
            await comm.send_input(
                {"type": "websocket.receive", "text": json.dumps({"action": "ping"})}
            )
        replies = [await comm.receive_json_from(timeout=5) for _ in range(25)]
        # A frame refused for its size does not use up the rate budget (20 per window).
        assert replies.count({"action": "pong", "payload": None}) == 20
        assert replies.count(RATE_LIMITED) == 5
        assert PingConsumer.max_concurrent_messages == 8
        assert GuardedConsumer.rate_limit_period == 1.0
    finally:
        await comm.disconnect()
        unregister_channel_layer("default")
