"""Notice as soon as a channel layer's Redis answers again, with one probe per layer.

While Redis is unreachable every connection of the process waits here instead of retrying on
its own back-off clock: a single task per layer (and event loop) knocks on each Redis host
every :data:`PROBE_INTERVAL` seconds, and wakes every waiter the moment all hosts answer. So
connections resume (and re-join their groups) within one probe interval of Redis coming
back, and an outage costs Redis one connection attempt per interval, not one per client.

A host is probed with a bare TCP ``PING`` (any reply, even an auth error, means Redis
answers); hosts reached over TLS or a Unix socket are probed with the layer's own client.
Layers without Redis hosts cannot be probed: waiters just sleep their back-off delay.
"""

import asyncio
import contextlib
import weakref
from typing import Any

PROBE_INTERVAL = 0.05
PROBE_TIMEOUT = 1.0


class _Probe:
    def __init__(self, layer: Any) -> None:
        self._layer = weakref.ref(layer)
        self._loop = asyncio.get_running_loop()
        self._task: asyncio.Task[None] | None = None
        self._back = asyncio.Event()
        self._waiters = 0

    async def wait(self) -> None:
        if self._task is None or self._task.done():
            self._back = asyncio.Event()
            self._task = asyncio.ensure_future(self._run())
        back = self._back
        self._waiters += 1
        try:
            await back.wait()
        finally:
            self._waiters -= 1

    async def _run(self) -> None:
        # Ends when Redis answers, or when nobody waits any more (all connections closed).
        while self._waiters:
            layer = self._layer()
            if layer is None or await layer_answers(layer):
                self._back.set()
                return
            del layer
            await asyncio.sleep(PROBE_INTERVAL)
        self._task = None


_probes: "weakref.WeakKeyDictionary[Any, _Probe]" = weakref.WeakKeyDictionary()


def can_probe(layer: Any) -> bool:
    """Whether ``layer`` has Redis hosts this module knows how to probe."""
    return callable(getattr(layer, "connection", None)) and bool(getattr(layer, "ring_size", 0))


async def wait_until_reachable(layer: Any, fallback_delay: float) -> None:
    """Return once every Redis host of ``layer`` answers (or after ``fallback_delay``)."""
    if not can_probe(layer):
        await asyncio.sleep(fallback_delay)
        return
    probe = _probes.get(layer)
    if probe is None or probe._loop is not asyncio.get_running_loop():
        probe = _probes[layer] = _Probe(layer)
    await probe.wait()


async def layer_answers(layer: Any) -> bool:
    """Whether every Redis host of ``layer`` replies to a ``PING`` right now."""
    for index in range(layer.ring_size):
        if not await _host_answers(layer.connection(index)):
            return False
    return True


async def _host_answers(client: Any) -> bool:
    pool = getattr(client, "connection_pool", None)
    kwargs: dict[str, Any] = dict(getattr(pool, "connection_kwargs", {}) or {})
    plain_tcp = getattr(getattr(pool, "connection_class", None), "__name__", "") == "Connection"
    try:
        if plain_tcp and "host" in kwargs:
            return await asyncio.wait_for(
                _tcp_ping(str(kwargs["host"]), int(kwargs.get("port") or 6379)), PROBE_TIMEOUT
            )
        await asyncio.wait_for(client.ping(), PROBE_TIMEOUT)
        return True
    except (TimeoutError, OSError, ConnectionError):
        return False
    except Exception:  # redis-py's own errors: not answering
        return False


async def _tcp_ping(host: str, port: int) -> bool:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(b"PING\r\n")
        await writer.drain()
        return bool(await reader.readline())
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


__all__ = ["PROBE_INTERVAL", "can_probe", "layer_answers", "wait_until_reachable"]
