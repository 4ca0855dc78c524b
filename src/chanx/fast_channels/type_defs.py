"""Configuration of the FastAPI/Starlette AsyncAPI helpers."""

from typing import TypedDict

from chanx.asyncapi.constants import (
    DEFAULT_ASYNCAPI_DESCRIPTION,
    DEFAULT_ASYNCAPI_TITLE,
    DEFAULT_ASYNCAPI_VERSION,
    DEFAULT_SERVER_PROTOCOL,
    DEFAULT_SERVER_URL,
)


class AsyncAPIConfig(TypedDict, total=False):
    """Overrides for the generated document; missing keys come from the app and request."""

    title: str
    version: str
    description: str
    server_url: str
    server_protocol: str
    camelize: bool
    # Document WebSocket routes whose endpoint is not a chanx consumer (default: True).
    include_non_chanx_routes: bool


DEFAULT_ASYNCAPI_CONFIG: AsyncAPIConfig = {
    "title": DEFAULT_ASYNCAPI_TITLE,
    "version": DEFAULT_ASYNCAPI_VERSION,
    "description": DEFAULT_ASYNCAPI_DESCRIPTION,
    "server_url": DEFAULT_SERVER_URL,
    "server_protocol": DEFAULT_SERVER_PROTOCOL,
    "camelize": False,
}
