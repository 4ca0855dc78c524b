"""Recognise the exceptions a server raises when a client has already left."""

# Raised by ASGI servers and WebSocket libraries for a send or receive on a closed connection
# (uvicorn's ClientDisconnected, websockets' ConnectionClosed*, Starlette's
# WebSocketDisconnect); matched by name so that no server package is imported.
_GONE = frozenset(
    {"ClientDisconnected", "ConnectionClosed", "WebSocketDisconnect", "ConnectionClosedOK"}
)


def is_client_gone(exc: BaseException) -> bool:
    """Whether ``exc`` only says that the client closed its connection."""
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return True
    return any(cls.__name__ in _GONE for cls in type(exc).__mro__)
