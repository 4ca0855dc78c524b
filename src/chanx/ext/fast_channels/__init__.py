"""1.x import path of :mod:`chanx.fast_channels` (a re-export; the code lives there)."""

from chanx.fast_channels import asyncapi_docs, asyncapi_spec_json, asyncapi_spec_yaml

__all__ = ["asyncapi_docs", "asyncapi_spec_json", "asyncapi_spec_yaml"]
