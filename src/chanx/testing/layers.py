"""Fresh in-memory channel layers for one test, for every installed framework."""

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any


def _django_ready() -> bool:
    try:
        from django.conf import settings
    except ImportError:
        return False
    return bool(os.environ.get("DJANGO_SETTINGS_MODULE")) or settings.configured


Layers = Mapping[str, Any]


@contextmanager
def _swapped(
    get: Callable[[str], Any],
    put: Callable[[str, Any], None],
    remove: Callable[[str], None],
    layers: Layers,
) -> Iterator[dict[str, Any]]:
    """Install ``layers`` (alias -> layer) in a registry; restore what was there on exit."""
    saved = {alias: get(alias) for alias in layers}
    try:
        for alias, layer in layers.items():
            put(alias, layer)
        yield dict(layers)
    finally:
        for alias, old in saved.items():
            if old is None:
                remove(alias)
            else:
                put(alias, old)


def _fresh(aliases: Iterable[str] | Layers, factory: Callable[[], Any]) -> dict[str, Any]:
    if isinstance(aliases, Mapping):
        return {
            alias: layer if layer is not None else factory() for alias, layer in aliases.items()
        }
    return {alias: factory() for alias in aliases}


@contextmanager
def channels_layers(aliases: Iterable[str] | Layers) -> Iterator[dict[str, Any]]:
    """Django Channels only: fresh in-memory layers (or the given ones) under ``aliases``.

    Yields ``{alias: layer}``; empty when Channels is not installed or Django has no settings.
    """
    if not _django_ready():
        yield {}
        return
    try:
        from channels.layers import InMemoryChannelLayer, channel_layers
    except ImportError:
        yield {}
        return
    backends = channel_layers.backends
    fresh = _fresh(aliases, InMemoryChannelLayer)
    with _swapped(
        backends.get, channel_layers.set, lambda a: backends.pop(a, None), fresh
    ) as installed:
        yield installed


@contextmanager
def fast_channels_layers(aliases: Iterable[str] | Layers) -> Iterator[dict[str, Any]]:
    """fast-channels only: fresh in-memory layers (or the given ones) under ``aliases``.

    Yields ``{alias: layer}``; empty when fast-channels is not installed.
    """
    try:
        from fast_channels.layers import InMemoryChannelLayer, channel_layers
    except ImportError:
        yield {}
        return
    fresh = _fresh(aliases, InMemoryChannelLayer)
    with _swapped(
        channel_layers.get, channel_layers.register, channel_layers.unregister, fresh
    ) as installed:
        yield installed


@contextmanager
def isolated_channel_layers(
    aliases: Iterable[str] = ("default",),
) -> Iterator[dict[str, dict[str, Any]]]:
    """Install fresh in-memory layers under ``aliases``; restore the previous ones on exit.

    Yields ``{"channels": {alias: layer}, "fast_channels": {alias: layer}}`` (a framework that
    is not installed, or Django without settings, has an empty mapping). One framework
    alone: ``channels_layers`` / ``fast_channels_layers``, which also accept
    ``{alias: layer}`` to install given layers.
    """
    names = list(aliases)
    with channels_layers(names) as django_layers, fast_channels_layers(names) as fast_layers:
        yield {"channels": django_layers, "fast_channels": fast_layers}
