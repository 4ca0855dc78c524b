"""Global defaults and where each framework reads its settings from."""

import weakref
from collections.abc import Collection
from typing import Any

from chanx.core.check import IS_USING_DJANGO


class Config:
    """Built-in defaults, used as is outside Django.

    Non-Django projects configure chanx through class attributes on a shared base consumer.
    """

    send_completion: bool = False
    send_message_immediately: bool = True
    log_websocket_message: bool = False
    log_ignored_actions: Collection[str] = {}
    camelize: bool = False
    discriminator_field: str = "action"
    # Beyond the reference: per-connection limits (see docs/limits.md).
    max_concurrent_messages: int = 32
    max_message_size: int = 1_048_576
    rate_limit_messages: int = 0
    rate_limit_period: float = 1.0
    # Topics one connection may be subscribed to at once (docs/topics.md).
    max_subscriptions: int = 64


class DjangoConfig:
    """Forwards every attribute read to ``chanx_settings.<NAME>`` (Django's ``CHANX`` dict).

    A value read once is kept as a plain instance attribute, so the consumer's per-frame
    reads cost one attribute lookup. ``chanx.ext.channels.settings.reload_api_settings``
    (connected to ``setting_changed``) calls :func:`forget_django_settings` whenever ``CHANX``
    changes, so reads stay live under ``override_settings``/``override_chanx_settings``.
    """

    def __init__(self) -> None:
        _django_configs.add(self)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not cached on the instance yet.
        if name.startswith("_"):
            raise AttributeError(name)
        from chanx.ext.channels import settings as django_settings

        value = getattr(django_settings.chanx_settings, name.upper())
        self.__dict__[name] = value
        return value

    def forget(self) -> None:
        """Drop the cached values; the next reads go to the current ``chanx_settings``."""
        self.__dict__.clear()


_django_configs: "weakref.WeakSet[DjangoConfig]" = weakref.WeakSet()


def forget_django_settings() -> None:
    """Make every ``DjangoConfig`` re-read ``CHANX`` (called when the setting changes)."""
    for instance in list(_django_configs):
        instance.forget()


config: Any = DjangoConfig() if IS_USING_DJANGO else Config()
