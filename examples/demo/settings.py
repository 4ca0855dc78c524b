"""Settings of the chanx demo: one Django project, in-memory channel layer, no database."""

SECRET_KEY = "chanx-demo-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
USE_TZ = True
ROOT_URLCONF = "examples.demo.urls"
ASGI_APPLICATION = "examples.demo.asgi.application"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "channels",
    "chanx.channels",
    "examples.demo",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {},
    }
]
CHANX = {
    "LOG_WEBSOCKET_MESSAGE": False,
    "ASYNCAPI_TITLE": "chanx demo chat",
    "ASYNCAPI_DESCRIPTION": "Rooms, messages and server notices of the demo chat.",
}
