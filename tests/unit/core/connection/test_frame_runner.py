"""``FrameRunner``: every frame it started sees its cancellation, however early it comes."""

import asyncio

from chanx.core.connection.concurrency import FrameRunner


async def test_cancel_right_after_an_eager_start_reaches_the_frame() -> None:
    runner = FrameRunner()
    gate: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    events: list[str] = []

    async def frame() -> None:
        events.append("started")
        try:
            await gate  # suspends: the rest runs in a task created this turn
        except asyncio.CancelledError:
            events.append("cancelled")
            raise
        finally:
            events.append("cleaned up")

    await runner.run(frame(), limit=8)
    assert runner.inflight == 1
    await runner.cancel_all()  # same turn: the frame's task has not taken a step yet
    assert events == ["started", "cancelled", "cleaned up"]
    assert runner.inflight == 0


async def test_inline_frames_leave_nothing_to_cancel() -> None:
    runner = FrameRunner()
    done: list[int] = []

    async def frame(n: int) -> None:
        done.append(n)

    for n in range(3):
        await runner.run(frame(n), limit=1)
    await runner.cancel_all()
    assert done == [0, 1, 2] and runner.inflight == 0
