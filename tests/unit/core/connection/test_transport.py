"""The connection's outbound transport: order, the outbound budget, and a gone client."""

import asyncio
from typing import Any

from chanx.core.connection.transport import CLOSE_SLOW_CLIENT, SLOW_CLIENT_REASON, Transport, stats


class SlowServer:
    """An ASGI send that waits (like uvicorn with a full write buffer) while ``room`` is clear."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.room = asyncio.Event()
        self.room.set()
        self.lost = False

    async def send(self, message: Any) -> None:
        await self.room.wait()
        if self.lost:
            raise OSError("client disconnected")
        self.sent.append(message)


def text(n: int, size: int = 10) -> dict[str, Any]:
    return {"type": "websocket.send", "text": str(n).ljust(size)}


async def test_sends_pass_straight_through_in_order_while_the_server_has_room() -> None:
    server = SlowServer()
    transport = Transport(server.send)
    for n in range(5):
        await transport.send(text(n))
    assert [m["text"].strip() for m in server.sent] == ["0", "1", "2", "3", "4"]
    await transport.finish()


async def test_a_waiting_send_queues_later_frames_in_order_without_blocking_the_caller() -> None:
    server = SlowServer()
    transport = Transport(server.send, max_frames=100)
    server.room.clear()
    for n in range(50):
        await asyncio.wait_for(transport.send(text(n)), 1)  # never waits for the client
    assert server.sent == []
    server.room.set()
    for _ in range(100):
        if len(server.sent) == 50:
            break
        await asyncio.sleep(0)
    assert [int(m["text"]) for m in server.sent] == list(range(50))
    await transport.finish()


async def test_past_the_frame_budget_the_queue_is_dropped_and_the_connection_closed() -> None:
    server = SlowServer()
    transport = Transport(server.send, max_frames=10, max_bytes=10_000)
    closes = stats.slow_closes
    server.room.clear()
    for n in range(30):
        await transport.send(text(n))
    assert transport.slow and transport.closing
    assert stats.slow_closes == closes + 1
    server.room.set()
    for _ in range(100):
        await asyncio.sleep(0)
    # The frame that was waiting, then the close: nothing queued after the budget.
    assert server.sent[0]["text"].strip() == "0"
    assert server.sent[-1] == {
        "type": "websocket.close",
        "code": CLOSE_SLOW_CLIENT,
        "reason": SLOW_CLIENT_REASON,
    }
    assert len(server.sent) == 2
    assert transport.dropped == 29
    await transport.finish()


async def test_past_the_byte_budget_the_connection_is_closed() -> None:
    server = SlowServer()
    transport = Transport(server.send, max_frames=1_000, max_bytes=1_000)
    server.room.clear()
    for n in range(5):
        await transport.send(text(n, size=300))
    assert transport.slow
    await transport.finish()


async def test_a_gone_client_drops_every_later_frame_without_raising() -> None:
    server = SlowServer()
    transport = Transport(server.send)
    server.lost = True
    for n in range(100):
        await transport.send(text(n))
    assert transport.gone and transport.dropped == 100
    assert isinstance(transport.error, OSError)
    await transport.finish()


async def test_a_writable_event_holds_frames_until_the_server_buffer_has_room() -> None:
    server = SlowServer()
    writable = asyncio.Event()
    transport = Transport(server.send, writable=writable)
    for n in range(3):
        await transport.send(text(n))
    assert server.sent == []
    writable.set()
    for _ in range(50):
        await asyncio.sleep(0)
    assert [int(m["text"]) for m in server.sent] == [0, 1, 2]
    await transport.finish()


async def test_finish_cancels_a_writer_stuck_on_a_client_that_never_reads() -> None:
    server = SlowServer()
    transport = Transport(server.send)
    server.room.clear()
    await transport.send(text(1))
    await asyncio.wait_for(transport.finish(), 1)
