"""Authenticated communicators for Django: a logged-in session cookie on the handshake.

Used by the ``chanx_auth_communicator`` pytest fixture; ``chanx.testing.django_auth`` is
the older import path of this module.
"""

from typing import Any

from chanx.testing.factory import CommunicatorFactory

DEFAULT_USERNAME = "chanx-test-user"


async def session_headers(user: Any) -> list[tuple[bytes, bytes]]:
    """Handshake headers carrying a session cookie for ``user`` (``force_login``)."""
    from django.conf import settings
    from django.test import AsyncClient

    client = AsyncClient()
    await client.aforce_login(user)
    name = settings.SESSION_COOKIE_NAME
    return [(b"cookie", f"{name}={client.cookies[name].value}".encode())]


async def create_user(username: str = DEFAULT_USERNAME, **fields: Any) -> Any:
    """Create (or fetch) a user of the project's user model."""
    from asgiref.sync import sync_to_async
    from django.contrib.auth import get_user_model

    model = get_user_model()

    def make() -> Any:
        lookup: dict[str, Any] = {str(model.USERNAME_FIELD): username}
        user, _ = model.objects.get_or_create(defaults=fields, **lookup)
        return user

    return await sync_to_async(make)()


def _close_this_threads_connections() -> None:
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            # The base close() skips SQLite's in-memory guard: the test database stays alive
            # through the main thread's connection; only this thread's handle goes.
            BaseDatabaseWrapper.close(connection)


async def close_worker_db_connections() -> None:
    """Close the database connections held by asgiref's thread-sensitive worker thread.

    Consumers reach the database from that thread (``database_sync_to_async``); a connection
    left open there makes Channels' per-event ``close_old_connections`` touch the database
    in later tests that have no database access (pytest-django then raises).
    """
    from asgiref.sync import sync_to_async

    await sync_to_async(_close_this_threads_connections)()


class AuthCommunicatorFactory:
    """Connect as a logged-in user through the project's websocket application.

    The application defaults to the ``websocket`` entry of ``settings.ASGI_APPLICATION`` (with
    its middleware, e.g. ``AuthMiddlewareStack``). When the consumer sends an authentication
    frame (``DjangoAuthenticator``) and the communicator can read it, the frame is read and
    must report status 200. The created communicator has a ``user`` attribute.
    """

    def __init__(self, factory: CommunicatorFactory) -> None:
        self.factory = factory

    async def __call__(
        self,
        path: str,
        *,
        consumer: type[Any],
        user: Any = None,
        application: Any = None,
        headers: list[tuple[bytes, bytes]] | None = None,
        check_auth: bool = True,
        **kwargs: Any,
    ) -> Any:
        if user is None:
            user = await create_user()
        if application is None:
            from chanx.channels.utils.asgi import get_websocket_application

            application = get_websocket_application()
            if application is None:
                raise ValueError(
                    "Could not obtain a WebSocket application from settings.ASGI_APPLICATION"
                )
        all_headers = [*(await session_headers(user)), *(headers or [])]
        communicator = await self.factory(
            application, path, consumer=consumer, headers=all_headers, **kwargs
        )
        communicator.user = user
        if check_auth and _sends_auth_frame(consumer) and hasattr(communicator, "wait_for_auth"):
            await communicator.assert_authenticated_status_ok()
        return communicator


def _sends_auth_frame(consumer: type[Any]) -> bool:
    try:
        from chanx.channels.authenticator import DjangoAuthenticator
    except ImportError:
        return False
    authenticator = getattr(consumer, "authenticator_class", None)
    return isinstance(authenticator, type) and issubclass(authenticator, DjangoAuthenticator)
