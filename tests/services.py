"""Real-service requirements: skip on a user's machine without them, fail in CI."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

REDIS_URL = os.environ.get("CHANX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# A PostgreSQL server whose user may create databases (the test database is created per run).
POSTGRES_URL = os.environ.get(
    "CHANX_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
STRICT = os.environ.get("CHANX_STRICT_SERVICES") == "1"


def _missing(reason: str) -> None:
    if STRICT:
        pytest.fail(f"{reason} (CHANX_STRICT_SERVICES=1: services must be present)")
    pytest.skip(reason)


def redis_available() -> bool:
    parsed = urlparse(REDIS_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


def require_redis() -> str:
    """The Redis URL for tests; skips (or fails in CI) when Redis is not reachable."""
    if not redis_available():
        _missing(f"Redis is not reachable at {REDIS_URL}")
    return REDIS_URL


def postgres_available() -> bool:
    parsed = urlparse(POSTGRES_URL)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 1):
            return True
    except OSError:
        return False


def require_postgres() -> str:
    """The PostgreSQL URL for tests; skips (or fails in CI) when PostgreSQL is not reachable."""
    if not postgres_available():
        _missing(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    return POSTGRES_URL


def require_chromium() -> tuple[str, str]:
    """Paths of chromium and chromedriver; skips (or fails in CI) when absent."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        _missing("headless Chromium and chromedriver are not installed")
    assert browser and driver
    return browser, driver
