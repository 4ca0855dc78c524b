"""Build a Django ``HttpRequest`` from a WebSocket scope (for DRF authentication)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest


def request_from_scope(scope: dict[str, Any], method: str) -> HttpRequest:
    """A bare ``HttpRequest`` with the scope's path, headers (as ``META``), cookies and user."""
    request = HttpRequest()
    request.method = method
    request.path = scope.get("path", "")
    request.COOKIES = scope.get("cookies", {})
    request.user = scope.get("user", AnonymousUser())
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("utf-8").upper().replace("-", "_")
        if not name.startswith("HTTP_"):
            name = f"HTTP_{name}"
        request.META[name] = raw_value.decode("utf-8")
    return request
