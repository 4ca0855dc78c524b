"""Channels' per-message database clean-up, skipped when it provably has nothing to do.

The clean-up never closes a connection inside a transaction (an atomic block): that
connection belongs to code still using it (a Django ``TestCase`` runs every test in one
transaction, and the thread-sensitive executor is its thread), and closing it would only
break the transaction ("Cannot open a new connection in an atomic block").

Channels runs ``close_old_connections`` in the thread-sensitive executor before every
handler it dispatches: a thread hop for each frame and each group delivery, whether or
not the consumer ever used the database. That function only acts on connections that are
open, and a Django connection opens only through ``connect()``, which sends
``connection_created``. So the hop can be skipped while no connection has been created
since a hop last left the executor thread without an open connection. Whenever that is
not certain (at start-up, after any connection was created in any thread, or while
persistent connections stay open) the hop runs exactly as Channels runs it.
"""

import itertools
from collections.abc import Callable, Coroutine
from types import ModuleType
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from channels import consumer as channels_consumer
from channels import db as channels_db
from django import db as django_db
from django.db import connections
from django.db.backends.signals import connection_created

_CHANNELS_HOP = channels_db.aclose_old_connections
_DJANGO_CLOSE = django_db.close_old_connections
P = ParamSpec("P")
R = TypeVar("R")
_creations = itertools.count(1)
_latest_creation = 0
"""Serial of the most recent ``connection_created`` signal (0: none seen yet)."""
_clean_as_of = -1
"""Value of ``_latest_creation`` when a hop last found no open connection (-1: never)."""


def _note_connection_created(**_kwargs: Any) -> None:
    global _latest_creation
    _latest_creation = next(_creations)


connection_created.connect(
    _note_connection_created, weak=False, dispatch_uid="chanx.db_connections.created"
)


def close_old_connections() -> None:
    """Django's ``close_old_connections``, leaving connections inside a transaction open.

    ``channels.db.close_old_connections`` is looked up at call time: when a test patched it
    (Channels' test communicator does), the patch is called instead.
    """
    patched = channels_db.close_old_connections
    if patched is not _DJANGO_CLOSE:
        patched()
        return
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def database_sync_to_async(func: Callable[P, R]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Channels' ``database_sync_to_async`` (thread-sensitive, stale connections closed before
    and after), with :func:`close_old_connections`."""

    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        close_old_connections()
        try:
            return func(*args, **kwargs)
        finally:
            close_old_connections()

    return sync_to_async(run, thread_sensitive=True)


def _close_old_connections_and_check() -> None:
    global _clean_as_of
    seen = _latest_creation
    close_old_connections()
    if all(conn.connection is None for conn in connections.all(initialized_only=True)):
        _clean_as_of = seen


def clean_up_pending(caller: ModuleType = channels_consumer) -> bool:
    """Whether ``close_old_connections_if_any(caller)`` would do anything (a patch counts)."""
    return caller.aclose_old_connections is not _CHANNELS_HOP or _latest_creation != _clean_as_of


def cleanup_needed() -> bool:
    """Whether the next ``close_old_connections`` hop could have anything to do."""
    return _latest_creation != _clean_as_of


async def close_old_connections_if_any(caller: ModuleType = channels_consumer) -> None:
    """Channels' ``aclose_old_connections``, without the thread hop when it is a no-op.

    ``caller`` is the Channels module whose call this replaces: a test suite that patched
    ``aclose_old_connections`` there gets its patch called, as with Channels itself.
    """
    patched = caller.aclose_old_connections
    if patched is not _CHANNELS_HOP:
        await patched()
    elif _latest_creation != _clean_as_of:
        await sync_to_async(_close_old_connections_and_check)()
