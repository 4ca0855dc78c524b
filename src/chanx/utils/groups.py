"""Channel-layer group names that every layer accepts."""

import hashlib
import re

from chanx.constants import MAX_GROUP_NAME_LENGTH

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


# A topic made of these characters, with single ``:`` separators inside, maps to its group
# name one character for one (``:`` becomes ``-``), so distinct such topics never collide.
_PLAIN_TOPIC = re.compile(r"[A-Za-z0-9._]+(?::[A-Za-z0-9._]+)*")
# Marks a digest-suffixed name; a plainly mapped topic never contains two dashes in a row.
_DIGEST_MARK = "--"
_TOPIC_DIGEST_BYTES = 16


def topic_group_name(topic: str, namespace: str) -> str:
    """The group of ``topic`` under ``namespace``: safe, at most 99 chars, distinct per topic.

    Plain topics (letters, digits, ``.``, ``_`` and single inner ``:``) read as
    ``safe_group_name`` would write them: ``("discussion:5", "DiscussionTopic")`` →
    ``"DiscussionTopic.discussion-5"``. Any other topic (one whose sanitising would merge it
    with another, e.g. ``a-b`` and ``a:b``), or one too long, becomes its sanitised prefix,
    ``--`` and a 128-bit digest of namespace and topic, so two distinct topics never share
    a group.
    """
    if not namespace or _UNSAFE.search(namespace):
        raise ValueError(f"Invalid group namespace {namespace!r}")
    if _PLAIN_TOPIC.fullmatch(topic):
        name = f"{namespace}.{topic.replace(':', '-')}"
        if len(name) <= MAX_GROUP_NAME_LENGTH:
            return name
    digest = hashlib.blake2s(
        f"{namespace}\0{topic}".encode("utf-8", "surrogatepass"), digest_size=_TOPIC_DIGEST_BYTES
    ).hexdigest()
    tail = _DIGEST_MARK + digest
    readable = _UNSAFE.sub("-", topic).strip("-").replace("--", "-")
    head = f"{namespace}.{readable}".rstrip(".-")
    return head[: MAX_GROUP_NAME_LENGTH - len(tail)].rstrip("-") + tail
