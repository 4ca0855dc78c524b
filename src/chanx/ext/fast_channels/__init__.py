"""fast-channels adapter (FastAPI, Starlette or any ASGI app)."""
