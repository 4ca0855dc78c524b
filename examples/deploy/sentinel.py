"""Redis Sentinel: the layer, history and presence follow the primary (docs/deploy.md)."""

import os
from typing import Any

from chanx.core.redis.hosts import resilient_sentinel_host


def sentinel_host_from_env() -> dict[str, Any]:
    """The primary ``REDIS_MASTER_NAME`` as the sentinels of ``REDIS_SENTINELS`` name it."""
    sentinels = []
    for address in os.environ["REDIS_SENTINELS"].split(","):  # "10.0.0.1:26379,10.0.0.2:26379"
        host, port = address.strip().rsplit(":", 1)
        sentinels.append((host, int(port)))
    return resilient_sentinel_host(os.environ.get("REDIS_MASTER_NAME", "mymaster"), sentinels)
