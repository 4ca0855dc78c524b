"""1.x import path of :mod:`chanx.fast_channels.views` (a re-export; the code lives there)."""

from typing import Any

from chanx.fast_channels import views as _target
from chanx.fast_channels.views import (
    asyncapi_docs,
    asyncapi_spec_json,
    asyncapi_spec_yaml,
    generate_asyncapi_schema,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = ["asyncapi_docs", "asyncapi_spec_json", "asyncapi_spec_yaml", "generate_asyncapi_schema"]
