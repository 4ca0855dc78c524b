"""Fixtures of the multi-process scale tests: real Redis, real servers, unique key prefixes."""

import shutil
import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.services import STRICT, require_redis
from tests.suites.scale.servers import Server, ThrowawayRedis, servers

# One Django pair (daphne + uvicorn) and one FastAPI pair (two uvicorn), sharing one Redis.
STACK_SERVERS = {"django": ["daphne", "uvicorn"], "fastapi": ["uvicorn", "uvicorn"]}


def unique_prefix() -> str:
    """A channel-layer key prefix no other test run uses."""
    return f"chanx-test-{uuid.uuid4().hex[:10]}"


def delete_prefix(url: str, prefix: str) -> None:
    """Remove every Redis key of ``prefix`` (bounded SCAN)."""
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def require_redis_server() -> str:
    """Path of the ``redis-server`` binary; skips (or fails in CI) when it is absent."""
    binary = shutil.which("redis-server")
    if binary is None:
        reason = "redis-server binary not found (needed for the Redis restart test)"
        if STRICT:
            pytest.fail(f"{reason} (CHANX_STRICT_SERVICES=1: services must be present)")
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of the shared real Redis (``CHANX_TEST_REDIS_URL``)."""
    return require_redis()


@pytest.fixture(scope="session", params=sorted(STACK_SERVERS))
def stack(
    request: pytest.FixtureRequest, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, list[Server]]]:
    """(stack name, layer prefix, two server processes) on the shared Redis."""
    name: str = request.param
    prefix = unique_prefix()
    logs = tmp_path_factory.mktemp(f"scale-{name}")
    with servers(name, STACK_SERVERS[name], redis_url, prefix, logs) as running:
        yield name, prefix, running
    delete_prefix(redis_url, prefix)


@pytest.fixture
def group_members(redis_url: str) -> "GroupMembers":
    """Reads group membership straight from Redis."""
    return GroupMembers(redis_url)


class GroupMembers:
    """Members of a channel-layer group as stored by channels-redis / fast-channels."""

    def __init__(self, url: str) -> None:
        self.url = url

    def count(self, prefix: str, group: str) -> int:
        client = redis.Redis.from_url(self.url)
        try:
            return int(client.zcard(f"{prefix}:group:{group}"))
        finally:
            client.close()


@pytest.fixture
def throwaway_redis() -> Iterator[ThrowawayRedis]:
    """A private redis-server process the test may stop and restart."""
    require_redis_server()
    server = ThrowawayRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()
