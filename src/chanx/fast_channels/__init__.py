"""fast-channels adapter (FastAPI, Starlette or any ASGI app)."""

from chanx.fast_channels.views import asyncapi_docs, asyncapi_spec_json, asyncapi_spec_yaml

__all__ = ["asyncapi_docs", "asyncapi_spec_json", "asyncapi_spec_yaml"]
