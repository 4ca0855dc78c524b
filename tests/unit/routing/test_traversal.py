"""traverse_middleware_stack: routers found through inner/app/application wrappers."""

from typing import Any

from chanx.routing import traverse_middleware_stack


class Router:
    def __init__(self, name: str) -> None:
        self.name = name


class Wrapper:
    def __init__(self, **attrs: Any) -> None:
        for key, value in attrs.items():
            setattr(self, key, value)


def extractor(router: Any, prefix: str, routes: list[Any], base_url: str) -> None:
    if not isinstance(router, Router):
        raise TypeError(f"Expected Router, got {type(router)}")
    routes.append((prefix, router.name, base_url))


def walk(app: Any) -> list[Any]:
    routes: list[Any] = []
    traverse_middleware_stack(app, "pre/", routes, "ws://h", extractor)
    return routes


def test_none_and_router_itself() -> None:
    assert walk(None) == []
    assert walk(Router("r")) == [("pre/", "r", "ws://h")]


def test_wrappers_in_attribute_priority_order() -> None:
    assert walk(Wrapper(inner=Wrapper(app=Wrapper(application=Router("deep"))))) == [
        ("pre/", "deep", "ws://h")
    ]
    both = Wrapper(inner=Router("inner"), app=Router("app"))
    assert walk(both) == [("pre/", "inner", "ws://h")]
    skip_none = Wrapper(inner=None, app=Router("app"))
    assert walk(skip_none) == [("pre/", "app", "ws://h")]


def test_dead_end_and_cycles_stop() -> None:
    assert walk(Wrapper(other=Router("x"))) == []
    loop = Wrapper()
    loop.inner = loop  # type: ignore[attr-defined]
    assert walk(loop) == []


def test_attribute_error_means_not_a_router() -> None:
    def picky(router: Any, prefix: str, routes: list[Any], base_url: str) -> None:
        routes.append(router.routes_attr)

    routes: list[Any] = []
    traverse_middleware_stack(Wrapper(inner=Wrapper(routes_attr="found")), "", routes, "", picky)
    assert routes == ["found"]
