"""The demo's log lines carry UTC timestamps whatever the machine's time zone."""

import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import structlog
from examples.demo.logs import TIMESTAMP_FORMAT, configure_logging


@pytest.fixture
def far_from_utc() -> Iterator[None]:
    """A local time zone 14 hours ahead of UTC (restored afterwards)."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Etc/GMT-14"
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
        structlog.reset_defaults()


def test_log_lines_are_stamped_in_utc(
    far_from_utc: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert datetime.now().hour != datetime.now(UTC).hour  # the zone really differs
    configure_logging()
    before = datetime.now(UTC).replace(microsecond=0)
    structlog.get_logger().info("hello")
    after = datetime.now(UTC)
    line = capsys.readouterr().out
    stamp = re.sub(r"\x1b\[[0-9;]*m", "", line).split()[0]
    logged = datetime.strptime(stamp, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    assert before <= logged <= after
    assert "hello" in line
