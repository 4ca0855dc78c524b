"""One communicator class per adapter, and every way to get one goes through the factory."""

from chanx.channels import testing as channels_testing
from chanx.channels.websocket import AsyncJsonWebsocketConsumer as ChannelsConsumer
from chanx.ext.channels import testing as ext_testing
from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer as FastConsumer
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from chanx.testing.factory import CommunicatorFactory, communicator_class_for
from tests.suites.behaviour.consumers import build


def test_django_has_one_communicator_class_under_both_names() -> None:
    cls = channels_testing.WebsocketCommunicator
    assert channels_testing.DjangoWebsocketCommunicator is cls
    assert ext_testing.DjangoWebsocketCommunicator is cls
    assert ext_testing.WebsocketCommunicator is cls
    assert callable(cls.wait_for_auth) and callable(cls.assert_authenticated_status_ok)
    assert communicator_class_for(build(ChannelsConsumer).Echo) is cls


async def test_factory_create_tracks_an_unconnected_communicator() -> None:
    factory = CommunicatorFactory()
    echo = build(FastConsumer).Echo
    comm = factory.create(echo)
    assert factory.communicators == [comm]
    assert comm.consumer is echo and not comm.is_connected
    await comm.connect()
    await comm.send_message(PingMessage())
    assert await comm.receive_all_messages(timeout=30) == [PongMessage()]
    await factory.close_all()
    assert comm.is_disconnected and factory.communicators == []


def test_test_case_creates_communicators_through_its_factory() -> None:
    class Case(channels_testing.WebsocketTestCase):
        consumer = build(ChannelsConsumer).Echo
        ws_path = "/ws/echo/"
        router = consumer.as_asgi()

        def runTest(self) -> None:  # pragma: no cover - never run
            raise NotImplementedError

    case = Case()
    case.ws_headers, case.subprotocols = [], []
    case._factory = CommunicatorFactory()
    comm = case.create_communicator()
    assert isinstance(comm, channels_testing.WebsocketCommunicator)
    assert case._factory.communicators == [comm] and case.auth_communicator is comm
