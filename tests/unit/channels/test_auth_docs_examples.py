"""The examples of docs/auth.md, executed (and checked to be what the page shows).

``TeamConsumerTests`` is the documented ``WebsocketTestCase``; importing it here makes pytest
run it as a user would.
"""

import re
from pathlib import Path
from typing import Any

from examples.django_auth_tests import TeamConsumerTests

__all__ = ["TeamConsumerTests"]


def test_examples_use_the_reference_import_path() -> None:
    from examples.django_auth_api_key import FeedConsumer
    from examples.django_auth_teams import TeamConsumer

    from chanx.channels.websocket import AsyncJsonWebsocketConsumer

    consumers: list[type[Any]] = [FeedConsumer, TeamConsumer]
    assert all(issubclass(c, AsyncJsonWebsocketConsumer) for c in consumers)


def test_every_python_block_of_the_page_is_executed_example_code() -> None:
    root = Path(__file__).resolve().parents[3]
    page = (root / "docs" / "auth.md").read_text()
    sources = [p.read_text() for p in sorted((root / "examples").glob("django_auth_*.py"))]
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.DOTALL)
    assert len(blocks) >= 6
    for block in blocks:
        assert any(block in source for source in sources), block
