"""A minimal Django configuration for code that runs without a Django project.

A test of one consumer (the README's first example) has no settings module. The Django
test communicator calls :func:`configure_if_unconfigured` before it drives a consumer, so
such a test runs as is: Django gets an in-memory channel layer and no installed apps. A
project with settings (``DJANGO_SETTINGS_MODULE``, pytest-django, ``settings.configure()``)
is never touched.
"""

import os

STANDALONE_SETTINGS = {
    "CHANNEL_LAYERS": {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
    "INSTALLED_APPS": [],
    "USE_TZ": True,
}


def configure_if_unconfigured() -> bool:
    """Configure Django minimally unless a project did; ``True`` when this call did it."""
    from django.conf import settings

    if settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE"):
        return False
    import django

    settings.configure(**STANDALONE_SETTINGS)
    django.setup()
    return True
