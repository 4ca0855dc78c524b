"""Receive state a Redis channel layer kept from an event loop that has ended.

channels-redis and fast-channels share one layer object per alias across the whole process,
and with it per-channel receive locks (``receive_clean_locks``). A receive cancelled while
it waited for such a lock leaves its wait count behind, so the lock is never dropped; it
stays bound to the event loop it was used in. Once that loop has ended (each async test
runs its own loop), the next loop's receives fail on it ("bound to a different event
loop") and group messages stop arriving. A cleaner task cut off by its loop's end leaves
its lock held for good, with the same effect. A loop closed without ending its tasks
leaves its receives counted as running, and every later loop's receive is refused.

:func:`forget_stale_receive_state` drops that state when a connection starts: receives of
a closed loop and, if no receive is running on the layer, locks nobody holds, held locks
whose holder died with its loop, and those cleaner tasks. A layer without this state
(in-memory, pub/sub) is left alone.
"""

import asyncio
from typing import Any


def forget_stale_receive_state(layer: Any) -> None:
    """Drop the receive state of ``layer`` left by ended event loops."""
    loop = asyncio.get_running_loop()
    _forget_receives_of_a_closed_loop(layer, loop)
    channel_locks = getattr(layer, "receive_clean_locks", None)
    locks = getattr(channel_locks, "locks", None)
    counts = getattr(channel_locks, "wait_counts", None)
    if not locks or not isinstance(locks, dict) or not isinstance(counts, dict):
        return
    if getattr(layer, "receive_count", None) != 0:
        return  # a receive is running: every lock may be in use
    cleaners = getattr(layer, "receive_cleaners", None)
    if not isinstance(cleaners, list):
        cleaners = []
    dead = [task for task in cleaners if not task.done() and task.get_loop().is_closed()]
    alive = any(not task.done() and task not in dead for task in cleaners)
    # A cleaner of this loop that has just finished still releases its lock from a callback.
    ours = any(task.get_loop() is loop for task in cleaners if task not in dead)
    for task in dead:
        cleaners.remove(task)
    for key, lock in list(locks.items()):
        bound = getattr(lock, "_loop", None)
        if lock.locked():
            # Held: only a dead holder's lock may go (no cleaner of a live loop could own it).
            if alive or ours or (bound is not None and not bound.is_closed()):
                continue
        elif bound is None or bound is loop:
            continue  # usable in this loop as it is
        del locks[key]
        counts.pop(key, None)


def _forget_receives_of_a_closed_loop(layer: Any, loop: asyncio.AbstractEventLoop) -> None:
    """Receives counted on a loop that was closed under them can never end: forget them.

    Otherwise every later receive fails ("Two event loops are trying to receive() on one
    channel layer at once!").
    """
    receiving_loop = getattr(layer, "receive_event_loop", None)
    if (
        isinstance(receiving_loop, asyncio.AbstractEventLoop)
        and receiving_loop is not loop
        and receiving_loop.is_closed()
        and isinstance(getattr(layer, "receive_count", None), int)
    ):
        layer.receive_count = 0
        layer.receive_lock = None
        layer.receive_event_loop = None


__all__ = ["forget_stale_receive_state"]
