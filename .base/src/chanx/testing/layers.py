"""Fresh in-memory channel layers for one test, for every installed framework."""

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


def _django_ready() -> bool:
    try:
        from django.conf import settings
    except ImportError:
        return False
    return bool(os.environ.get("DJANGO_SETTINGS_MODULE")) or settings.configured


@contextmanager
def _channels_layers(aliases: list[str]) -> Iterator[dict[str, Any]]:
    if not _django_ready():
        yield {}
        return
    try:
        from channels.layers import InMemoryChannelLayer, channel_layers
    except ImportError:
        yield {}
        return
    saved = {alias: channel_layers.backends.get(alias) for alias in aliases}
    fresh = {alias: InMemoryChannelLayer() for alias in aliases}
    try:
        for alias, layer in fresh.items():
            channel_layers.set(alias, layer)
        yield fresh
    finally:
        for alias, old in saved.items():
            if old is None:
                channel_layers.backends.pop(alias, None)
            else:
                channel_layers.set(alias, old)


@contextmanager
def _fast_channels_layers(aliases: list[str]) -> Iterator[dict[str, Any]]:
    try:
        from fast_channels.layers import InMemoryChannelLayer, channel_layers
    except ImportError:
        yield {}
        return
    saved = {alias: channel_layers.get(alias) for alias in aliases}
    fresh = {alias: InMemoryChannelLayer() for alias in aliases}
    try:
        for alias, layer in fresh.items():
            channel_layers.register(alias, layer)
        yield fresh
    finally:
        for alias, old in saved.items():
            if old is None:
                channel_layers.unregister(alias)
            else:
                channel_layers.register(alias, old)


@contextmanager
def isolated_channel_layers(
    aliases: Iterable[str] = ("default",),
) -> Iterator[dict[str, dict[str, Any]]]:
    """Install fresh in-memory layers under ``aliases``; restore the previous ones on exit.

    Yields ``{"channels": {alias: layer}, "fast_channels": {alias: layer}}`` (a framework that
    is not installed, or Django without settings, has an empty mapping).
    """
    names = list(aliases)
    with _channels_layers(names) as django_layers, _fast_channels_layers(names) as fast_layers:
        yield {"channels": django_layers, "fast_channels": fast_layers}
