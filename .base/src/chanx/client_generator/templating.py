"""Jinja2 environment over the package's ``templates/`` folder."""

from functools import cache
from typing import Any

TEMPLATE_PACKAGE = "chanx.client_generator"


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader(TEMPLATE_PACKAGE, "templates"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # source code, not HTML
        undefined=jinja2.StrictUndefined,
    )


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` with ``context``."""
    text: str = _environment().get_template(name).render(**context)
    return text
