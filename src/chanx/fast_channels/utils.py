"""Default AsyncAPI settings derived from a FastAPI/Starlette app and the current request."""

from typing import Any

from starlette.requests import Request

from chanx.fast_channels.constants import ASYNCAPI_TITLE_POSTFIX
from chanx.fast_channels.type_defs import DEFAULT_ASYNCAPI_CONFIG, AsyncAPIConfig


def build_default_config_from_app(request: Request, app: Any) -> AsyncAPIConfig:
    """Title/version/description from the app (when set), server from the request.

    Works for bare Starlette apps (no ``title``); the server host keeps the port.
    """
    config: AsyncAPIConfig = {**DEFAULT_ASYNCAPI_CONFIG}
    title = getattr(app, "title", None)
    if title:
        config["title"] = f"{title}{ASYNCAPI_TITLE_POSTFIX}"
    version = getattr(app, "version", None)
    if version:
        config["version"] = str(version)
    description = getattr(app, "description", None)
    if description:
        config["description"] = str(description)
    # Host *and* port, so the document points at the server that answered the request.
    config["server_url"] = request.url.netloc
    config["server_protocol"] = "wss" if request.url.scheme in ("https", "wss") else "ws"
    return config


def merge_configs(base: AsyncAPIConfig, user: AsyncAPIConfig | None) -> AsyncAPIConfig:
    """``user`` keys over ``base``."""
    if user is None:
        return base
    return {**base, **user}
