"""Django settings of the scale-test server processes: the docs' Redis layer settings (the
Sentinel ones when ``REDIS_SENTINELS`` is set)."""

import os

if os.environ.get("REDIS_SENTINELS"):
    from examples.deploy.django_sentinel_settings import CHANNEL_LAYERS, CHANX
else:
    from examples.deploy.django_settings import CHANNEL_LAYERS, CHANX

SECRET_KEY = "chanx-scale-tests-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
ROOT_URLCONF = "tests.suites.scale.django_urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "channels"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
__all__ = ["CHANNEL_LAYERS", "CHANX"]
