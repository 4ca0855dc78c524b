"""docs/testing.md: every Python example is an excerpt of a module whose tests run here."""

import re
import textwrap
from pathlib import Path

from examples.testing_django import (
    NotesTestCase,
    test_completion_from_settings,
    test_logged_in_user_is_greeted,
)
from examples.testing_fastapi import (
    test_clients_hear_about_it,
    test_close_room_broadcasts,
    test_opt_in_completion,
    test_ping,
    test_post_reaches_the_group,
    test_post_reaches_the_room,
    test_without_fixtures,
)
from examples.testing_topics import (
    test_subscribe_vote_and_hear_the_tally,
    test_votes_publish_a_tally,
)

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = [
    ROOT / "examples" / "testing_fastapi.py",
    ROOT / "examples" / "testing_django.py",
    ROOT / "examples" / "testing_topics.py",
]

__all__ = [
    "NotesTestCase",
    "test_clients_hear_about_it",
    "test_close_room_broadcasts",
    "test_completion_from_settings",
    "test_logged_in_user_is_greeted",
    "test_opt_in_completion",
    "test_ping",
    "test_post_reaches_the_group",
    "test_post_reaches_the_room",
    "test_subscribe_vote_and_hear_the_tally",
    "test_votes_publish_a_tally",
    "test_without_fixtures",
]


def test_every_doc_example_is_executed_code() -> None:
    doc = (ROOT / "docs" / "testing.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", doc, flags=re.S)
    assert len(blocks) >= 5
    sources = "\n".join(path.read_text() for path in EXAMPLES)
    for block in blocks:
        assert textwrap.dedent(block).strip() in sources, f"not in examples/:\n{block}"
