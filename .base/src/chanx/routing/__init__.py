"""Route discovery shared by the Django and FastAPI integrations."""

from chanx.routing.discovery import RouteDiscovery, RouteInfo
from chanx.routing.patterns import (
    DJANGO_PARAM_PATTERN,
    REGEX_PARAM_PATTERN,
    STARLETTE_PARAM_PATTERN,
    extract_path_parameters,
    get_pattern_string_and_params,
)
from chanx.routing.traversal import traverse_middleware_stack

__all__ = [
    "DJANGO_PARAM_PATTERN",
    "REGEX_PARAM_PATTERN",
    "STARLETTE_PARAM_PATTERN",
    "RouteDiscovery",
    "RouteInfo",
    "extract_path_parameters",
    "get_pattern_string_and_params",
    "traverse_middleware_stack",
]
