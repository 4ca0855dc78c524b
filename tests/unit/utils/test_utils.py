"""Small utilities: group names, scope readers, background tasks."""

import asyncio

import pytest

from chanx.utils import scope as scope_utils
from chanx.utils.asyncio import create_task, global_background_tasks
from chanx.utils.groups import safe_group_name


def test_safe_group_name() -> None:
    assert safe_group_name("user", 42, namespace="notification") == "notification.user.42"
    assert safe_group_name("room", "Weekly Sync!") == "room.Weekly-Sync"
    long = safe_group_name("x" * 200)
    assert len(long) == 99 and long.startswith("x" * 86 + ".")
    with pytest.raises(ValueError, match="empty name"):
        safe_group_name("!!!")


def test_scope_helpers() -> None:
    channels_scope = {"url_route": {"kwargs": {"pk": 3}}, "query_string": b"a=1&a=2&b="}
    starlette_scope = {"path_params": {"room": "blue"}}
    assert scope_utils.path_params(channels_scope) == {"pk": 3}
    assert scope_utils.path_param(starlette_scope, "room") == "blue"
    assert scope_utils.path_param(starlette_scope, "x", None) is None
    with pytest.raises(KeyError, match="No path parameter 'x' in scope"):
        scope_utils.path_param(starlette_scope, "x")
    assert scope_utils.query_params(channels_scope) == {"a": ["1", "2"], "b": [""]}

    class Anonymous:
        is_anonymous = True

    class Unauthenticated:
        is_anonymous = False
        is_authenticated = False

    class Member:
        is_anonymous = False
        is_authenticated = True

    member = Member()
    assert scope_utils.scope_user({"user": Anonymous()}) is None
    assert scope_utils.scope_user({"user": Unauthenticated()}) is None
    assert scope_utils.scope_user({}) is None
    assert scope_utils.scope_user({"user": member}) is member


async def test_create_task_keeps_reference_and_logs_failures() -> None:
    async def fail() -> None:
        raise RuntimeError("boom")

    task = create_task(fail())
    assert task in global_background_tasks
    with pytest.raises(RuntimeError):
        await task
    await asyncio.sleep(0)
    assert task not in global_background_tasks
