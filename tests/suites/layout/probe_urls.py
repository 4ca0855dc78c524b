"""URLs of the app-label probe: both include paths serve the same views."""

import os

from django.urls import include, path

urlpatterns = [path("asyncapi/", include(os.environ["CHANX_PROBE_URLS"]))]
