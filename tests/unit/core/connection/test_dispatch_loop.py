"""``DispatchLoop`` on its own: two queues stand in for the socket and the channel layer."""

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from chanx.core.connection.dispatch_loop import FAIR_STREAK, DispatchLoop, _Turn

BOUND = 5.0


class Stop(Exception):
    """Ends the loop, as a framework's ``StopConsumer`` does."""


class Sources:
    """A socket and a channel layer fed by the test; ``dispatch`` records what it got."""

    def __init__(self) -> None:
        self.socket: asyncio.Queue[Any] = asyncio.Queue()
        self.layer: asyncio.Queue[Any] = asyncio.Queue()
        self.seen: list[Any] = []
        self.tasks_seen: list[int] = []
        self.changed = asyncio.Event()

    def note(self, message: Any) -> None:
        self.seen.append(message)
        self.changed.set()

    async def until(self, done: Callable[[], bool]) -> None:
        """Wait (bounded) until ``done()`` holds."""
        async with asyncio.timeout(BOUND):
            while not done():
                self.changed.clear()
                await self.changed.wait()

    async def dispatch(self, message: Any) -> None:
        self.tasks_seen.append(len(asyncio.all_tasks()))
        if isinstance(message, BaseException):
            raise message
        self.note(message)

    def loop(self, *, layer: bool = True) -> DispatchLoop:
        return DispatchLoop(self.socket.get, self.layer.get if layer else None, self.dispatch)


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_messages_cost_no_task_each() -> None:
    sources = Sources()
    sources.socket.put_nowait("connect")
    for i in range(50):
        sources.socket.put_nowait(f"frame{i}")
        sources.layer.put_nowait(f"event{i}")
    loop = sources.loop()
    runner = asyncio.create_task(loop.run())
    await sources.until(lambda: len(sources.seen) == 101)
    runner.cancel()
    await asyncio.gather(runner, return_exceptions=True)
    connect_tasks = sources.tasks_seen[0]
    # After ``connect`` exactly one more task exists (the layer reader), whatever the count
    # of messages: no task per receive.
    assert set(sources.tasks_seen[1:]) == {connect_tasks + 1}
    frames = [m for m in sources.seen if m.startswith("frame")]
    events = [m for m in sources.seen if m.startswith("event")]
    assert frames == [f"frame{i}" for i in range(50)]
    assert events == [f"event{i}" for i in range(50)]


async def test_the_layer_is_read_after_the_first_socket_message() -> None:
    sources = Sources()
    sources.layer.put_nowait("early event")
    sources.socket.put_nowait("connect")
    sources.socket.put_nowait(Stop())
    with pytest.raises(Stop):
        await sources.loop().run()
    assert sources.seen[0] == "connect"


async def test_a_flood_of_ready_frames_yields_to_the_layer() -> None:
    sources = Sources()
    sources.socket.put_nowait("connect")
    runner = asyncio.create_task(sources.loop().run())
    await _settle()  # connected, layer reader waiting
    for i in range(4 * FAIR_STREAK):
        sources.socket.put_nowait(f"frame{i}")
    sources.layer.put_nowait("event")
    await sources.until(lambda: len(sources.seen) == 2 + 4 * FAIR_STREAK)
    runner.cancel()
    await asyncio.gather(runner, return_exceptions=True)
    # The frame the reader waited for, then at most FAIR_STREAK ready ones, then a turn.
    frames_first = sources.seen.index("event") - 1
    assert frames_first <= 1 + FAIR_STREAK


async def test_a_layer_failure_ends_the_loop_with_that_exception() -> None:
    sources = Sources()
    before = asyncio.all_tasks()
    sources.socket.put_nowait("connect")
    sources.layer.put_nowait(Stop("from the layer"))
    with pytest.raises(Stop, match="from the layer"):
        async with asyncio.timeout(BOUND):
            await sources.loop().run()
    assert asyncio.all_tasks() == before
    assert sources.socket.qsize() == 0 and not sources.socket._getters  # type: ignore[attr-defined]


async def test_a_socket_failure_stops_the_layer_reader() -> None:
    sources = Sources()
    before = asyncio.all_tasks()
    sources.socket.put_nowait("connect")
    sources.socket.put_nowait(Stop("from the socket"))
    with pytest.raises(Stop, match="from the socket"):
        await sources.loop().run()
    assert asyncio.all_tasks() == before
    assert not sources.layer._getters  # type: ignore[attr-defined]


async def test_cancelling_the_connection_leaves_nothing_behind() -> None:
    sources = Sources()
    before = asyncio.all_tasks()
    sources.socket.put_nowait("connect")
    runner = asyncio.create_task(sources.loop().run())
    await _settle()  # both readers now wait on their queues
    runner.cancel()
    await asyncio.gather(runner, return_exceptions=True)
    assert runner.cancelled()
    assert asyncio.all_tasks() == before
    # The pending receives were cancelled, not left to swallow a later message.
    sources.socket.put_nowait("late")
    sources.layer.put_nowait("late")
    await _settle()
    assert sources.socket.qsize() == sources.layer.qsize() == 1


async def test_a_cancelled_connection_still_waits_for_a_reader_that_lost_a_cancellation() -> None:
    """The connection's own cancellation (its event loop shutting down) does not leave the
    layer reader running: the reader is cancelled again until it has ended."""
    sources = Sources()
    swallowed = asyncio.Event()

    async def loses_one_cancellation() -> Any:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:  # a layer client turned it into a retry
            swallowed.set()
        return await sources.layer.get()

    sources.socket.put_nowait("connect")
    loop = DispatchLoop(sources.socket.get, loses_one_cancellation, sources.dispatch)
    runner = asyncio.create_task(loop.run())
    await _settle()
    reader = loop._layer_reader
    assert reader is not None
    runner.cancel()  # the connection stops its reader, which swallows that cancellation
    await asyncio.wait_for(swallowed.wait(), BOUND)
    runner.cancel()  # and is cancelled again meanwhile (its event loop shutting down)
    await asyncio.gather(runner, return_exceptions=True)
    assert runner.cancelled()
    assert reader.done()


async def test_without_a_layer_only_the_socket_is_served() -> None:
    sources = Sources()
    before = asyncio.all_tasks()
    for message in ("connect", "frame", Stop()):
        sources.socket.put_nowait(message)
    with pytest.raises(Stop):
        await sources.loop(layer=False).run()
    assert sources.seen == ["connect", "frame"]
    assert set(sources.tasks_seen) == {len(before)}


async def test_a_receive_that_returns_a_future_is_awaited() -> None:
    sources = Sources()
    loop_ = asyncio.get_running_loop()
    pending: list[asyncio.Future[Any]] = []

    def receive() -> asyncio.Future[Any]:
        future: asyncio.Future[Any] = loop_.create_future()
        pending.append(future)
        return future

    runner = asyncio.create_task(DispatchLoop(receive, None, sources.dispatch).run())
    for message in ("connect", "frame"):
        await _settle()
        pending[-1].set_result(message)
    await _settle()
    pending[-1].set_result(Stop())
    with pytest.raises(Stop):
        await runner
    assert sources.seen == ["connect", "frame"]


async def test_busy_work_finishes_before_a_channel_message() -> None:
    """While ``busy``, work that becomes ready as the message arrives runs first."""
    sources = Sources()
    sources.socket.put_nowait("connect")

    async def finishing() -> None:
        await asyncio.sleep(0)  # ready again one turn after the message was sent
        sources.note("work done")

    loop = DispatchLoop(sources.socket.get, sources.layer.get, sources.dispatch, lambda: True)
    runner = asyncio.create_task(loop.run())
    await _settle()
    sources.layer.put_nowait("event")
    work = asyncio.create_task(finishing())
    await sources.until(lambda: "event" in sources.seen)
    runner.cancel()
    await asyncio.gather(runner, work, return_exceptions=True)
    assert sources.seen == ["connect", "work done", "event"]


async def test_the_turn_is_handed_over_in_order() -> None:
    turn = _Turn()
    assert turn.take_now()
    order: list[str] = []

    async def queue_for(name: str) -> None:
        await turn.take()
        order.append(name)
        await asyncio.sleep(0)
        turn.give()

    queued = [asyncio.create_task(queue_for(n)) for n in ("a", "b", "c")]
    await _settle()
    assert not turn.take_now()  # held, and others are queued
    turn.give()
    await asyncio.gather(*queued)
    assert order == ["a", "b", "c"]
    assert not turn.held and not turn.waiters
    assert turn.take_now()  # free again


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    turn = _Turn()
    turn.take_now()
    waiting = asyncio.create_task(turn.take())
    await _settle()
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    assert not turn.waiters
    turn.give()
    assert not turn.held


async def test_a_waiter_cancelled_after_the_hand_over_passes_the_turn_on() -> None:
    turn = _Turn()
    turn.take_now()
    first = asyncio.create_task(turn.take())
    second = asyncio.create_task(turn.take())
    await _settle()
    turn.give()  # to ``first``, which is cancelled before it runs
    first.cancel()
    await asyncio.gather(first, return_exceptions=True)
    async with asyncio.timeout(BOUND):
        await second  # the turn went on to ``second``
    assert turn.held and not turn.waiters


async def test_a_layer_receive_failure_lets_the_frame_in_hand_finish() -> None:
    """The failure ends the connection after the frame being dispatched, not inside it."""
    sources = Sources()
    release = asyncio.Event()
    failing = asyncio.Event()
    finished: list[str] = []

    async def dispatch(message: Any) -> None:
        if message == "slow frame":
            failing.set()  # the layer fails while this frame is being handled
            await release.wait()
            finished.append(message)
        else:
            sources.note(message)

    async def channel_receive() -> Any:
        await failing.wait()
        raise Stop("layer gone")

    sources.socket.put_nowait("connect")
    sources.socket.put_nowait("slow frame")
    sources.socket.put_nowait("next frame")
    runner = asyncio.create_task(DispatchLoop(sources.socket.get, channel_receive, dispatch).run())
    await _settle()
    release.set()
    with pytest.raises(Stop, match="layer gone"):
        async with asyncio.timeout(BOUND):
            await runner
    assert finished == ["slow frame"]
    assert sources.seen == ["connect"]  # nothing after the failure
