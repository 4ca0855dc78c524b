"""Publishing from another process (a cron job, a worker): the sync API over the same Redis."""

from typing import Any

from chanx.messages.base import BaseMessage


def announce(consumer: type[Any], event: BaseMessage, group: str) -> None:
    """Send ``event`` to every connection in ``group``, on every server process."""
    consumer.broadcast_event_sync(event, group)
