"""Temporarily override ``CHANX`` keys (tests)."""

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.test.utils import override_settings

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def settings_context(**overrides: Any) -> Iterator[None]:
    """Override the given upper-case ``CHANX`` keys inside the block, then restore them."""
    current = dict(getattr(settings, "CHANX", None) or {})
    with override_settings(CHANX={**current, **overrides}):
        yield


def override_chanx_settings(**overrides: Any) -> Callable[[F], F]:
    """Decorator form of ``settings_context`` for sync and async callables."""

    def decorate(fn: F) -> F:
        if inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with settings_context(**overrides):
                    return await fn(*args, **kwargs)

            return async_wrapper  # type: ignore[return-value]

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with settings_context(**overrides):
                return fn(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate
