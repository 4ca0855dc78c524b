"""A runnable FastAPI chat built on chanx's fast-channels adapter.

* ``uv run python -m examples.fastapi_chat`` serves it with uvicorn on 127.0.0.1:8000
  (in-memory channel layer; set ``CHANX_REDIS_URL`` to use Redis).
* ``ws://127.0.0.1:8000/ws/chat/{room}``: the chat consumer, one group per room.
* ``GET /asyncapi`` (docs page), ``/asyncapi.json``, ``/asyncapi.yaml``: the AsyncAPI document.
* ``POST /rooms/{room}/announce`` with ``{"text": "..."}``: an HTTP route broadcasting a
  typed event to everyone in the room.
* ``uv run python -m examples.fastapi_chat.worker ROOM TEXT``: the same event from a
  separate worker process, through Redis.
"""
