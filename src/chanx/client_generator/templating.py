"""The generator's Jinja2 environment over the ``templates`` package (undefined names fail)."""

from functools import cache
from typing import Any

from chanx.client_generator.templates import get_env


@cache
def _environment() -> Any:
    import jinja2

    return get_env(undefined=jinja2.StrictUndefined)


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` with ``context``."""
    text: str = _environment().get_template(name).render(**context)
    return text
