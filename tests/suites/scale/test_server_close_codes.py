"""Close codes through real servers (docs/deploy.md, "Close codes").

Issues: during a Redis outage daphne closed new connections with 1011 where the docs promise
1013 (autobahn refuses close codes other than 1000 and 3000-4999, and daphne reported the
refusal as an application error); a ``%3A`` in a one-topic URL made the topic name invalid
and dropped the connection without a close frame (uvicorn) or with 1011 (daphne). Now the
first is 1013 on every server; the second is answered with the ``unknown_topic`` error frame
and the connection stays open.
"""

from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from tests.shared.net import free_port
from tests.suites.scale.client import open_client, recv_json, send
from tests.suites.scale.servers import Server, spawn_server

Stack = tuple[str, str, list[Server]]
SERVERS = [("django", "daphne"), ("django", "uvicorn"), ("fastapi", "uvicorn")]


@pytest.mark.parametrize(("stack_name", "kind"), SERVERS)
async def test_connecting_during_a_redis_outage_is_closed_with_1013(
    stack_name: str, kind: str, tmp_path: Path
) -> None:
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"  # no Redis listens on this port
    server = spawn_server(stack_name, kind, nothing_there, "chanx-test-outage", tmp_path)
    server.wait_until_listening()
    try:
        ws = await open_client(server.url)
        with pytest.raises(ConnectionClosed) as closed:
            await recv_json(ws, timeout=30)
        assert closed.value.rcvd is not None, "dropped without a close frame"
        assert closed.value.rcvd.code == 1013
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text(errors="replace")


@pytest.mark.parametrize("path", ["a%3Ab", "%3A", "1%3A2"])
async def test_a_colon_in_a_one_topic_url_is_an_unknown_topic(stack: Stack, path: str) -> None:
    for server in stack[2]:
        ws = await open_client(f"ws://127.0.0.1:{server.port}/ws/discussion/{path}/")
        try:
            refusal = await recv_json(ws)
            assert refusal["action"] == "error", (server.kind, refusal)
            assert refusal["payload"]["reason"] == "unknown_topic"
            await send(ws, "ping")  # the route's topic was never subscribed
            assert (await recv_json(ws))["payload"]["reason"] == "not_subscribed"
        finally:
            await ws.close()
        ok = await open_client(f"ws://127.0.0.1:{server.port}/ws/discussion/7/")
        try:
            assert (await recv_json(ok))["topic"] == "discussion:7"  # subscribed
        finally:
            await ok.close()
