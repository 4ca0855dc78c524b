"""``ActivityProbe``: whether the consumers of in-process test connections have work left.

Every chanx test communicator puts the one probe of the process in its scope; each chanx
consumer started with it attaches itself. A collector (``receive_all_json`` and friends) then
returns as soon as every attached consumer is idle (no frame being handled, no channel
message read and not yet handled, nothing queued for it on an in-memory channel layer) and
every test connection's input is read, instead of idling until its timeout. With a layer in
another process (Redis) the probe cannot see what is on its way, and collectors keep to
their timeout (or to completion frames).
"""

import asyncio
import contextlib
import weakref
from typing import Any

SETTLE_TURNS = 3
"""Event-loop turns the consumers must stay idle before a collector believes it."""


class ActivityProbe:
    """The consumers and test connections of this process, and whether any is busy.

    Only those of the running event loop count (each async test has its own loop), and a
    consumer whose connection has closed has nothing left to send.
    """

    def __init__(self) -> None:
        self._consumers: weakref.WeakKeyDictionary[Any, asyncio.AbstractEventLoop] = (
            weakref.WeakKeyDictionary()
        )
        self._connections: weakref.WeakKeyDictionary[Any, asyncio.AbstractEventLoop] = (
            weakref.WeakKeyDictionary()
        )

    def attach(self, consumer: Any) -> None:
        """Called by a chanx consumer that starts with this probe in its scope."""
        self._consumers[consumer] = asyncio.get_running_loop()

    def watch(self, connection: Any) -> None:
        """Count a test connection's unread input (its ``input_queue``) as work."""
        with contextlib.suppress(RuntimeError):  # built outside a loop: attached when used
            self._connections[connection] = asyncio.get_running_loop()

    def busy(self) -> bool | None:
        """``True``: work is left; ``False``: everything is idle; ``None``: cannot tell."""
        loop = asyncio.get_running_loop()
        for connection, owner in list(self._connections.items()):
            if owner is not loop or connection.future.done():
                continue
            queue = getattr(connection, "input_queue", None)
            if queue is not None and not queue.empty():
                return True
        unknown = False
        for consumer, owner in list(self._consumers.items()):
            if owner is not loop or consumer._connection_closed():
                continue
            if consumer.has_work_in_flight():
                return True
            layer = getattr(consumer, "channel_layer", None)
            if layer is None:
                continue
            channels = getattr(layer, "channels", None)
            if not isinstance(channels, dict):
                unknown = True  # a layer out of this process: its queue cannot be seen
                continue
            queue = channels.get(getattr(consumer, "channel_name", None))
            if queue is not None and not queue.empty():
                return True
        return None if unknown else False

    async def settled(self) -> bool:
        """Whether everything stays idle for ``SETTLE_TURNS`` event-loop turns."""
        for _ in range(SETTLE_TURNS):
            if self.busy() is not False:
                return False
            await asyncio.sleep(0)
        return self.busy() is False


PROBE = ActivityProbe()
"""The probe every chanx test communicator of this process shares."""
