"""1.x import path of the AsyncAPI document registry (a re-export of ``chanx.asyncapi.registry``).

``message_registry`` is the process-wide registry (``chanx.asyncapi.process_registry``).
"""

from chanx.asyncapi.process_registry import message_registry
from chanx.asyncapi.registry import (
    UNION_TYPES,
    MessageRegistry,
    SchemaBuildError,
    clean_consumer_name,
    get_asyncapi_message_ref,
    get_asyncapi_schema_ref,
)

__all__ = [
    "UNION_TYPES",
    "MessageRegistry",
    "SchemaBuildError",
    "clean_consumer_name",
    "get_asyncapi_message_ref",
    "get_asyncapi_schema_ref",
    "message_registry",
]
