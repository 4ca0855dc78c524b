"""A channel layer's Redis host entries, read without importing redis-py.

Every form channels-redis and fast-channels accept (URL string, ``(host, port)``, dict with
``address`` or ``host``/``port`` plus options, Sentinel dict) becomes one dict. The stores
decide from it which store to build before anything imports the Redis client.
"""

from typing import Any

RedisHost = dict[str, Any]


def decode_host(entry: Any) -> RedisHost:
    """One entry of a layer's ``hosts`` as a dict (channels-redis' own decoding)."""
    if isinstance(entry, dict):
        return dict(entry)
    if isinstance(entry, tuple | list):
        return {"host": entry[0], "port": entry[1]}
    if isinstance(entry, bytes):
        entry = entry.decode()
    return {"address": str(entry)}


def describe_host(entry: Any) -> str:
    """A printable name of ``entry`` without its password (for logs and ``repr``)."""
    host = decode_host(entry)
    if "address" in host:
        address = str(host["address"])
        scheme, sep, rest = address.partition("://")
        if sep and "@" in rest:
            rest = rest.split("@", 1)[1]
        return f"{scheme}{sep}{rest}"
    if "master_name" in host:
        return f"sentinel://{host['master_name']}"
    return f"redis://{host.get('host', 'localhost')}:{host.get('port', 6379)}/{host.get('db', 0)}"


__all__ = ["RedisHost", "decode_host", "describe_host"]
