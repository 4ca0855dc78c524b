"""1.x import path of :mod:`chanx.channels.management.commands.generate_asyncapi_schema` (a re-export; the code lives there)."""

from typing import Any

from chanx.channels.management.commands import generate_asyncapi_schema as _target
from chanx.channels.management.commands.generate_asyncapi_schema import (
    DEFAULT_BASE_URL,
    NO_ROUTES_WARNING,
    YAML_REQUIRED_ERROR,
    Command,
    SchemaGenerationError,
    server_from_base_url,
)


def __getattr__(name: str) -> Any:
    # Every other name (private helpers, settings rebound at run time) from the real module.
    return getattr(_target, name)


__all__ = [
    "DEFAULT_BASE_URL",
    "NO_ROUTES_WARNING",
    "YAML_REQUIRED_ERROR",
    "Command",
    "SchemaGenerationError",
    "server_from_base_url",
]
