"""``from __future__ import annotations`` works for messages and handlers."""

from chanx.fast_channels.testing import WebsocketCommunicator
from tests.unit.messages.future_annotated import Later, LaterConsumer, LaterReply


def test_handler_types_resolved() -> None:
    info = LaterConsumer._MESSAGE_HANDLER_INFO_MAP["later"]
    assert info["input_type"] is Later
    assert info["output_type"] is LaterReply


async def test_round_trip() -> None:
    async with WebsocketCommunicator(LaterConsumer.as_asgi(), "/", consumer=LaterConsumer) as comm:
        await comm.send_message(Later(payload=1))
        assert await comm.receive_all_messages() == [LaterReply(payload=2)]
