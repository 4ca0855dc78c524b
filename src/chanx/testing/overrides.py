"""Override chanx settings for a test: Django's ``CHANX`` and the non-Django ``Config``.

One implementation, three forms:

* ``SettingsOverride`` — call it with keys, undo with ``restore()`` (the ``chanx_settings``
  pytest fixture is one, restored at teardown);
* ``override_chanx_settings(**keys)`` — a context manager (``with``/``async with``) and a
  decorator for sync and async callables;
* ``settings_context`` — the same as ``override_chanx_settings``.
"""

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from chanx.testing.context import Patch
from chanx.testing.layers import _django_ready

_UNSET = object()
F = TypeVar("F", bound=Callable[..., Any])


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


class override_chanx_settings(
    Patch[None]
):  # lower-case: used like a function, like override_settings
    """Override the given upper-case keys inside a block or a call, then restore them.

    Each key gets its new value inside; afterwards it is back to its previous value, or
    removed if it had none. Django's ``CHANX`` and the fast-channels ``Config`` objects are
    both covered::

        with override_chanx_settings(SEND_COMPLETION=True): ...

        @override_chanx_settings(CAMELIZE=True)
        async def test_camel_case(): ...
    """

    def __init__(self, **overrides: Any) -> None:
        self.overrides = overrides
        self._active: list[SettingsOverride] = []

    def __enter__(self) -> None:
        override = SettingsOverride()
        self._active.append(override)
        try:
            override(**self.overrides)
        except BaseException:
            self._active.pop().restore()
            raise

    def restore(self) -> None:
        """Undo the overrides of the innermost block still open."""
        self._active.pop().restore()

    def __call__(self, fn: F) -> F:
        """Decorate a sync or async callable: each call runs under the overrides."""
        overrides = self.overrides
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with override_chanx_settings(**overrides):
                    return await fn(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with override_chanx_settings(**overrides):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


settings_context = override_chanx_settings
