"""Redis clients on a Sentinel-managed primary follow a switchover (real processes: a primary,
a replica and three sentinels, ``tests.suites.scale.sentinel``)."""

import asyncio
from pathlib import Path

import pytest
from redis.asyncio import Redis

from chanx.core.redis.clients import follow_sentinel_primary, redis_client
from chanx.core.redis.hosts import resilient_sentinel_host
from chanx.core.redis.pools import FollowingSentinelConnection
from tests.services import require_redis
from tests.suites.scale.conftest import require_redis_server
from tests.suites.scale.sentinel import MASTER_NAME, sentinel_deployment

# Private redis-server and sentinel processes: a system test (the locked suite runs it).
pytestmark = pytest.mark.system


async def test_a_blocked_command_moves_to_the_new_primary_after_a_switchover(
    tmp_path: Path,
) -> None:
    """The old primary keeps running after ``SENTINEL FAILOVER``: a command blocked on it
    (a layer's blocking read) must end up on the new primary, not reconnect to the old one."""
    require_redis_server()
    with sentinel_deployment(tmp_path) as deployment:
        client = redis_client(resilient_sentinel_host(MASTER_NAME, deployment.addresses))
        try:
            assert client.connection_pool.connection_class is FollowingSentinelConnection
            await client.ping()
            assert not await follow_sentinel_primary(client)  # the primary did not change
            blocked = asyncio.ensure_future(client.bzpopmin("k", timeout=20))
            await asyncio.sleep(0.2)
            old = deployment.primary.port
            await asyncio.to_thread(deployment.switch_over)
            new = await asyncio.to_thread(deployment.wait_for_failover, old)
            assert await follow_sentinel_primary(client)
            writer = Redis(port=new)
            await writer.zadd("k", {"x": 1})  # the old primary never sees this write
            await writer.aclose()
            assert await asyncio.wait_for(blocked, 10) == (b"k", b"x", 1.0)
            assert not await follow_sentinel_primary(client)
        finally:
            await client.aclose()


async def test_a_client_without_sentinel_has_nothing_to_follow() -> None:
    client = redis_client(require_redis())
    try:
        await client.ping()
        assert not await follow_sentinel_primary(client)
    finally:
        await client.aclose()
