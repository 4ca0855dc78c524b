"""Fixtures of the AsyncAPI tests."""

import pytest

from chanx.asyncapi.registry import MessageRegistry


@pytest.fixture
def registry() -> MessageRegistry:
    """A fresh registry: documents contain only what the routed consumers use."""
    return MessageRegistry()
