"""1.x import path of :mod:`chanx.channels.views` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels import views as _target
from chanx.channels.views import AsyncAPIDocsView, AsyncAPISchemaView, generate_asyncapi_schema


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["AsyncAPIDocsView", "AsyncAPISchemaView", "generate_asyncapi_schema"]
