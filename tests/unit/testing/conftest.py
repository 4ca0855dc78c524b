"""Fixtures of the testing-toolkit tests (``adapter`` comes from tests/conftest.py)."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.conftest import Adapter


@pytest.fixture
async def connect(adapter: Adapter) -> AsyncIterator[Any]:
    """``await connect(Consumer, **kwargs)``: a connected communicator, closed at teardown."""
    opened: list[Any] = []

    async def make(consumer: type[Any], **kwargs: Any) -> Any:
        communicator = adapter.communicator(consumer, **kwargs)
        await communicator.connect()
        opened.append(communicator)
        return communicator

    yield make
    for communicator in opened:
        with contextlib.suppress(Exception):
            await communicator.disconnect()
