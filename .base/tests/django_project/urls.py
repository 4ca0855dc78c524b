"""HTTP URLs of the Django test project: the AsyncAPI schema and docs views."""

from django.urls import include, path

urlpatterns = [path("asyncapi/", include("chanx.ext.channels.urls"))]
