"""URL patterns of the AsyncAPI views: include under a prefix, e.g. ``asyncapi/``."""

from django.urls import path

from chanx.channels import checks as _checks  # noqa: F401  (registers the system checks)
from chanx.channels.views import AsyncAPIDocsView, AsyncAPISchemaView

urlpatterns = [
    path("schema/", AsyncAPISchemaView.as_view(), name="asyncapi_schema"),
    path("docs/", AsyncAPIDocsView.as_view(), name="asyncapi_docs"),
]
