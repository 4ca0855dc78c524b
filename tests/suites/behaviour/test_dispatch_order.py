"""One connection's frames and channel-layer messages: order, serialisation, clean shutdown.

Over both adapters. Handlers write into a journal when they start (``<``) and end (``>``);
frames run one at a time (``max_concurrent_messages = 1``), so every entry must be
followed by its own end: nothing is dispatched while another message is being handled.
"""

import asyncio
from contextvars import ContextVar
from functools import cache
from types import SimpleNamespace
from typing import Any, Literal

import pytest

from chanx.core.decorators import event_handler, ws_handler
from chanx.messages.base import BaseMessage
from tests.conftest import Adapter

GROUP = "dispatch-order"
CONNECTED_AS: ContextVar[str] = ContextVar("connected_as", default="unset")
COUNT = 20
BOUND = 5.0  # seconds any single frame may take to arrive (a hang fails, not blocks)


class Step(BaseMessage):
    action: Literal["step"] = "step"
    payload: int


class Stepped(BaseMessage):
    action: Literal["stepped"] = "stepped"
    payload: int


class Quick(BaseMessage):
    action: Literal["quick"] = "quick"
    payload: int


class Tick(BaseMessage):
    action: Literal["tick"] = "tick"
    payload: int


class Ticked(BaseMessage):
    action: Literal["ticked"] = "ticked"
    payload: int


class Relay(BaseMessage):
    action: Literal["relay"] = "relay"
    payload: int


class Relayed(BaseMessage):
    action: Literal["relayed"] = "relayed"
    payload: int


class WhoAmI(BaseMessage):
    action: Literal["who_am_i"] = "who_am_i"
    payload: None = None


class Named(BaseMessage):
    action: Literal["named"] = "named"
    payload: str


class Probe(BaseMessage):
    action: Literal["probe"] = "probe"
    payload: None = None


class Linger(BaseMessage):
    action: Literal["linger"] = "linger"
    payload: None = None


@cache
def build(base: type[Any]) -> SimpleNamespace:
    class Recorder(base[Tick]):  # type: ignore[misc]
        channel_layer_alias = "default"
        groups = [GROUP]
        send_completion = False
        log_websocket_message = False
        max_concurrent_messages = 1
        journals: dict[str, list[str]] = {}  # per connection, by channel name

        def note(self, entry: str) -> None:
            self.journals.setdefault(self.channel_name, []).append(entry)

        @ws_handler
        async def who_am_i(self, message: WhoAmI) -> Named:
            return Named(payload=self.channel_name)

        @ws_handler
        async def step(self, message: Step) -> Stepped:
            self.note(f"f{message.payload}<")
            await asyncio.sleep(0)  # a suspension inside the handler: nothing may cut in
            self.note(f"f{message.payload}>")
            return Stepped(payload=message.payload)

        @ws_handler(output_type=Stepped)
        async def quick(self, message: Quick) -> Stepped:
            self.note(f"f{message.payload}<")  # never suspends: nothing else runs meanwhile
            self.note(f"f{message.payload}>")
            return Stepped(payload=message.payload)

        @ws_handler(output_type=Relayed)
        async def relay(self, message: Relay) -> None:
            await self.broadcast_message(Relayed(payload=message.payload), exclude_current=True)

        @event_handler
        async def tick(self, event: Tick) -> Ticked:
            self.note(f"e{event.payload}<")
            await asyncio.sleep(0)
            self.note(f"e{event.payload}>")
            return Ticked(payload=event.payload)

    class Lingering(Recorder):
        """Frames run concurrently; ``linger`` never finishes on its own."""

        max_concurrent_messages = 4

        @ws_handler(output_type=Stepped)
        async def linger(self, message: Linger) -> None:
            await asyncio.Event().wait()

    class Contextual(base[Probe]):  # type: ignore[misc]
        """Binds a context variable in ``connect``; its event handler reports it."""

        channel_layer_alias = "default"
        send_completion = False

        async def post_authentication(self) -> None:
            CONNECTED_AS.set(f"connected:{self.channel_name}")

        @ws_handler
        async def who_am_i(self, message: WhoAmI) -> Named:
            return Named(payload=self.channel_name)

        @event_handler
        async def probe(self, event: Probe) -> Named:
            return Named(payload=CONNECTED_AS.get())

    return SimpleNamespace(Recorder=Recorder, Lingering=Lingering, Contextual=Contextual)


async def collect(comm: Any, count: int) -> list[dict[str, Any]]:
    """The next ``count`` frames the application sends."""
    return [await comm.receive_json_from(timeout=BOUND) for _ in range(count)]


def _assert_serialised(journal: list[str]) -> None:
    """Each start is immediately followed by its own end."""
    assert len(journal) % 2 == 0
    for start, end in zip(journal[::2], journal[1::2], strict=True):
        assert start.endswith("<") and end == start[:-1] + ">", journal


async def _channel_name(comm: Any) -> str:
    await comm.send_message(WhoAmI())
    (named,) = await collect(comm, 1)
    assert named["action"] == "named"
    return str(named["payload"])


@pytest.mark.parametrize("frame", [Step, Quick])
async def test_frames_and_events_keep_their_order_and_never_overlap(
    adapter: Adapter, frame: type[Step] | type[Quick]
) -> None:
    """Frames queue up faster than they are handled; events sent meanwhile still get turns.

    ``Quick`` frames never suspend, so only the dispatch loop can give the events a turn.
    """
    consumers = build(adapter.Consumer)
    Recorder = consumers.Recorder
    async with adapter.communicator(Recorder) as comm:
        name = await _channel_name(comm)
        for i in range(COUNT):
            await comm.send_message(frame(payload=i))
            await Recorder.send_event(Tick(payload=i), name)
        frames = await collect(comm, 2 * COUNT)
    stepped = [f["payload"] for f in frames if f["action"] == "stepped"]
    ticked = [f["payload"] for f in frames if f["action"] == "ticked"]
    assert stepped == list(range(COUNT))
    assert ticked == list(range(COUNT))
    journal = Recorder.journals.pop(name)
    _assert_serialised(journal)
    # Channel events are served between frames, not after the last one.
    starts = [entry for entry in journal if entry.endswith("<")]
    assert starts.index("e0<") < starts.index(f"f{COUNT - 1}<")


async def test_group_messages_arrive_between_frames_in_order(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    Recorder = consumers.Recorder
    async with adapter.communicator(Recorder) as member, adapter.communicator(Recorder) as sender:
        name = await _channel_name(member)
        other = await _channel_name(sender)
        for i in range(COUNT):
            await member.send_message(Step(payload=i))
            await sender.send_message(Relay(payload=i))
            await Recorder.broadcast_event(Tick(payload=i), GROUP)
        frames = await collect(member, 3 * COUNT)
    by_action: dict[str, list[int]] = {}
    for frame in frames:
        by_action.setdefault(frame["action"], []).append(frame["payload"])
    assert by_action == {
        "stepped": list(range(COUNT)),
        "relayed": list(range(COUNT)),
        "ticked": list(range(COUNT)),
    }
    journal = Recorder.journals.pop(name)
    _assert_serialised(journal)
    assert [e for e in journal if e.startswith("e") and e.endswith("<")] == [
        f"e{i}<" for i in range(COUNT)
    ]
    _assert_serialised(Recorder.journals.pop(other))  # the events reached the sender too


def _others(before: set[asyncio.Task[Any]]) -> set[asyncio.Task[Any]]:
    return {t for t in asyncio.all_tasks() if t not in before and not t.done()}


async def test_no_task_outlives_a_disconnected_connection(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    before = asyncio.all_tasks()
    comm = adapter.communicator(consumers.Lingering)
    assert (await comm.connect())[0]
    name = await _channel_name(comm)
    await consumers.Lingering.send_event(Tick(payload=1), name)
    await comm.send_message(Linger())  # stays in flight until the connection ends
    await comm.send_message(Step(payload=2))
    got = await collect(comm, 2)
    assert sorted(f["action"] for f in got) == ["stepped", "ticked"]
    assert _others(before), "the connection runs tasks while it is open"
    await comm.disconnect()
    assert _others(before) == set()


async def test_no_task_outlives_a_cancelled_application(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    before = asyncio.all_tasks()
    comm = adapter.communicator(consumers.Lingering)
    assert (await comm.connect())[0]
    await _channel_name(comm)
    await comm.send_message(Linger())
    await asyncio.sleep(0)
    comm.future.cancel()  # e.g. the server shutting down
    await asyncio.gather(comm.future, return_exceptions=True)
    assert comm.future.cancelled()
    assert _others(before) == set()


async def test_a_failing_channel_message_ends_the_connection_cleanly(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    before = asyncio.all_tasks()
    comm = adapter.communicator(consumers.Recorder)
    assert (await comm.connect())[0]
    name = await _channel_name(comm)
    # No handler for this type: the framework's dispatch raises, and the connection ends
    # with that error, as when the framework reads the layer itself.
    await adapter.get_layer().send(name, {"type": "no.such.handler"})
    await asyncio.gather(comm.future, return_exceptions=True)
    error = comm.future.exception()
    assert isinstance(error, ValueError) and "no.such.handler" in str(error)
    assert _others(before) == set()


async def test_event_handlers_see_context_bound_in_connect(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Contextual) as comm:
        name = await _channel_name(comm)
        await consumers.Contextual.send_event(Probe(), name)
        (reply,) = await collect(comm, 1)
    assert reply == {"action": "named", "payload": f"connected:{name}"}
