"""Groups, broadcasts and typed events: identical on both adapters."""

import asyncio
import threading

from tests.conftest import Adapter
from tests.shared.messages import Noticed, Notify, Shout, Shouted
from tests.suites.behaviour.consumers import ExplodeEvent, build


async def test_two_clients_one_broadcast(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as a, adapter.communicator(consumers.Echo) as b:
        await a.send_message(Shout(payload="hey"))
        assert await a.receive_all_messages(stop_action="group_complete") == [
            Shouted(payload="hey")
        ]
        assert await b.receive_all_messages(stop_action="group_complete") == [
            Shouted(payload="hey")
        ]


async def test_broadcast_event_reaches_group(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as a:
        await consumers.Echo.broadcast_event(Notify(payload="maintenance"))
        assert await a.receive_all_messages(stop_action="event_complete") == [
            Noticed(payload="maintenance")
        ]


async def test_event_from_sync_code_in_a_thread(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as a:
        worker = threading.Thread(
            target=consumers.Echo.broadcast_event_sync, args=(Notify(payload="from sync"), "lobby")
        )
        worker.start()
        await asyncio.get_running_loop().run_in_executor(None, worker.join, 5)
        assert await a.receive_all_messages(stop_action="event_complete", timeout=3) == [
            Noticed(payload="from sync")
        ]


async def test_send_event_to_one_channel(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    layer = adapter.get_layer()
    async with adapter.communicator(consumers.Echo) as a, adapter.communicator(consumers.Echo) as b:
        await a.send_message(Shout(payload="x"))
        await a.receive_all_messages(stop_action="group_complete")
        await b.receive_all_messages(stop_action="group_complete")
        members = list(layer.groups["lobby"])
        assert len(members) == 2
        await consumers.Echo.send_event(Notify(payload="just you"), members[0])
        got = await a.receive_all_json(timeout=0.3) + await b.receive_all_json(timeout=0.3)
        assert [f for f in got if f["action"] == "noticed"] == [
            {"action": "noticed", "payload": "just you"}
        ]


async def test_event_handler_error_is_logged_and_completes(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as a:
        await consumers.Echo.broadcast_event(ExplodeEvent())
        # Nothing reaches the client before the event's completion signal.
        assert await a.receive_all_messages(stop_action="event_complete", timeout=5) == []
        assert await a.receive_all_json(timeout=0) == []


async def test_invalid_event_is_dropped(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    layer = adapter.get_layer()
    async with adapter.communicator(consumers.Echo) as a:
        await layer.group_send(
            "lobby", {"type": "handle_channel_event", "event_data": {"action": "notify"}}
        )
        assert await a.receive_all_json(timeout=0.2) == []


async def test_exclude_current_skips_sender(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Excluding(consumers.Echo):  # type: ignore[name-defined,misc]
        async def shout(self, message: Shout) -> None:
            await self.broadcast_message(Shouted(payload=message.payload), exclude_current=True)

    async with adapter.communicator(Excluding) as a, adapter.communicator(Excluding) as b:
        await a.send_message(Shout(payload="only b"))
        assert await b.receive_all_messages(stop_action="group_complete") == [
            Shouted(payload="only b")
        ]
        assert await a.receive_all_json(timeout=0.2) == [{"action": "complete", "payload": None}]


async def test_groups_are_per_instance(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Dynamic(consumers.Echo):  # type: ignore[name-defined,misc]
        async def post_authentication(self) -> None:
            await self.channel_layer.group_add("extra", self.channel_name)
            self.groups.append("extra")

    async with adapter.communicator(Dynamic) as a:
        await a.send_message(Shout(payload="x"))
        await a.receive_all_messages(stop_action="group_complete")
    assert Dynamic.groups == ["lobby"]
