"""Echo servers with no consumer machinery: a bare ASGI application and a Starlette endpoint.

Both do exactly the per-frame work of the hand-written consumers: decode the JSON, check
the action, send the reply (``json.dumps``). They are the floor the consumers are compared
against: everything a consumer adds between the socket and its handler shows as the gap.
"""

import json
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

Scope = dict[str, Any]
Receive = Any
Send = Any


def echo_reply(text: str) -> str:
    """The reply to one frame, as every contender builds it."""
    content = json.loads(text)
    action = content.get("action") if isinstance(content, dict) else None
    if action == "echo":
        return json.dumps({"action": "echo_reply", "payload": content["payload"]})
    if action == "bulk":
        return json.dumps({"action": "bulk_reply", "payload": content["payload"]})
    return json.dumps({"action": "error", "payload": {"detail": "unknown action"}})


async def bare_echo(scope: Scope, receive: Receive, send: Send) -> None:
    """ASGI WebSocket application: accept, then one reply per text frame until disconnect."""
    if scope["type"] != "websocket":
        return
    event = await receive()
    if event["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    while True:
        event = await receive()
        kind = event["type"]
        if kind == "websocket.receive":
            text = event.get("text")
            if text is not None:
                await send({"type": "websocket.send", "text": echo_reply(text)})
        elif kind == "websocket.disconnect":
            return


class BareEchoApp:
    """``bare_echo`` as an ASGI application object, so a Starlette router mounts it as is.

    Mounted in the FastAPI application it pays what every route there pays per message
    (the exception middleware wraps ``send``) and nothing else.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await bare_echo(scope, receive, send)


async def starlette_echo(websocket: WebSocket) -> None:
    """Starlette WebSocket endpoint doing the same echo."""
    await websocket.accept()
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_text(echo_reply(text))
    except WebSocketDisconnect:
        return
