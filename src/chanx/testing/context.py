"""Enter/leave written once for the testing helpers used with ``with`` or ``async with``.

``Patch`` is a context manager whose ``async with`` form does exactly what ``with`` does
(spies and setting overrides patch objects synchronously); ``AsyncContext`` is for helpers
that only work in ``async with`` (they await a channel layer or a connection to leave).
"""

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Generic, Self, TypeVar

T = TypeVar("T")


class Patch(ABC, Generic[T]):
    """``with`` and ``async with`` both call ``__enter__`` (its value is what ``as`` binds)
    and, on the way out, ``restore()``, also when the block raises."""

    @abstractmethod
    def __enter__(self) -> T:
        """Apply the patch; the value is what ``as`` binds."""

    @abstractmethod
    def restore(self) -> None:
        """Undo what ``__enter__`` did."""

    def __exit__(self, *exc_info: object) -> None:
        self.restore()

    async def __aenter__(self) -> T:
        return self.__enter__()

    async def __aexit__(self, *exc_info: object) -> None:
        self.restore()


class AsyncContext:
    """``async with helper as helper``: leaving awaits ``aclose(exc)``, ``exc`` being what
    the block raised (``None`` when it finished)."""

    async def __aenter__(self) -> Self:
        return self

    async def aclose(self, exc: BaseException | None) -> None:
        """Release what the helper holds."""

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose(exc)
