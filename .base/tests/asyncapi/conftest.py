"""Fixtures of the AsyncAPI tests."""

import pytest

from chanx.core.registry import MessageRegistry


@pytest.fixture
def registry() -> MessageRegistry:
    """A fresh registry: documents contain only what the routed consumers use."""
    return MessageRegistry()


@pytest.fixture
def quarantine(monkeypatch: pytest.MonkeyPatch) -> MessageRegistry:
    """Consumers created during the test register here, not in the process-wide registry.

    For consumers that are broken on purpose: they must not break other tests' documents.
    """
    own = MessageRegistry()
    monkeypatch.setattr("chanx.core.consumer.message_registry", own)
    return own
