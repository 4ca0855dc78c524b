"""1.x module paths are today's modules: one object under both names, so patches reach the code."""

import importlib
import json
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from chanx._aliases import ALIASES, target_of
from chanx.channels.websocket import AsyncJsonWebsocketConsumer
from chanx.ext.channels.websocket import AsyncJsonWebsocketConsumer as OldConsumer
from chanx.ext.fast_channels.layers import create_redis_layer as old_create_redis_layer
from chanx.fast_channels.layers import create_redis_layer
from tests.suites.layout.surface import surface
from tests.suites.layout.test_import_surface import run_python

HERE = Path(__file__).parent
OLD_PATHS = [
    module for module, _ in surface(HERE / "api_1.1.3.txt") if module.startswith("chanx.ext.")
] + ["chanx.ext.channels.management.commands.generate_asyncapi_schema"]


def test_the_table_maps_whole_packages_and_nothing_else() -> None:
    assert target_of("chanx.ext.channels.utils.asgi") == "chanx.channels.utils.asgi"
    assert target_of("chanx.ext.fast_channels") == "chanx.fast_channels"
    assert target_of("chanx.core.registry") is None  # a module of its own (two sources)
    assert target_of("chanx.ext") is None
    assert target_of("chanx.ext.channelsx") is None
    assert target_of("chanx.channels.views") is None


@pytest.mark.parametrize("old", OLD_PATHS)
def test_an_old_path_is_the_same_module(old: str) -> None:
    new = target_of(old)
    assert new is not None
    module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert sys.modules[old] is sys.modules[new]
    assert module.__name__ == new and module.__spec__ is not None
    assert module.__spec__.name == new


def test_old_paths_type_check_as_todays() -> None:
    """``mypy --strict tests`` reads these imports through the stubs under ``chanx/ext``."""

    class Old(OldConsumer):
        pass

    assert issubclass(Old, AsyncJsonWebsocketConsumer)
    assert old_create_redis_layer is create_redis_layer


async def test_a_patch_through_the_old_path_reaches_the_code() -> None:
    from chanx.fast_channels import views

    def failing(*args: Any) -> Any:
        raise RuntimeError("patched through chanx.ext")

    with mock.patch("chanx.ext.fast_channels.views.generate_asyncapi_schema", failing):
        response = await views.asyncapi_spec_json(mock.Mock(), app=None)
    assert json.loads(bytes(response.body)) == {
        "error": "Failed to generate schema: patched through chanx.ext"
    }


def test_old_paths_first_in_a_fresh_interpreter() -> None:
    """Imported before today's path (a 1.x project), then today's path is the same module."""
    code = (
        "import django; django.setup();"
        "import chanx.ext.channels.utils.settings as old;"
        "from chanx.ext.fast_channels.views import asyncapi_docs;"
        "import chanx.channels.utils.settings as new, chanx.fast_channels.views as views;"
        "print(old is new, asyncapi_docs is views.asyncapi_docs)"
    )
    out = run_python(["-c", code], DJANGO_SETTINGS_MODULE="tests.suites.layout.minimal_settings")
    assert out == "True True"


CORE_MOVES = [old for old in ALIASES if old.startswith("chanx.core.")]


@pytest.mark.parametrize("old", CORE_MOVES)
def test_a_core_module_grouped_into_a_subpackage_keeps_its_old_path(old: str) -> None:
    new = ALIASES[old]
    assert new.split(".")[2] in {"wire", "connection", "topics", "redis"}
    assert importlib.import_module(old) is importlib.import_module(new)


def test_a_patch_through_an_old_core_path_reaches_the_code() -> None:
    from chanx.core.connection import origins

    with mock.patch("chanx.core.origins.SAME_HOST", "patched"):
        assert origins.SAME_HOST == "patched"
    assert origins.SAME_HOST != "patched"


def test_the_consumer_and_topics_import_no_redis_client() -> None:
    """Redis is optional: only the Redis stores and layers import redis-py, when used."""
    code = (
        "import sys, chanx.core.consumer, chanx.core.topic, chanx.core.topics.stores;"
        "print(sorted(m for m in sys.modules if m == 'redis' or m.startswith('redis.')))"
    )
    assert run_python(["-c", code]) == "[]"
