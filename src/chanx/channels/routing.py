"""Typed wrappers for Channels ``URLRouter`` tables."""

import importlib
from types import ModuleType
from typing import Any

from channels.routing import URLRouter
from django.urls import path as django_path
from django.urls import re_path as django_re_path


def path(route: str, view: Any, kwargs: dict[str, Any] | None = None, name: str = "") -> Any:
    """``django.urls.path`` for WebSocket routing tables."""
    return django_path(route, view, kwargs, name)


def re_path(route: str, view: Any, kwargs: dict[str, Any] | None = None, name: str = "") -> Any:
    """``django.urls.re_path`` for WebSocket routing tables."""
    return django_re_path(route, view, kwargs, name)


def include(arg: URLRouter | str | ModuleType) -> URLRouter:
    """A nested router: a ``URLRouter``, or the ``router`` of a module (object or dotted path)."""
    if isinstance(arg, URLRouter):
        return arg
    module = importlib.import_module(arg) if isinstance(arg, str) else arg
    router: URLRouter = module.router
    return router
