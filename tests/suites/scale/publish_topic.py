"""A third process: publish to a discussion topic with ``Topic.broadcast_sync``.

Usage: ``python -m tests.suites.scale.publish_topic django|fastapi TOPIC TEXT`` (env as for the servers).
"""

import os
import sys


def main(stack: str, topic: str, text: str) -> None:
    """Publish ``NewComment(text)`` to ``topic`` through the stack's Redis layer."""
    from tests.suites.behaviour.topics import NewComment

    if stack == "django":
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.suites.scale.django_settings"
        from tests.suites.scale.django_asgi import consumers
    else:
        from tests.suites.scale.fastapi_app import consumers
    consumers.DiscussionTopic.broadcast_sync(topic, NewComment(payload=text), 42)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
