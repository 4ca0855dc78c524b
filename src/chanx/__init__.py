"""chanx: typed WebSocket APIs for Django Channels and FastAPI."""

from chanx import _aliases

_aliases.install()  # earlier import paths (chanx.ext.*, ...) resolve to today's modules
