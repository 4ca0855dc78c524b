"""Override chanx settings for a test: Django's ``CHANX`` and the non-Django ``Config``."""

from typing import Any

from chanx.testing.layers import _django_ready

_UNSET = object()


def _config_objects() -> list[Any]:
    """The ``Config`` instances consumers read outside Django."""
    from chanx.core.config import Config

    return Config.instances()


class SettingsOverride:
    """Call with upper-case ``CHANX`` keys to override them until ``restore()``.

    ``override(SEND_COMPLETION=True)`` changes Django's ``CHANX`` (when Django is configured)
    and the matching lower-case ``Config`` attribute used by fast-channels consumers. As
    always, a consumer's own class attribute wins over either.
    """

    def __init__(self) -> None:
        self._django: list[Any] = []
        self._config: list[tuple[Any, str, Any]] = []

    def __call__(self, **overrides: Any) -> None:
        if _django_ready():
            from django.conf import settings
            from django.test.utils import override_settings

            current = dict(getattr(settings, "CHANX", None) or {})
            override = override_settings(CHANX={**current, **overrides})
            override.enable()
            self._django.append(override)
        for obj in _config_objects():
            for name, value in overrides.items():
                attr = name.lower()
                self._config.append((obj, attr, obj.__dict__.get(attr, _UNSET)))
                setattr(obj, attr, value)

    def restore(self) -> None:
        """Undo every override, newest first."""
        while self._config:
            obj, attr, old = self._config.pop()
            if old is _UNSET:
                obj.__dict__.pop(attr, None)
            else:
                setattr(obj, attr, old)
        while self._django:
            self._django.pop().disable()
