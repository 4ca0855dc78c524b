"""Read path captures, query parameters and the user from an ASGI scope."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

_MISSING: Any = object()


def path_params(scope: Mapping[str, Any]) -> dict[str, Any]:
    """Path captures: Channels' ``url_route.kwargs`` or Starlette's ``path_params``."""
    url_route = scope.get("url_route")
    if url_route and url_route.get("kwargs"):
        return dict(url_route["kwargs"])
    return dict(scope.get("path_params") or {})


def path_param(scope: Mapping[str, Any], name: str, default: Any = _MISSING) -> Any:
    """One path capture; ``KeyError`` when absent and no default is given."""
    params = path_params(scope)
    if name in params:
        return params[name]
    if default is _MISSING:
        raise KeyError(f"No path parameter {name!r} in scope")
    return default


def query_params(scope: Mapping[str, Any]) -> dict[str, list[str]]:
    """Parsed query string, every value a list."""
    raw = scope.get("query_string", b"")
    text = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
    return parse_qs(text, keep_blank_values=True)


def scope_user(scope: Mapping[str, Any]) -> Any:
    """The authenticated user placed on the scope, or ``None`` for anonymous/missing.

    Anonymous means ``is_anonymous`` true or ``is_authenticated`` false (Django's
    ``AnonymousUser``, a user object a middleware could not authenticate).
    """
    user = scope.get("user")
    if user is None or getattr(user, "is_anonymous", False):
        return None
    if not getattr(user, "is_authenticated", True):
        return None
    return user
