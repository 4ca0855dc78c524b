"""A third process: broadcast a typed event to the scale room with the sync API.

Usage: ``python -m tests.suites.scale.send_event django|fastapi TEXT`` (env as for the servers).
"""

import os
import sys


def main(stack: str, text: str) -> None:
    """Broadcast ``Notify(text)`` to the room through the stack's Redis layer."""
    from tests.suites.scale.consumers import ROOM, Notify

    if stack == "django":
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.suites.scale.django_settings"
        from tests.suites.scale.django_asgi import ScaleConsumer
    else:
        from tests.suites.scale.fastapi_app import ScaleConsumer
    from examples.deploy.publish import announce

    announce(ScaleConsumer, Notify(payload=text), ROOM)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
