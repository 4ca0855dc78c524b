"""chanx settings for Django: the ``CHANX`` dict in Django settings, with defaults."""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from rest_framework.settings import APISettings

from chanx.core.config import forget_django_settings


@dataclass
class MySetting:
    """Every ``CHANX`` key with its default."""

    MESSAGE_ACTION_KEY: str = "action"
    SEND_COMPLETION: bool = False
    SEND_MESSAGE_IMMEDIATELY: bool = True
    SEND_AUTHENTICATION_MESSAGE: bool = True
    CAMELIZE: bool = False
    LOG_WEBSOCKET_MESSAGE: bool = True
    LOG_IGNORED_ACTIONS: list[str] = field(default_factory=list)
    WEBSOCKET_BASE_URL: str | None = None
    ASYNCAPI_TITLE: str = "AsyncAPI Documentation"
    ASYNCAPI_DESCRIPTION: str = ""
    ASYNCAPI_VERSION: str = "1.0.0"
    ASYNCAPI_SERVER_URL: str | None = None
    ASYNCAPI_SERVER_PROTOCOL: str | None = None
    # Beyond the reference: per-connection limits (docs/limits.md).
    MAX_CONCURRENT_MESSAGES: int = 32
    MAX_MESSAGE_SIZE: int = 1_048_576
    RATE_LIMIT_MESSAGES: int = 0
    RATE_LIMIT_PERIOD: float = 1.0
    MAX_SUBSCRIPTIONS: int = 64
    user_settings: dict[str, Any] = field(default_factory=dict)


IMPORT_STRINGS: tuple[str, ...] = ()


def create_api_settings_from_model(
    model_class: type[Any],
    import_strings: tuple[str, ...] | list[str],
    override_value: dict[str, Any] | None = None,
) -> APISettings:
    """Build a DRF ``APISettings`` from the dataclass defaults and ``settings.CHANX``."""
    defaults = asdict(model_class())
    defaults.pop("user_settings", None)
    user = getattr(settings, "CHANX", None)
    if user is None:
        user = override_value or {}
    return APISettings(user_settings=user, defaults=defaults, import_strings=import_strings)  # type: ignore[arg-type]


chanx_settings: Any = create_api_settings_from_model(MySetting, IMPORT_STRINGS)


def reload_api_settings(*args: Any, **kwargs: Any) -> None:
    """Rebuild ``chanx_settings`` when ``CHANX`` changes (``override_settings`` in tests)."""
    global chanx_settings
    if kwargs.get("setting") == "CHANX":
        chanx_settings = create_api_settings_from_model(MySetting, IMPORT_STRINGS)
        forget_django_settings()


setting_changed.connect(reload_api_settings)
