"""A Redis Sentinel deployment of real processes: a primary, a replica and three sentinels.

Every process is a private ``redis-server`` on a free loopback port, without persistence; the
sentinels (``redis-server <config> --sentinel``) get generated configuration files in a
temporary directory, a quorum of 2, ``down-after-milliseconds`` :data:`DOWN_AFTER_MS` and
``failover-timeout`` :data:`FAILOVER_TIMEOUT_MS`. Every wait is bounded; :meth:`stop` kills
whatever is still running.
"""

import contextlib
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from tests.shared.net import free_port
from tests.suites.scale.servers import ThrowawayRedis, wait_for_port

MASTER_NAME = "mymaster"
DOWN_AFTER_MS = 1000
FAILOVER_TIMEOUT_MS = 3000
QUORUM = 2
READY_TIMEOUT = 30.0


def _until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``check`` (Redis errors count as "not yet") until it holds or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(redis.RedisError, OSError):
            if check():
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout}s")
        time.sleep(0.05)


def _client(port: int) -> redis.Redis:
    return redis.Redis(port=port, socket_timeout=1, socket_connect_timeout=1)


@dataclass
class Sentinel:
    """One ``redis-server --sentinel`` process."""

    port: int
    config: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = ["redis-server", str(self.config), "--sentinel"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.proc)

    def master(self) -> dict[str, Any]:
        """What this sentinel knows about the primary (``SENTINEL MASTER``, parsed)."""
        client = _client(self.port)
        try:
            found = client.sentinel_master(MASTER_NAME)
        finally:
            client.close()
        assert isinstance(found, dict)
        return found

    def master_port(self) -> int | None:
        client = _client(self.port)
        try:
            found = client.sentinel_get_master_addr_by_name(MASTER_NAME)
        finally:
            client.close()
        return int(found[1]) if isinstance(found, tuple | list) else None

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@dataclass
class SentinelDeployment:
    """A primary, a replica and three sentinels watching them (all on loopback)."""

    workdir: Path
    primary: ThrowawayRedis = field(default_factory=ThrowawayRedis)
    replica: ThrowawayRedis = field(default_factory=ThrowawayRedis)
    sentinels: list[Sentinel] = field(default_factory=list)

    @property
    def addresses(self) -> list[tuple[str, int]]:
        """The sentinels as ``(host, port)`` pairs."""
        return [("127.0.0.1", s.port) for s in self.sentinels]

    @property
    def env(self) -> str:
        """The sentinels as ``REDIS_SENTINELS`` text (``host:port,host:port,...``)."""
        return ",".join(f"{h}:{p}" for h, p in self.addresses)

    def start(self) -> None:
        """Start everything and wait until the sentinels see the replica and each other."""
        # No persistence; the replica's copy of the primary's data (its sync) lands in workdir.
        base = ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.primary.start_with(base)
        self.replica.start_with([*base, "--replicaof", "127.0.0.1", str(self.primary.port)])
        _until(self._replica_in_sync, READY_TIMEOUT, "replica in sync")
        for _ in range(3):
            port = free_port()
            config = self.workdir / f"sentinel-{port}.conf"  # Sentinel rewrites it
            config.write_text(
                f"port {port}\nbind 127.0.0.1\ndir {self.workdir}\n"
                f"sentinel monitor {MASTER_NAME} 127.0.0.1 {self.primary.port} {QUORUM}\n"
                f"sentinel down-after-milliseconds {MASTER_NAME} {DOWN_AFTER_MS}\n"
                f"sentinel failover-timeout {MASTER_NAME} {FAILOVER_TIMEOUT_MS}\n"
                f"sentinel parallel-syncs {MASTER_NAME} 1\n"
            )
            sentinel = Sentinel(port, config)
            self.sentinels.append(sentinel)
            sentinel.start()
        _until(self._sentinels_ready, READY_TIMEOUT, "sentinels see the replica and each other")

    def _replica_in_sync(self) -> bool:
        client = _client(self.replica.port)
        try:
            info = client.info("replication")
        finally:
            client.close()
        return info.get("master_link_status") == "up"

    def _sentinels_ready(self) -> bool:
        for sentinel in self.sentinels:
            state = sentinel.master()
            if state.get("num-slaves") != 1 or state.get("num-other-sentinels") != 2:
                return False
        return True

    def master_port(self) -> int | None:
        """The primary's port as the first sentinel that answers tells it."""
        for sentinel in self.sentinels:
            with contextlib.suppress(redis.RedisError, OSError):
                return sentinel.master_port()
        return None

    def kill_primary(self) -> None:
        """SIGKILL the primary: nothing is saved or handed over on the way out."""
        self.primary.kill()

    def switch_over(self) -> None:
        """Ask a sentinel for a failover while the primary runs (maintenance): the replica is
        promoted and the old primary becomes its replica, its connections still open."""
        client = _client(self.sentinels[0].port)
        try:
            client.sentinel_failover(MASTER_NAME)
        finally:
            client.close()

    def wait_for_failover(self, old_port: int, timeout: float = READY_TIMEOUT) -> int:
        """Wait until every sentinel names another primary, and it accepts writes; its port."""
        _until(
            lambda: all(s.master_port() not in (None, old_port) for s in self.sentinels),
            timeout,
            "sentinels promote the replica",
        )
        port = self.master_port()
        assert port is not None
        _until(lambda: self._is_writable_primary(port), timeout, "new primary accepts writes")
        return port

    def _is_writable_primary(self, port: int) -> bool:
        client = _client(port)
        try:
            return client.info("replication").get("role") == "master"
        finally:
            client.close()

    def stop(self) -> None:
        """Kill every process that still runs (sentinels first: no failover on the way out)."""
        for sentinel in self.sentinels:
            sentinel.kill()
        self.replica.kill()
        self.primary.kill()


@contextlib.contextmanager
def sentinel_deployment(workdir: Path) -> Iterator[SentinelDeployment]:
    """A started :class:`SentinelDeployment`; every process is killed on exit."""
    deployment = SentinelDeployment(workdir)
    try:
        deployment.start()
        yield deployment
    finally:
        deployment.stop()
