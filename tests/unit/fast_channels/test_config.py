"""Outside Django, consumers are configured by class attributes over ``Config`` defaults."""

from typing import Any

from structlog.testing import capture_logs

from chanx.core.config import Config
from chanx.core.decorators import ws_handler
from chanx.fast_channels.testing import WebsocketCommunicator
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage


class PlainConsumer(AsyncJsonWebsocketConsumer):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


class ProjectBase(AsyncJsonWebsocketConsumer):
    """A shared base carrying the project's settings."""

    send_completion = True
    camelize = True
    log_websocket_message = True
    log_ignored_actions = ["ping"]


class ConfiguredConsumer(ProjectBase):
    @ws_handler
    async def ping(self, message: PingMessage) -> PongMessage:
        return PongMessage()


def communicator(consumer: type[Any]) -> WebsocketCommunicator:
    return WebsocketCommunicator(consumer.as_asgi(), "/ws", consumer=consumer)


def test_adapter_reads_the_plain_config() -> None:
    assert type(AsyncJsonWebsocketConsumer.chanx_adapter.config) is Config


async def test_defaults_without_attributes() -> None:
    async with communicator(PlainConsumer) as client:
        await client.send_message(PingMessage())
        # Config.send_completion is False: the pong comes alone.
        assert await client.receive_all_json(timeout=0.3) == [{"action": "pong", "payload": None}]
        consumer = PlainConsumer()
        assert consumer.should_send_completion is False
        assert consumer.should_camelize is False


async def test_settings_inherited_from_a_shared_base() -> None:
    consumer = ConfiguredConsumer()
    assert consumer.should_send_completion is True
    assert consumer.should_camelize is True
    assert consumer.all_log_ignored_actions >= {"ping", "complete"}
    with capture_logs() as logs:
        async with communicator(ConfiguredConsumer) as client:
            await client.send_json_to({"action": "pong_me"})
            await client.receive_all_json()
            await client.send_message(PingMessage())
            assert await client.receive_all_messages() == [PongMessage()]
    events = [entry["event"] for entry in logs]
    # The unknown action is logged on receipt and its error frame on sending; ``ping`` is
    # ignored, and completion frames are never logged.
    assert events.count("Websocket received") == 1
    assert [e.get("sent_action") for e in logs if e["event"] == "Websocket sent"] == [
        "error",
        "pong",
    ]
