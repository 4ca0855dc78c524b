"""Channel-layer group names that every layer accepts."""

import hashlib
import re

MAX_GROUP_NAME_LENGTH = 99
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_group_name(*parts: object, namespace: str | None = None) -> str:
    """Join ``parts`` into a valid group name (``[A-Za-z0-9._-]``, at most 99 chars).

    ``safe_group_name("user", 42, namespace="notification")`` → ``"notification.user.42"``.
    Over-long names keep their first 86 characters plus a digest of the whole name.
    """
    pieces = [namespace, *parts] if namespace is not None else list(parts)
    cleaned = [_UNSAFE.sub("-", str(p)).strip("-") for p in pieces]
    name = ".".join(c for c in cleaned if c)
    if not name:
        raise ValueError("safe_group_name() produced an empty name")
    if len(name) > MAX_GROUP_NAME_LENGTH:
        digest = hashlib.blake2s(name.encode(), digest_size=6).hexdigest()
        name = f"{name[:86]}.{digest}"
    return name
