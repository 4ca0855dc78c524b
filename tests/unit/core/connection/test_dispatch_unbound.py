"""The neutral mixin combined with a framework by hand keeps that framework's own loop."""

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer as ChannelsJsonConsumer
from channels.testing import WebsocketCommunicator

from chanx.core.connection import dispatch_loop
from chanx.core.consumer import ChanxWebsocketConsumerMixin
from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class HandMade(ChanxWebsocketConsumerMixin, ChannelsJsonConsumer):  # type: ignore[misc]
    channel_layer_alias = "default"
    send_completion = False
    log_websocket_message = False

    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


async def test_a_hand_made_consumer_is_served_by_its_framework(monkeypatch: Any) -> None:
    calls: list[object] = []

    async def spy(*args: Any, **kwargs: Any) -> None:
        calls.append(args)

    monkeypatch.setattr("chanx.core.serving.serve_consumer", spy)
    assert dispatch_loop.serve_consumer is not spy
    comm = WebsocketCommunicator(HandMade.as_asgi(), "/ws")
    connected, _ = await comm.connect()
    assert connected
    await comm.send_json_to({"action": "ping"})
    assert await comm.receive_json_from() == {"action": "pong", "payload": None}
    await comm.disconnect()
    assert calls == []  # Channels' own ``__call__`` ran the connection
