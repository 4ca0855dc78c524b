"""Frames skip the framework's dispatch chain and replies its ``send`` only while nobody
replaced them: a consumer that overrides (or patches) ``dispatch``, ``websocket_receive`` or
``send`` sees every frame and every reply go through its own method."""

from typing import Any

from chanx.core.decorators import ws_handler
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.conftest import Adapter

PONG = {"action": "pong", "payload": None}


def _consumers(base: type[Any], seen: list[str]) -> dict[str, type[Any]]:
    class Plain(base):  # type: ignore[misc]
        send_completion = True

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    class OwnDispatch(Plain):
        async def dispatch(self, message: Any) -> None:
            seen.append(f"dispatch:{message['type']}")
            await super().dispatch(message)

    class OwnReceive(Plain):
        async def websocket_receive(self, message: Any) -> None:
            seen.append("websocket_receive")
            await super().websocket_receive(message)

    class OwnSend(Plain):
        async def send(self, *args: Any, **kwargs: Any) -> None:
            seen.append(f"send:{kwargs.get('text_data')}")
            await super().send(*args, **kwargs)

    return {"plain": Plain, "dispatch": OwnDispatch, "receive": OwnReceive, "send": OwnSend}


async def test_overridden_dispatch_sees_every_frame(adapter: Adapter) -> None:
    seen: list[str] = []
    consumer = _consumers(adapter.Consumer, seen)["dispatch"]
    async with adapter.communicator(consumer) as comm:
        for _ in range(3):
            await comm.send_message(PingMessage())
            assert (await comm.receive_all_json())[0] == PONG
    assert seen.count("dispatch:websocket.receive") == 3


async def test_overridden_websocket_receive_sees_every_frame(adapter: Adapter) -> None:
    seen: list[str] = []
    consumer = _consumers(adapter.Consumer, seen)["receive"]
    async with adapter.communicator(consumer) as comm:
        await comm.send_message(PingMessage())
        assert (await comm.receive_all_json())[0] == PONG
    assert seen == ["websocket_receive"]


async def test_overridden_send_carries_every_reply(adapter: Adapter) -> None:
    seen: list[str] = []
    consumer = _consumers(adapter.Consumer, seen)["send"]
    async with adapter.communicator(consumer) as comm:
        await comm.send_message(PingMessage())
        assert await comm.receive_all_json() == [PONG, {"action": "complete", "payload": None}]
    assert seen[:2] == [
        'send:{"action":"pong","payload":null}',
        'send:{"action":"complete","payload":null}',
    ]


async def test_send_patched_on_the_class_after_creation_is_used(adapter: Adapter) -> None:
    seen: list[str] = []
    consumer = _consumers(adapter.Consumer, seen)["plain"]
    framework_send = consumer.send

    async def spy(self: Any, *args: Any, **kwargs: Any) -> None:
        seen.append("spied")
        await framework_send(self, *args, **kwargs)

    consumer.send = spy
    try:
        async with adapter.communicator(consumer) as comm:
            await comm.send_message(PingMessage())
            assert (await comm.receive_all_json())[0] == PONG
    finally:
        del consumer.send
    assert seen.count("spied") == 2  # the reply and ``complete``


def _connecting(base: type[Any], seen: list[str]) -> dict[str, type[Any]]:
    class Greeting(base):  # type: ignore[misc]
        """Overrides ``connect`` the Channels way: accept, then a welcome."""

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

        async def connect(self) -> None:
            seen.append(f"connect:{type(self.scope).__name__}")
            await self.accept()  # already accepted: harmless
            await self.send_json({"action": "welcome", "payload": None})

    class Refusing(Greeting):
        async def connect(self) -> None:
            seen.append("refused")
            await self.close(code=4003)

    return {"greeting": Greeting, "refusing": Refusing}


async def test_an_overridden_connect_runs_after_authentication(adapter: Adapter) -> None:
    seen: list[str] = []
    consumers = _connecting(adapter.Consumer, seen)
    async with adapter.communicator(consumers["greeting"]) as comm:
        assert await comm.receive_json_from() == {"action": "welcome", "payload": None}
        await comm.send_json_to({"action": "ping"})
        assert await comm.receive_json_from() == PONG
    assert seen == ["connect:dict"]


async def test_an_overridden_connect_may_refuse(adapter: Adapter) -> None:
    seen: list[str] = []
    consumers = _connecting(adapter.Consumer, seen)
    comm = adapter.communicator(consumers["refusing"])
    connected, _ = await comm.connect()
    assert connected
    await comm.assert_closed(code=4003)
    assert seen == ["refused"]
