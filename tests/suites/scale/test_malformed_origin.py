"""A malformed ``Origin`` header is refused like a foreign one: HTTP 403, one log line.

Issue: ``Origin: http://x:abc`` raised ``ValueError: Port could not be cast to integer`` in
the origin check, so every such handshake was a 500 with a traceback in the server log.
daphne (autobahn) answers an ``Origin`` it cannot parse with its own 400 before the
application runs; uvicorn hands it to chanx, which refuses it with 403.
"""

import uuid

import pytest
from websockets.exceptions import InvalidStatus

from tests.suites.scale.client import open_client, roundtrip
from tests.suites.scale.logs import log_lines, wait_for_log
from tests.suites.scale.servers import Server

Stack = tuple[str, str, list[Server]]
REFUSED = "origin not allowed"


@pytest.mark.parametrize("template", ["http://{}.example:abc", "http://[{}", "http://{}:99999"])
async def test_a_malformed_origin_is_a_403_with_one_log_line(stack: Stack, template: str) -> None:
    for server in stack[2]:
        marker = f"bad-{uuid.uuid4().hex[:12]}"
        origin = template.format(marker)
        with pytest.raises(InvalidStatus) as refused:
            await open_client(server.guarded_url, origin=origin)
        if server.kind == "daphne" and refused.value.response.status_code == 400:
            assert log_lines(server.log, marker) == []  # refused by daphne itself
        else:
            assert refused.value.response.status_code == 403
            lines = wait_for_log(server.log, marker)
            assert len(lines) == 1 and REFUSED in lines[0], lines
        text = server.log.read_text(errors="replace")
        assert "Port could not be cast" not in text and "Invalid IPv6 URL" not in text
        assert log_lines(server.log, "Traceback") == []
        # The same route still serves a page of this host.
        ws = await open_client(server.guarded_url, origin=f"http://127.0.0.1:{server.port}")
        try:
            assert await roundtrip(ws, "ping") == {"action": "pong", "payload": None}
        finally:
            await ws.close()
