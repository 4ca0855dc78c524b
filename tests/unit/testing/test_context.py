"""``chanx.testing.context``: the enter/leave protocol shared by the testing helpers."""

from typing import Any

import pytest

from chanx.testing.context import AsyncContext, Patch


class _Flag(Patch[list[str]]):
    def __init__(self) -> None:
        self.log: list[str] = []

    def __enter__(self) -> list[str]:
        self.log.append("enter")
        return self.log

    def restore(self) -> None:
        self.log.append("restore")


class _Closer(AsyncContext):
    def __init__(self) -> None:
        self.closed_with: list[BaseException | None] = []

    async def aclose(self, exc: BaseException | None) -> None:
        self.closed_with.append(exc)


def test_patch_restores_after_with_also_when_the_block_raises() -> None:
    patch = _Flag()
    with patch as log:
        assert log == ["enter"]
    with pytest.raises(RuntimeError), patch:
        raise RuntimeError("boom")
    assert patch.log == ["enter", "restore", "enter", "restore"]


async def test_patch_async_with_does_what_with_does() -> None:
    patch = _Flag()
    async with patch as log:
        assert log == ["enter"]
    with pytest.raises(RuntimeError):
        async with patch:
            raise RuntimeError("boom")
    assert patch.log == ["enter", "restore", "enter", "restore"]


async def test_async_context_yields_itself_and_closes_with_the_blocks_error() -> None:
    closer = _Closer()
    async with closer as entered:
        assert entered is closer
    error = ValueError("in the block")
    with pytest.raises(ValueError):
        async with closer:
            raise error
    assert closer.closed_with == [None, error]


def test_factory_rejects_unknown_keywords() -> None:
    from chanx.testing.factory import CommunicatorFactory

    options: dict[str, Any] = {"bogus": 1}
    with pytest.raises(TypeError, match="bogus"):
        CommunicatorFactory().create(object(), "/", **options)
