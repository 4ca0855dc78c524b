"""chanx: typed WebSocket APIs for Django Channels and FastAPI."""

from importlib.metadata import PackageNotFoundError, version

from chanx import _aliases

_aliases.install()  # earlier import paths (chanx.ext.*, ...) resolve to today's modules


def _installed_version() -> str:
    """The version of the installed distribution; a placeholder when running from sources."""
    try:
        return version("chanx")
    except PackageNotFoundError:  # a source tree on sys.path, not installed
        return "0+unknown"


__version__ = _installed_version()
