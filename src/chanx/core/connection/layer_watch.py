"""Notice a Redis that restarted between two reads, and re-join what it forgot.

A Redis restarted without persistence has lost every group membership. A connection whose
read failed re-joins its groups once Redis answers (``chanx.core.connection.resilience``); but a quick
restart can go unnoticed by every read (the client reconnects on its own), which would leave
those connections deaf. So one watch per channel layer (and event loop) asks each Redis host
for its ``run_id`` every :data:`WATCH_INTERVAL` seconds; when it changes, every connection of
this process on that layer joins its groups (its own and its topics') again.

With Redis Sentinel each round also asks the sentinels which Redis is the primary
(:func:`chanx.core.redis.clients.follow_sentinel_primary`): after a switchover the old primary
keeps running, and open connections would keep using it until a sentinel demotes it (about
ten seconds), so the layer's and the history and presence stores' connections are dropped
and reconnect to the new primary within one round.
"""

import asyncio
import contextlib
import weakref
from typing import Any

from chanx.core.connection.layer_probe import can_probe
from chanx.utils.logging import logger

WATCH_INTERVAL = 2.0
"""Seconds between two ``run_id`` checks of a layer's Redis hosts."""


class _Watch:
    def __init__(self, layer: Any) -> None:
        self._layer = weakref.ref(layer)
        self.loop = asyncio.get_running_loop()
        self.connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self._task: asyncio.Task[None] | None = None

    def add(self, connection: Any) -> None:
        self.connections.add(connection)
        if self._task is None or self._task.done():
            self._task = self.loop.create_task(self._run())

    async def _run(self) -> None:
        known: list[str] | None = None
        while self._live():
            layer = self._layer()
            if layer is None:
                return
            ids = await _run_ids(layer)
            del layer
            if ids is not None:
                if known is not None and ids != known:
                    await self._rejoin_all()
                known = ids
            await asyncio.sleep(WATCH_INTERVAL)

    def _live(self) -> bool:
        return any(not c._connection_closed() for c in list(self.connections))

    async def _rejoin_all(self) -> None:
        connections = [c for c in list(self.connections) if not c._connection_closed()]
        await logger.ainfo(
            "Redis restarted; connections re-join their groups", count=len(connections)
        )
        for connection in connections:
            layer, channel = connection.channel_layer, connection.channel_name
            for group in connection.member_groups():
                with contextlib.suppress(Exception):  # a read failure will retry it
                    await layer.group_add(group, channel)


_watches: "weakref.WeakKeyDictionary[Any, _Watch]" = weakref.WeakKeyDictionary()


def watch_layer(connection: Any) -> None:
    """Re-join ``connection``'s groups whenever its layer's Redis restarts (while it lives)."""
    layer = getattr(connection, "channel_layer", None)
    if layer is None or not can_probe(layer):
        return
    found = _watches.get(layer)
    if found is None or found.loop is not asyncio.get_running_loop():
        found = _watches[layer] = _Watch(layer)
    found.add(connection)


async def _run_ids(layer: Any) -> list[str] | None:
    """The ``run_id`` of each Redis host of ``layer``; ``None`` while one does not answer."""
    # A Redis layer is being watched: redis-py is loaded already (not before, for the core).
    from chanx.core.redis.clients import follow_sentinel_primary, store_clients

    ids: list[str] = []
    try:
        for index in range(layer.ring_size):
            client = layer.connection(index)
            await asyncio.wait_for(follow_sentinel_primary(client), 2.0)
            info = await asyncio.wait_for(client.info("server"), 1.0)
            ids.append(str(info.get("run_id", "")))
    except Exception:
        return None
    for store in store_clients():
        with contextlib.suppress(Exception):  # their own commands retry
            await asyncio.wait_for(follow_sentinel_primary(store), 2.0)
    return ids
