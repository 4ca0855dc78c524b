"""The Jinja2 templates of the generated Python client, as a module API.

The ``*_TEMPLATE`` names are the Jinja source of the ``.j2`` files in this package (the files
the generator renders). ``get_env()`` gives an environment configured as the generator's,
with the ``snake_case`` and ``pascal_case`` filters and this folder as its loader (so a
template rendered from a string can ``include`` the others); ``get_template(source)``
compiles a source string in it.
"""

import re
from importlib import resources
from typing import Any

TEMPLATE_PACKAGE = "chanx.client_generator"
TEMPLATE_FOLDER = "templates"


def _source(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text("utf-8")


CHANNEL_CLIENT_TEMPLATE: str = _source("channel_client.py.j2")
"""A plain channel's client class (``BaseClient``)."""
TOPIC_HANDLE_TEMPLATE: str = _source("topic_handle.py.j2")
"""A topic channel's handle class (``BaseTopicHandle``)."""
TOPIC_CONNECTION_TEMPLATE: str = _source("topic_connection.py.j2")
"""The client of a channel that also serves topics (``BaseTopicConnection``)."""
CHANNEL_INIT_TEMPLATE: str = _source("channel_init.py.j2")
"""A channel package's ``__init__.py``."""
PACKAGE_INIT_TEMPLATE: str = _source("package_init.py.j2")
"""The generated package's ``__init__.py``."""
README_TEMPLATE: str = _source("README.md.j2")
"""The generated package's ``README.md``."""

_WORDS = re.compile(r"[_\-\s]+")


def snake_case_filter(value: Any) -> str:
    """Lower-case ``value``; spaces and ``-`` become ``_``."""
    return str(value).lower().replace(" ", "_").replace("-", "_")


def pascal_case_filter(value: Any) -> str:
    """Split ``value`` on ``_``, ``-`` and spaces and capitalize each word."""
    return "".join(word.capitalize() for word in _WORDS.split(str(value)) if word)


def get_env(**options: Any) -> Any:
    """A Jinja2 ``Environment`` (trim_blocks, lstrip_blocks, keep_trailing_newline) with the
    ``snake_case`` and ``pascal_case`` filters; ``options`` override its settings."""
    import jinja2

    settings: dict[str, Any] = {
        "loader": jinja2.PackageLoader(TEMPLATE_PACKAGE, TEMPLATE_FOLDER),
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "autoescape": False,  # source code, not HTML
        **options,
    }
    env = jinja2.Environment(**settings)
    env.filters["snake_case"] = snake_case_filter
    env.filters["pascal_case"] = pascal_case_filter
    return env


def get_template(template_str: str) -> Any:
    """Compile the Jinja source ``template_str`` in :func:`get_env`'s environment."""
    return get_env().from_string(template_str)


__all__ = [
    "CHANNEL_CLIENT_TEMPLATE",
    "CHANNEL_INIT_TEMPLATE",
    "PACKAGE_INIT_TEMPLATE",
    "README_TEMPLATE",
    "TOPIC_CONNECTION_TEMPLATE",
    "TOPIC_HANDLE_TEMPLATE",
    "get_env",
    "get_template",
    "pascal_case_filter",
    "snake_case_filter",
]
