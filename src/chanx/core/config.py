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

    def get(self, name: str) -> Any:
        """Setting ``name`` (the consumer's per-frame read; same as attribute access)."""
        return getattr(self, name)


class DjangoConfig:
    """Forwards every attribute read to ``chanx_settings.<NAME>`` (Django's ``CHANX`` dict).

    Reads are live, so ``override_settings``/``override_chanx_settings`` take effect at once.
    """

    # (chanx_settings object, values read from it), replaced as one so threads never mix them.
    _cache: tuple[Any, dict[str, Any]] = (None, {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        from chanx.ext.channels import settings as django_settings

        return getattr(django_settings.chanx_settings, name.upper())

    def get(self, name: str) -> Any:
        """Setting ``name`` for the consumer's per-frame reads, cheaper than attribute access.

        Values are cached per ``chanx_settings`` object; any ``CHANX`` change (override_settings,
        ``override_chanx_settings``) rebuilds that object, which drops the cache, so reads stay live.
        """
        source = (_django_settings_module or _load_settings_module()).chanx_settings
        cached_source, values = self._cache
        if source is not cached_source:
            values = {}
            self._cache = (source, values)
        try:
            return values[name]
        except KeyError:
            value = values[name] = getattr(source, name.upper())
            return value


_django_settings_module: Any = None


def _load_settings_module() -> Any:
    """``chanx.ext.channels.settings``, imported on first use and kept."""
    global _django_settings_module
    from chanx.ext.channels import settings as django_settings

    _django_settings_module = django_settings
    return django_settings


config: Any = DjangoConfig() if IS_USING_DJANGO else Config()
