"""chanx: typed WebSocket APIs for Django Channels and FastAPI."""

from importlib.metadata import PackageNotFoundError, version


def _installed_version() -> str:
    """The version of the installed distribution; a placeholder when running from sources."""
    try:
        return version("chanx")
    except PackageNotFoundError:  # a source tree on sys.path, not installed
        return "0+unknown"


__version__ = _installed_version()
