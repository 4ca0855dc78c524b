"""After an outage a connection resumes as soon as Redis answers, groups re-joined first.

Issue: connections waited out their own back-off (up to 2 s) after Redis was back and missed
the broadcasts of that window. Now one probe per layer knocks on Redis every 50 ms and wakes
every waiting connection when it answers. The test makes the back-off an hour: a connection
that waited on its back-off clock would never resume within the test.
"""

import uuid

import pytest
from examples.fastapi_chat.app import create_app
from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.layers import REDIS_URL_ENV
from examples.fastapi_chat.messages import Announce, Announcement
from structlog.testing import capture_logs

from chanx.core.connection import resilience
from chanx.ext.fast_channels.layers import create_redis_layer
from chanx.ext.fast_channels.testing import WebsocketCommunicator, isolated_channel_layer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.suites.scale.client import eventually
from tests.suites.scale.servers import ThrowawayRedis


async def test_connection_resumes_when_redis_answers_not_when_its_backoff_ends(
    throwaway_redis: ThrowawayRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resilience, "RETRY_INITIAL_DELAY", 3600.0)
    monkeypatch.delenv(REDIS_URL_ENV, raising=False)
    app = create_app()
    layer = create_redis_layer(
        throwaway_redis.url, prefix=f"chanx-test-{uuid.uuid4().hex[:8]}", blocking_read_timeout=1
    )
    group = ChatConsumer.room_group("back")

    def logged(event: str) -> bool:
        return any(entry["event"] == event for entry in logs)

    with isolated_channel_layer(layer=layer), capture_logs() as logs:
        async with WebsocketCommunicator(app, "/ws/chat/back", consumer=ChatConsumer) as client:
            await client.send_message(PingMessage())
            assert await client.receive_all_messages() == [PongMessage()]
            throwaway_redis.stop()
            await eventually(lambda: logged("Channel layer receive failed; retrying"))
            throwaway_redis.start()  # empty: the group membership is gone
            await eventually(lambda: logged("Channel layer reachable again"))
            rejoined = [e for e in logs if e["event"] == "Channel layer reachable again"]
            assert rejoined[0]["groups_rejoined"] == 1
            await ChatConsumer.broadcast_event(Announce(payload="back"), group)
            assert await client.receive_all_messages(stop_action="event_complete", timeout=5) == [
                Announcement(payload="back")
            ]
