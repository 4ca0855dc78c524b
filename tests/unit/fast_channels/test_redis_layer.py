"""The fast-channels adapter on a real Redis layer, within one process."""

import uuid
from collections.abc import AsyncIterator

import pytest
from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.messages import (
    Announce,
    Announcement,
    ChatMessage,
    ChatNotice,
    ChatNoticePayload,
    ChatText,
)
from fast_channels.layers import BaseChannelLayer
from fastapi import FastAPI

from chanx.fast_channels.layers import create_redis_layer
from chanx.fast_channels.testing import WebsocketCommunicator, isolated_channel_layer
from tests.services import require_redis


@pytest.fixture
async def redis_layer() -> AsyncIterator[BaseChannelLayer]:
    url = require_redis()
    layer = create_redis_layer(url, prefix=f"chanx-test-{uuid.uuid4().hex[:12]}")
    with isolated_channel_layer(layer=layer):
        try:
            yield layer
        finally:
            await layer.flush()


async def test_chat_and_events_through_redis(
    redis_layer: BaseChannelLayer, chat_app: FastAPI
) -> None:
    def room(name: str) -> WebsocketCommunicator:
        return WebsocketCommunicator(chat_app, f"/ws/chat/{name}", consumer=ChatConsumer)

    async with room("blue") as alice, room("blue") as bob:
        await alice.send_message(ChatMessage(payload=ChatText(text="over redis")))
        expected = [ChatNotice(payload=ChatNoticePayload(room="blue", text="over redis"))]
        assert await alice.receive_all_messages(stop_action="group_complete", timeout=5) == expected
        assert await bob.receive_all_messages(stop_action="group_complete", timeout=5) == expected
        await ChatConsumer.broadcast_event(Announce(payload="hi"), ChatConsumer.room_group("blue"))
        assert await bob.receive_all_messages(stop_action="event_complete", timeout=5) == [
            Announcement(payload="hi")
        ]
