"""Frame-size limits through real servers (docs/limits.md).

uvicorn accepts frames up to ``--ws-max-size`` (16 MiB), so a 10 MB frame reaches chanx and
gets the size error frame; the connection stays usable. daphne drops any message above its
own ``--websocket_max_message_size`` (1 MiB) before chanx sees it: the connection is lost,
the server keeps serving everyone else.
"""

import json

import pytest
from websockets.exceptions import ConnectionClosed

from tests.suites.scale.client import open_client, recv_json, roundtrip, send
from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]
TOO_LARGE = {
    "action": "error",
    "payload": {
        "detail": "Message exceeds the maximum size of 1048576 characters; message dropped"
    },
}
TEN_MB_FRAME = json.dumps({"action": "shout", "payload": "x" * (10 * 1024 * 1024)})
PONG = {"action": "pong", "payload": None}


async def test_ten_megabyte_frame_gets_the_size_error_on_uvicorn(stack: Stack) -> None:
    for server in stack[2]:
        if server.kind != "uvicorn":
            continue
        ws = await open_client(server.url)
        try:
            await ws.send(TEN_MB_FRAME)
            assert await recv_json(ws) == TOO_LARGE
            assert await roundtrip(ws, "ping") == PONG
            await send(ws, "nope")
            assert (await recv_json(ws))["payload"][0]["type"] == "union_tag_invalid"
        finally:
            await ws.close()


@pytest.mark.parametrize("stack", ["django"], indirect=True)  # the stack that runs daphne
async def test_ten_megabyte_frame_drops_the_connection_on_daphne(stack: Stack) -> None:
    (daphne,) = [s for s in stack[2] if s.kind == "daphne"]
    victim, bystander = await open_client(daphne.url), await open_client(daphne.url)
    try:
        with pytest.raises(ConnectionClosed):
            await victim.send(TEN_MB_FRAME)
            await recv_json(victim)
        assert await roundtrip(bystander, "ping") == PONG
    finally:
        await bystander.close()
