"""Defaults of generated AsyncAPI documents."""

DEFAULT_ASYNCAPI_TITLE = "AsyncAPI Documentation"
DEFAULT_ASYNCAPI_VERSION = "1.0.0"
DEFAULT_SERVER_URL = "localhost:8000"
DEFAULT_SERVER_PROTOCOL = "ws"
DEFAULT_ASYNCAPI_DESCRIPTION = ""

ASYNCAPI_VERSION = "3.0.0"
LOCAL_HOST_MARKERS = ("localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]")
"""A server URL containing one of these (case-insensitive) is the ``development`` server."""

YAML_MISSING_ERROR = "YAML format not available. Please install PyYAML: pip install PyYAML"
