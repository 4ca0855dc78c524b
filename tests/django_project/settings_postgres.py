"""The test project on PostgreSQL (``CHANX_TEST_POSTGRES_URL``) instead of in-memory sqlite.

Each test run creates its own test database (named after the process), so runs on one
server do not collide.
"""

import os
from urllib.parse import urlparse

from tests.django_project.settings import *  # noqa: F403
from tests.django_project.settings import DATABASES
from tests.services import POSTGRES_URL

_url = urlparse(POSTGRES_URL)
DATABASES = {
    **DATABASES,
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _url.path.lstrip("/") or "postgres",
        "USER": _url.username or "postgres",
        "PASSWORD": _url.password or "",
        "HOST": _url.hostname or "127.0.0.1",
        "PORT": str(_url.port or 5432),
        "TEST": {"NAME": f"chanx_test_{os.getpid()}"},
    },
}


class _NoMigrations(dict[str, None]):
    """Every app's tables created from its models at once (the test app has no migrations and
    points at ``auth_user``, which PostgreSQL, unlike sqlite, checks when the table is made)."""

    def __contains__(self, app_label: object) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


MIGRATION_MODULES = _NoMigrations()
