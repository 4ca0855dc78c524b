"""Reference collectors: completion-aware early return, deadlines, opt-in completion frames."""

from typing import Any

import pytest

from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.conftest import Adapter
from tests.shared.messages import Noticed, Notify
from tests.suites.behaviour.consumers import Echo, EchoPayload, EchoReply, build
from tests.unit.testing.consumers import Hangup, build_rude

COMPLETE = {"action": "complete", "payload": None}
PONG = {"action": "pong", "payload": None}

# Deadlines far beyond what a reply needs: these tests only finish (pytest-timeout is 60 s)
# because the collectors return on the completion frame instead of running to the deadline.
LONG = 30


async def test_two_pings_one_call_returns_at_completion(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Ordered)
    await comm.send_message(PingMessage())
    await comm.send_message(PingMessage())
    assert await comm.receive_all_json(timeout=LONG) == [PONG, COMPLETE, PONG, COMPLETE]


async def test_frames_after_the_last_completion_stay_queued(adapter: Adapter, connect: Any) -> None:
    consumers = build(adapter.Consumer)
    comm = await connect(consumers.Echo)
    await comm.send_message(PingMessage())
    assert await comm.receive_all_json(timeout=LONG) == [PONG, COMPLETE]
    await consumers.Echo.broadcast_event(Notify(payload="later"))
    assert await comm.receive_all_messages(stop_action="event_complete", timeout=LONG) == [
        Noticed(payload="later")
    ]


async def test_nothing_outstanding_collects_until_deadline(adapter: Adapter, connect: Any) -> None:
    consumers = build(adapter.Consumer)
    comm = await connect(consumers.Echo)
    await consumers.Echo.broadcast_event(Notify(payload="a"))
    await consumers.Echo.broadcast_event(Notify(payload="b"))
    frames = await comm.receive_all_json(timeout=0.3)
    assert [f["payload"] for f in frames if f["action"] == "noticed"] == ["a", "b"]


async def test_receive_all_messages_stops_at_stop_action(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Ordered)
    await comm.send_message(Echo(payload=EchoPayload(text="one")))
    await comm.send_message(PingMessage())
    first = await comm.receive_all_messages(timeout=LONG)
    assert first == [EchoReply(payload=EchoPayload(text="one"))]
    assert await comm.receive_all_messages(timeout=LONG) == [PongMessage()]


async def test_collector_timeout_keeps_the_application_alive(
    adapter: Adapter, connect: Any
) -> None:
    comm = await connect(build(adapter.Consumer).Quiet)
    assert await comm.receive_all_json(timeout=0.05) == []
    await comm.send_message(PingMessage())
    assert await comm.receive_all_messages(stop_action="pong", timeout=LONG) == [PongMessage()]


async def test_zero_timeout_returns_what_is_already_there(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    assert await comm.receive_all_json(timeout=0) == []


async def test_completion_opt_in_is_per_connection(adapter: Adapter, connect: Any) -> None:
    quiet = build(adapter.Consumer).Quiet
    asked = await connect(quiet, completion=True)
    plain = await connect(quiet)
    await asked.send_message(PingMessage())
    assert await asked.receive_all_json(timeout=LONG) == [PONG, COMPLETE]
    await plain.send_message(PingMessage())
    assert await plain.receive_all_json(timeout=0.2) == [PONG]
    assert quiet.send_completion is False


async def test_close_during_collection_is_the_reference_assertion(
    adapter: Adapter, connect: Any
) -> None:
    comm = await connect(build_rude(adapter.Consumer).Rude)
    await comm.send_message(Hangup())
    with pytest.raises(AssertionError, match=r"Expected type 'websocket\.send', but was"):
        await comm.receive_all_json(timeout=LONG)


async def test_collecting_after_disconnect_fails_clearly(adapter: Adapter, connect: Any) -> None:
    comm = await connect(build(adapter.Consumer).Echo)
    await comm.disconnect()
    await comm.disconnect()  # harmless twice
    with pytest.raises(AssertionError, match="application finished"):
        await comm.receive_all_json(timeout=LONG)


async def test_assert_closed_accepts_any_close_and_checks_code(
    adapter: Adapter, connect: Any
) -> None:
    comm = await connect(build_rude(adapter.Consumer).Rude)
    await comm.send_message(Hangup())
    assert await comm.receive_all_messages(stop_action="pong", timeout=LONG) == [PongMessage()]
    await comm.assert_closed(code=1000)


async def test_completion_opt_in_through_routers(adapter: Adapter) -> None:
    """The scope extension survives Channels' URLRouter/AuthMiddlewareStack and Starlette."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute

    from chanx.channels.routing import path

    quiet = build(adapter.Consumer).Quiet
    if adapter.name == "channels":
        app: Any = AuthMiddlewareStack(URLRouter([path("q/<str:room>/", quiet.as_asgi())]))
        url = "/q/blue/"
    else:
        app = Starlette(routes=[WebSocketRoute("/q/{room}", quiet.as_asgi())])
        url = "/q/blue"
    comm = adapter.Communicator(app, url, consumer=quiet, completion=True)
    async with comm:
        await comm.send_message(PingMessage())
        assert await comm.receive_all_json(timeout=LONG) == [PONG, COMPLETE]
