"""Shared servers of the end-to-end tests."""

from collections.abc import Iterator

import pytest

from tests.shared.net import free_port
from tests.suites.e2e.servers import run_server


@pytest.fixture(scope="session")
def demo() -> Iterator[str]:
    """The README's demo (``examples.demo``) under uvicorn, shared by the e2e modules: every
    test opens its own connections or pages, and nothing a test does outlives them."""
    port = free_port()
    with run_server(["-m", "examples.demo", "--port", str(port)], port) as address:
        yield address
