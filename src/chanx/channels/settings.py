"""chanx settings for Django: the ``CHANX`` dict in Django settings, with defaults."""

import os
import weakref
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import ENVIRONMENT_VARIABLE, settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from chanx.core.config import Config


@dataclass
class MySetting:
    """Every ``CHANX`` key with its default; keys a fast-channels consumer also has take
    their default from :class:`chanx.core.config.Config`, the one place it is written."""

    MESSAGE_ACTION_KEY: str = Config.message_action_key
    SEND_COMPLETION: bool = Config.send_completion
    SEND_MESSAGE_IMMEDIATELY: bool = Config.send_message_immediately
    SEND_AUTHENTICATION_MESSAGE: bool = True
    CAMELIZE: bool = Config.camelize
    LOG_WEBSOCKET_MESSAGE: bool = Config.log_websocket_message
    LOG_IGNORED_ACTIONS: list[str] = field(default_factory=list)
    WEBSOCKET_BASE_URL: str | None = None
    ASYNCAPI_TITLE: str = "AsyncAPI Documentation"
    ASYNCAPI_DESCRIPTION: str = ""
    ASYNCAPI_VERSION: str = "1.0.0"
    ASYNCAPI_SERVER_URL: str | None = None
    ASYNCAPI_SERVER_PROTOCOL: str | None = None
    # Document WebSocket routes of non-chanx consumers too (without messages).
    ASYNCAPI_INCLUDE_NON_CHANX_ROUTES: bool = True
    MAX_CONCURRENT_MESSAGES: int = Config.max_concurrent_messages
    MAX_MESSAGE_SIZE: int = Config.max_message_size
    RATE_LIMIT_MESSAGES: int = Config.rate_limit_messages
    RATE_LIMIT_PERIOD: float = Config.rate_limit_period
    MAX_SUBSCRIPTIONS: int = Config.max_subscriptions
    MAX_OUTBOUND_FRAMES: int = Config.max_outbound_frames
    MAX_OUTBOUND_BYTES: int = Config.max_outbound_bytes
    # Metrics and traces (docs/observability.md): e.g. {"METRICS": True, "TRACING": True}.
    OBSERVABILITY: dict[str, Any] | None = None
    user_settings: dict[str, Any] = field(default_factory=dict)


IMPORT_STRINGS: tuple[str, ...] = ()


class ApiSettings:
    """Attribute access to user settings over defaults, as Django REST framework's
    ``api_settings`` does (without importing DRF): an unknown name is an ``AttributeError``,
    a name listed in ``import_strings`` holding a dotted path is imported, values are cached.
    """

    def __init__(
        self,
        user_settings: dict[str, Any],
        defaults: dict[str, Any],
        import_strings: tuple[str, ...] | list[str] = (),
    ) -> None:
        self.user_settings = user_settings
        self.defaults = defaults
        self.import_strings = tuple(import_strings)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in self.defaults:
            raise AttributeError(f"Invalid API setting: '{name}'")
        value = self.user_settings.get(name, self.defaults[name])
        if name in self.import_strings:
            value = _import(value)
        self.__dict__[name] = value
        return value


def _import(value: Any) -> Any:
    if isinstance(value, str):
        return import_string(value)
    if isinstance(value, list | tuple):
        return [import_string(item) if isinstance(item, str) else item for item in value]
    return value


def create_api_settings_from_model(
    model_class: type[Any],
    import_strings: tuple[str, ...] | list[str],
    override_value: dict[str, Any] | None = None,
) -> ApiSettings:
    """Settings object from the dataclass defaults and ``settings.CHANX``."""
    defaults = asdict(model_class())
    defaults.pop("user_settings", None)
    user = getattr(settings, "CHANX", None) if project_configured() else None
    if user is None:
        user = override_value or {}
    return ApiSettings(user, defaults, import_strings)


# Built on first use, so importing the adapter needs no configured Django settings.
_chanx_settings: ApiSettings | None = None
# The defaults alone, served while no Django project is configured (never cached as
# ``_chanx_settings``: once a project is configured its ``CHANX`` is read).
_defaults_only: ApiSettings | None = None


def project_configured() -> bool:
    """Whether Django settings can be read (configured, or a settings module is named)."""
    return settings.configured or bool(os.environ.get(ENVIRONMENT_VARIABLE))


def current_settings() -> ApiSettings:
    """The settings object for the current ``CHANX`` (``chanx_settings``).

    Without a configured Django project (a consumer built in a plain script or unit test)
    this is the defaults of :class:`MySetting`.
    """
    global _chanx_settings, _defaults_only
    if _chanx_settings is None:
        if not project_configured():
            if _defaults_only is None:
                _defaults_only = create_api_settings_from_model(MySetting, IMPORT_STRINGS, {})
            return _defaults_only
        _chanx_settings = create_api_settings_from_model(MySetting, IMPORT_STRINGS)
    return _chanx_settings


def __getattr__(name: str) -> Any:
    if name == "chanx_settings":
        return current_settings()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def reload_api_settings(*args: Any, **kwargs: Any) -> None:
    """Rebuild ``chanx_settings`` when ``CHANX`` changes (``override_settings`` in tests)."""
    global _chanx_settings
    if kwargs.get("setting") == "CHANX":
        _chanx_settings = None
        forget_django_settings()


setting_changed.connect(reload_api_settings)


class DjangoConfig:
    """Forwards every attribute read to ``chanx_settings.<NAME>`` (Django's ``CHANX`` dict).

    Nothing is read before the first attribute access, so consumers can be defined and
    constructed without a configured Django project (the defaults apply until one is). A
    value read from a configured project is kept as a plain instance attribute, so the
    consumer's per-frame reads cost one attribute lookup. :func:`reload_api_settings`
    (connected to ``setting_changed``) calls :func:`forget_django_settings` whenever
    ``CHANX`` changes, so reads stay live under ``override_settings``/``override_chanx_settings``.
    """

    def __init__(self) -> None:
        _django_configs.add(self)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not cached on the instance yet.
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(current_settings(), name.upper())
        if _chanx_settings is not None:  # a project's settings: stable until CHANX changes
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
