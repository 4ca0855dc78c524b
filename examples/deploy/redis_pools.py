"""Host entries for chanx's Redis layers: a sized pool, and Sentinel (docs/deploy.md)."""

from typing import Any

from examples.deploy.redis_hosts import resilient_redis_host


def pooled_redis_host(url: str) -> dict[str, Any]:
    """A resilient host entry whose pool opens up to 200 connections, then waits up to 5 s."""
    return {**resilient_redis_host(url), "max_connections": 200, "pool_timeout": 5.0}


def sentinel_host(sentinel_port: int, password: str) -> dict[str, Any]:
    """The primary ``mymaster`` found through one Sentinel, with its password, db 5."""
    return {
        "master_name": "mymaster",
        "sentinels": [("127.0.0.1", sentinel_port)],
        "password": password,
        "db": 5,
    }
