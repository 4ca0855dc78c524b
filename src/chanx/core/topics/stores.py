"""Which history and presence store a topic class uses, and publishing through them.

A ``Topic`` may name its stores (``history_store``/``presence_store``). Otherwise they follow
the topic's channel layer: a Redis layer (``channels_redis`` or fast-channels) gets Redis
stores on the layer's first host entry, as the layer connects to it (URL, ``(host, port)``,
a dict with ``password``/``db`` and other options, or Sentinel), with the layer's key
prefix, so every process sharing the layer shares the histories and the members; an
in-memory layer gets in-memory stores of this process. Any other layer needs explicit stores.
"""

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, TypeVar

from chanx.core.envelope import TOPIC_EVENT_TYPE
from chanx.core.redis.host_entries import RedisHost, decode_host
from chanx.core.topics.history import HistoryStore, MemoryHistoryStore
from chanx.core.topics.presence import MemoryPresenceStore, PresenceStore

if TYPE_CHECKING:
    from chanx.core.topic import Topic

S = TypeVar("S")

PRESENCE_KEY: Final[str] = "presence"
"""Key of a channel-layer topic message that is a presence change (``join``/``leave``)."""

_history: "weakref.WeakKeyDictionary[Any, HistoryStore]" = weakref.WeakKeyDictionary()
_presence: "weakref.WeakKeyDictionary[Any, PresenceStore]" = weakref.WeakKeyDictionary()
# Presence store key → (topic class, topic): where to announce expired members.
_presence_topics: dict[str, tuple[type["Topic[Any]"], str]] = {}


def _redis_address(layer: Any) -> tuple[RedisHost, str] | None:
    """The layer's first host entry (decoded: every form the layers accept) and its prefix."""
    hosts = getattr(layer, "hosts", None)
    if not hosts:
        return None
    return decode_host(hosts[0]), str(getattr(layer, "prefix", "asgi"))


def _is_in_memory(layer: Any) -> bool:
    return type(layer).__name__ == "InMemoryChannelLayer"


def _layer_store(
    topic_class: type["Topic[Any]"],
    cache: "weakref.WeakKeyDictionary[Any, S]",
    kind: str,
    redis_store: Callable[[RedisHost, str], S],
    memory_store: Callable[[], S],
) -> S:
    """The ``kind`` store of ``topic_class``'s channel layer, made on first use and kept per
    layer: ``redis_store(host, prefix)`` for a Redis layer, ``memory_store()`` in memory."""
    layer = topic_class._publish_layer()
    found = cache.get(layer)
    if found is None:
        address = _redis_address(layer)
        if address is not None:
            found = redis_store(address[0], f"{address[1]}:chanx")
        elif _is_in_memory(layer):
            found = memory_store()
        else:
            raise RuntimeError(f"{topic_class.__name__} needs a {kind} for this layer")
        cache[layer] = found
    return found


def _redis_history(host: RedisHost, prefix: str) -> HistoryStore:
    from chanx.core.topics.redis_history import RedisHistoryStore  # redis-py: only now

    return RedisHistoryStore(host, prefix=prefix)


def _redis_presence(host: RedisHost, prefix: str) -> PresenceStore:
    from chanx.core.topics.redis_presence import RedisPresenceStore  # redis-py: only now

    store = RedisPresenceStore(host, prefix=prefix)
    store.on_expired = announce_expired
    store.on_restored = announce_restored
    return store


def history_store(topic_class: type["Topic[Any]"]) -> HistoryStore:
    """The history store of ``topic_class`` (its own, or its channel layer's)."""
    if topic_class.history_store is not None:
        return topic_class.history_store
    return _layer_store(topic_class, _history, "history_store", _redis_history, MemoryHistoryStore)


def presence_store(topic_class: type["Topic[Any]"]) -> PresenceStore:
    """The presence store of ``topic_class`` (its own, or its channel layer's)."""
    if topic_class.presence_store is not None:
        return topic_class.presence_store
    return _layer_store(
        topic_class, _presence, "presence_store", _redis_presence, MemoryPresenceStore
    )


def store_key(topic_class: type["Topic[Any]"], topic: str) -> str:
    """The key of ``topic`` in its stores: its group name (distinct for distinct topics)."""
    return topic_class.group_name(topic)


async def record(topic_class: type["Topic[Any]"], topic: str, message: dict[str, Any]) -> None:
    """Append a publication to the topic's history; stamps ``offset`` and ``epoch`` on it."""
    offset, epoch = await history_store(topic_class).append(
        store_key(topic_class, topic),
        message,
        size=topic_class.history_size,
        ttl=topic_class.history_ttl,
    )
    message["offset"] = offset
    message["epoch"] = epoch


def remember_presence_topic(topic_class: type["Topic[Any]"], topic: str) -> str:
    """Note where ``topic``'s presence changes are announced; its store key."""
    key = store_key(topic_class, topic)
    _presence_topics[key] = (topic_class, topic)
    return key


def release_presence_topic(topic_class: type["Topic[Any]"], topic: str) -> None:
    """Forget where ``topic``'s changes are announced once this process holds no member."""
    key = store_key(topic_class, topic)
    if key not in getattr(presence_store(topic_class), "local", {}):
        _presence_topics.pop(key, None)


async def announce(
    topic_class: type["Topic[Any]"], topic: str, change: str, member: str, info: dict[str, Any]
) -> None:
    """Push a ``join``/``leave`` to the topic's subscribers (when the class sends them)."""
    if not topic_class.presence_pushes:
        return
    await topic_class._publish_layer().group_send(
        topic_class.group_name(topic),
        {
            "type": TOPIC_EVENT_TYPE,
            "topic": topic,
            PRESENCE_KEY: change,
            "member": {"id": member, "info": info},
        },
    )


async def announce_expired(key: str, members: list[str]) -> None:
    """A heartbeat removed members of a dead process: push their ``leave``."""
    found = _presence_topics.get(key)
    if found is None:
        return
    for member in members:
        await announce(found[0], found[1], "leave", member, {})


async def announce_restored(key: str, members: dict[str, dict[str, Any]]) -> None:
    """A heartbeat put back members of this process that Redis had lost: push their ``join``
    (another process may have announced their ``leave``)."""
    found = _presence_topics.get(key)
    if found is None:
        return
    for member, info in members.items():
        await announce(found[0], found[1], "join", member, info)


async def clear_stores() -> None:
    """Empty every history and presence store in use (tests start from nothing)."""
    stores: list[Any] = [*_history.values(), *_presence.values()]
    for store in stores:
        await store.clear()
    _presence_topics.clear()
