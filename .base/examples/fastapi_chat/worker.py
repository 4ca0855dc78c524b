"""A background worker announcing to a room through Redis, from a separate process.

``CHANX_REDIS_URL=redis://127.0.0.1:6379/0 python -m examples.fastapi_chat.worker blue "hi"``

It must use the same Redis URL and ``CHANX_REDIS_PREFIX`` as the web server.
"""

import argparse
import sys

from examples.fastapi_chat.consumers import ChatConsumer
from examples.fastapi_chat.layers import REDIS_URL_ENV, configure_channel_layer
from examples.fastapi_chat.messages import Announce


def announce(room: str, text: str) -> None:
    """Broadcast an ``Announce`` event to ``room`` from synchronous code."""
    ChatConsumer.broadcast_event_sync(Announce(payload=text), ChatConsumer.room_group(room))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Announce to a chat room via Redis.")
    parser.add_argument("room")
    parser.add_argument("text")
    args = parser.parse_args(argv)
    if configure_channel_layer() != "redis":
        # An in-memory layer would only reach consumers inside this very process.
        print(f"{REDIS_URL_ENV} must be set so the event reaches the web server", file=sys.stderr)
        return 2
    announce(args.room, args.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
