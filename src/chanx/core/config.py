"""Global defaults and where each framework reads its settings from."""

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


class DjangoConfig:
    """Forwards every attribute read to ``chanx_settings.<NAME>`` (Django's ``CHANX`` dict).

    Reads are live, so ``override_settings``/``override_chanx_settings`` take effect at once.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        from chanx.ext.channels import settings as django_settings

        return getattr(django_settings.chanx_settings, name.upper())


config: Any = DjangoConfig() if IS_USING_DJANGO else Config()
