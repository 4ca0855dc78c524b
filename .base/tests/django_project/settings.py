"""Django settings for the test suite (sqlite, in-memory channel layer)."""

import os
import tempfile
from pathlib import Path

_FILE_DB = str(Path(tempfile.gettempdir()) / f"chanx-tests-{os.getpid()}.sqlite3")

SECRET_KEY = "chanx-tests-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["*"]
USE_TZ = True
ROOT_URLCONF = "tests.django_project.urls"
ASGI_APPLICATION = "tests.django_project.asgi.application"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "channels",
    "chanx.ext.channels",
    "tests.django_project",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
    # A file database (Django really closes these) for the connection clean-up tests.
    "files": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": _FILE_DB,
        "TEST": {"NAME": _FILE_DB},
    },
}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
CHANX: dict[str, object] = {}
