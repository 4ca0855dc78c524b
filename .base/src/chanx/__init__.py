"""chanx: typed WebSocket APIs for Django Channels and FastAPI."""
