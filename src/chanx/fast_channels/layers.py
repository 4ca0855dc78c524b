"""Channel layers for fast-channels consumers: the in-memory default and a Redis helper.

fast-channels keeps a process-wide registry of layers by alias and, unlike Django
Channels, has no configured default. chanx's fast-channels consumer uses the alias
``"default"`` unless told otherwise, and that alias is resolved like this:

* a layer registered under ``"default"`` (``register_channel_layer`` or
  :func:`register_redis_layer`) is always used as is;
* when nothing is registered under ``"default"`` at first use, a process-local
  :class:`~fast_channels.layers.InMemoryChannelLayer` is created, registered under
  ``"default"`` and logged once.

Every other alias is looked up exactly as fast-channels does: an unregistered alias
means *no layer* (groups are not joined, broadcasts and events fail loudly).
"""

import threading
from typing import Any

from fast_channels.layers import (
    BaseChannelLayer,
    InMemoryChannelLayer,
    channel_layers,
    register_channel_layer,
)

from chanx.core.redis.hosts import resilient_redis_host
from chanx.utils.logging import logger

DEFAULT_CHANNEL_LAYER_ALIAS = "default"

# Sync routes and workers may hit the first use from several threads at once.
_registration_lock = threading.Lock()


def ensure_default_layer(alias: str = DEFAULT_CHANNEL_LAYER_ALIAS) -> BaseChannelLayer:
    """The layer registered under ``alias``; registers a new in-memory layer if there is none."""
    layer = channel_layers.get(alias)
    if layer is not None:
        return layer
    with _registration_lock:
        layer = channel_layers.get(alias)
        if layer is None:
            layer = InMemoryChannelLayer()
            register_channel_layer(alias, layer)
            logger.info(
                "No channel layer registered; using a process-local in-memory layer",
                alias=alias,
            )
    return layer


def get_channel_layer(alias: str | None) -> BaseChannelLayer | None:
    """fast-channels' lookup, except that ``"default"`` always resolves (see module doc)."""
    if not alias:
        return None
    if alias == DEFAULT_CHANNEL_LAYER_ALIAS:
        return ensure_default_layer(alias)
    return channel_layers.get(alias)


def create_redis_layer(
    url: str,
    *,
    prefix: str = "asgi",
    blocking_read_timeout: int = 5,
    **options: Any,
) -> BaseChannelLayer:
    """A fast-channels ``RedisChannelLayer`` on ``url`` (e.g. ``redis://127.0.0.1:6379/0``).

    The host entry is :func:`chanx.core.redis.hosts.resilient_redis_host`: commands retry
    on a connection that went stale in a Redis restart, and the socket timeout exceeds the
    layer's blocking read (``blocking_read_timeout`` seconds, the layer's ``brpop_timeout``)
    so an idle connection never times out. Its pools wait for a free connection
    (:mod:`chanx.fast_channels.redis_layer`; ``max_connections``/``pool_timeout`` in
    ``options`` size them). Processes that should reach each other (web
    servers, workers) must use the same URL and ``prefix``. ``options`` go to
    ``RedisChannelLayer`` (``expiry``, ``capacity``, ``serializer_format`` ...).
    """
    from chanx.fast_channels.redis_layer import RedisChannelLayer

    host = resilient_redis_host(url, blocking_read_timeout=blocking_read_timeout)
    for key in ("max_connections", "pool_timeout"):
        if key in options:
            host[key] = options.pop(key)
    layer = RedisChannelLayer(hosts=[host], prefix=prefix, **options)
    layer.brpop_timeout = blocking_read_timeout
    return layer


def register_redis_layer(
    url: str,
    *,
    alias: str = DEFAULT_CHANNEL_LAYER_ALIAS,
    prefix: str = "asgi",
    **options: Any,
) -> BaseChannelLayer:
    """Create a Redis layer (:func:`create_redis_layer`) and register it under ``alias``."""
    layer = create_redis_layer(url, prefix=prefix, **options)
    register_channel_layer(alias, layer)
    return layer


__all__ = [
    "DEFAULT_CHANNEL_LAYER_ALIAS",
    "create_redis_layer",
    "ensure_default_layer",
    "get_channel_layer",
    "register_redis_layer",
]
