"""Set-up mistakes of a fast-channels app, each named by one log line when serving starts.

Outside Django there is no ``manage.py check``: the first connection a process serves (its
start as a WebSocket server) checks the channel layer each consumer names, once per alias:

* an alias with no registered layer (groups are not joined, broadcasts and events fail);
* a Redis layer whose server does not answer (checked in the background; the connection
  is not delayed).
"""

import asyncio
from typing import Any

from fast_channels.layers import channel_layers

from chanx.core.connection.layer_probe import can_probe, layer_answers
from chanx.fast_channels.layers import DEFAULT_CHANNEL_LAYER_ALIAS, ensure_default_layer
from chanx.utils.logging import logger

_checked: set[str] = set()
_probes: set["asyncio.Task[None]"] = set()


def check_layer_once(consumer: type[Any]) -> None:
    """Check the layer ``consumer`` names, the first time this process sees its alias."""
    alias: str | None = getattr(consumer, "channel_layer_alias", None)
    if not alias or alias in _checked:
        return
    _checked.add(alias)
    layer: Any = (
        ensure_default_layer(alias)
        if alias == DEFAULT_CHANNEL_LAYER_ALIAS
        else channel_layers.get(alias)
    )
    if layer is None:
        logger.warning(
            f"{consumer.__name__}: channel layer {alias!r} is not registered, so groups are "
            "not joined and broadcasts and events fail; register it at start-up with "
            f"register_channel_layer({alias!r}, ...) or register_redis_layer(...)"
        )
        return
    if can_probe(layer):
        task = asyncio.ensure_future(_warn_if_unreachable(consumer.__name__, alias, layer))
        _probes.add(task)
        task.add_done_callback(_probes.discard)


async def _warn_if_unreachable(name: str, alias: str, layer: Any) -> None:
    if not await layer_answers(layer):
        logger.warning(
            f"{name}: channel layer {alias!r} is configured but its Redis does not answer; "
            "groups, broadcasts and events fail until it does (start Redis or fix the "
            "layer's hosts)"
        )


def forget_checks() -> None:
    """Check every alias again at the next connection (tests, or after re-registering)."""
    _checked.clear()
