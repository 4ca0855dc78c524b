"""Pattern utilities: parameter extraction, anchor stripping, channel paths."""

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanx.routing import (
    DJANGO_PARAM_PATTERN,
    REGEX_PARAM_PATTERN,
    STARLETTE_PARAM_PATTERN,
    RouteInfo,
    extract_path_parameters,
    get_pattern_string_and_params,
)


def test_constants_are_exact() -> None:
    assert REGEX_PARAM_PATTERN == r"\(\?P<([^>]+)>([^)]+)\)"
    assert DJANGO_PARAM_PATTERN == r"<(\w+):(\w+)>"
    assert STARLETTE_PARAM_PATTERN == r"\{(\w+)(?::(\w+))?\}"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("room/<int:pk>/", {"pk": "int"}),
        ("room/<slug:s>/<uuid:u>/", {"s": "slug", "u": "uuid"}),
        ("room/<name>/", {"name": "str"}),
        ("/room/{room_name}", {"room_name": "str"}),
        ("/x/{id:int}", {"id": "int"}),
        (r"ws/(?P<pk>\d+)/", {"pk": r"\d+"}),
        (r"ws/(?P<name>[^/]+)/", {"name": "[^/]+"}),
        (r"ws/(?P<code>(ab|cd))/", {"code": "(ab|cd)"}),
        (r"ws/(?P<y>\d{4})/", {"y": r"\d{4}"}),
        (r"ws/(?P<c>[)]+)/", {"c": "[)]+"}),
        ("<int:pk>/(?P<pk>x)/", {"pk": "int"}),
        ("plain/", {}),
    ],
)
def test_extract_path_parameters(pattern: str, expected: dict[str, str]) -> None:
    assert extract_path_parameters(pattern) == expected


class FakePattern:
    def __init__(self, text: str) -> None:
        self.pattern = text


class FakeRoute:
    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern


class StrPattern:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (
            FakeRoute(FakePattern(r"^ws/(?P<name>[^/]+)/$")),
            ("ws/(?P<name>[^/]+)/", {"name": "[^/]+"}),
        ),
        (FakeRoute(StrPattern("chat/<str:room>/")), ("chat/<str:room>/", {"room": "str"})),
        (FakeRoute(StrPattern("^a$b$")), ("a$b", None)),
        (r"^ws/\$price/$", (r"ws/\$price/", None)),
        ("plain/", ("plain/", None)),
    ],
)
def test_get_pattern_string_and_params(route: Any, expected: Any) -> None:
    assert get_pattern_string_and_params(route) == expected


def test_escaped_dollar_at_the_end_is_kept() -> None:
    assert get_pattern_string_and_params(r"cost\$") == (r"cost\$", None)


@pytest.mark.parametrize(
    ("path", "params", "channel_path"),
    [
        (r"ws/(?P<pk>\d+)/", {"pk": r"\d+"}, "ws/{pk}/"),
        ("room/<int:pk>/", {"pk": "int"}, "room/{pk}/"),
        ("/room/{room_name}", {"room_name": "str"}, "/room/{room_name}"),
        ("/x/{id:int}", {"id": "int"}, "/x/{id}"),
        ("room/<name>/", {"name": "str"}, "room/{name}/"),
        (r"ws/(?P<name>[^/]+)/", {"name": "[^/]+"}, "ws/{name}/"),
        (r"ws/(?P<code>(ab|cd))/x", {"code": "(ab|cd)"}, "ws/{code}/x"),
        ("plain/", None, "plain/"),
    ],
)
def test_channel_path(path: str, params: dict[str, str] | None, channel_path: str) -> None:
    route = RouteInfo(
        path=path,
        handler=None,
        base_url="ws://h",
        consumer=object,
        path_params=params,
    )
    assert route.channel_path == channel_path


def test_route_info_is_frozen_with_field_order() -> None:
    route = RouteInfo("p", None, "ws://h", object)
    assert route.path_params is None
    with pytest.raises(AttributeError):
        route.path = "q"  # type: ignore[misc]


names = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
segments = st.lists(
    st.one_of(
        st.from_regex(r"[a-z0-9-]{1,6}", fullmatch=True).map(lambda s: ("lit", s)),
        names.map(lambda n: ("django", n)),
        names.map(lambda n: ("regex", n)),
        names.map(lambda n: ("starlette", n)),
    ),
    min_size=1,
    max_size=5,
)


@given(segments)
def test_every_parameter_renders_as_braces(parts: list[tuple[str, str]]) -> None:
    seen: set[str] = set()
    raw, expected = [], []
    for kind, value in parts:
        if kind != "lit" and value in seen:
            kind = "lit"
        if kind == "lit":
            raw.append(value)
            expected.append(value)
            continue
        seen.add(value)
        raw.append(
            {
                "django": f"<int:{value}>",
                "regex": f"(?P<{value}>[^/]+)",
                "starlette": f"{{{value}}}",
            }[kind]
        )
        expected.append("{" + value + "}")
    path = "/".join(raw) + "/"
    params = extract_path_parameters(path)
    assert set(params) == seen
    route = RouteInfo(path, None, "ws://h", object, params or None)
    assert route.channel_path == "/".join(expected) + "/"
    assert not re.search(r"\(\?P<", route.channel_path)
