"""No HTTP routes: the scale servers only speak WebSocket."""

from typing import Any

urlpatterns: list[Any] = []
