"""The smallest Django settings under which every Django import path of chanx imports."""

SECRET_KEY = "chanx-layout-tests"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "chanx.channels"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
