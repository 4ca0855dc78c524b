"""Fixtures for the fast-channels adapter tests: an isolated layer registry and the example app."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from examples.fastapi_chat.app import create_app
from examples.fastapi_chat.layers import REDIS_URL_ENV
from fast_channels.layers import channel_layers, register_channel_layer, unregister_channel_layer
from fastapi import FastAPI

from chanx.fast_channels.layers import DEFAULT_CHANNEL_LAYER_ALIAS


@pytest.fixture(autouse=True)
def empty_default_layer() -> Iterator[None]:
    """Start every test with nothing registered under "default"; restore afterwards.

    Layers hold asyncio queues, which must not outlive the test's event loop.
    """
    previous = channel_layers.get(DEFAULT_CHANNEL_LAYER_ALIAS)
    unregister_channel_layer(DEFAULT_CHANNEL_LAYER_ALIAS)
    try:
        yield
    finally:
        unregister_channel_layer(DEFAULT_CHANNEL_LAYER_ALIAS)
        if previous is not None:
            register_channel_layer(DEFAULT_CHANNEL_LAYER_ALIAS, previous)


@pytest.fixture
def chat_app(monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The example app on its default (in-memory) channel layer."""
    monkeypatch.delenv(REDIS_URL_ENV, raising=False)
    return create_app()


@pytest.fixture
async def http(chat_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client calling the example app in-process (same event loop as the sockets)."""
    transport = httpx.ASGITransport(app=chat_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
