"""Cross-site WebSocket hijacking: the demo and the FastAPI example check the Origin header.

Rule (docs/auth.md): a browser page from another site is refused at the handshake (HTTP
403) before any authentication or handler runs; a page served by the same host is accepted;
a client that sends no Origin (not a browser, so no browser cookies) is accepted.
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from chanx.core.connection.origins import SAME_HOST, origin_allowed
from tests.shared.net import free_port
from tests.suites.e2e.servers import run_server


@pytest.fixture(scope="module")
def fastapi_example() -> Iterator[str]:
    port = free_port()
    with run_server(["-m", "examples.fastapi_chat", "--port", str(port)], port) as address:
        yield address


def _servers(demo: str, fastapi_example: str) -> dict[str, str]:
    return {
        "demo": f"ws://{demo}/ws/chat/lobby/",
        "fastapi": f"ws://{fastapi_example}/ws/chat/lobby",
    }


async def _ping(url: str, **options: Any) -> Any:
    async with connect(url, open_timeout=10, **options) as ws:
        await ws.send(json.dumps({"action": "ping"}))
        return json.loads(await ws.recv())


@pytest.mark.parametrize("server", ["demo", "fastapi"])
@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1.evil.example"])
async def test_a_foreign_origin_is_refused_at_the_handshake(
    demo: str, fastapi_example: str, server: str, origin: str
) -> None:
    url = _servers(demo, fastapi_example)[server]
    with pytest.raises(InvalidStatus) as refused:
        await _ping(url, origin=origin, additional_headers={"Cookie": "sessionid=stolen"})
    assert refused.value.response.status_code == 403


@pytest.mark.parametrize("server", ["demo", "fastapi"])
async def test_a_page_of_the_same_host_is_accepted(
    demo: str, fastapi_example: str, server: str
) -> None:
    url = _servers(demo, fastapi_example)[server]
    host = url.split("/")[2]
    assert (await _ping(url, origin=f"http://{host}"))["action"] == "pong"


@pytest.mark.parametrize("server", ["demo", "fastapi"])
async def test_a_client_without_origin_is_accepted(
    demo: str, fastapi_example: str, server: str
) -> None:
    url = _servers(demo, fastapi_example)[server]
    assert (await _ping(url))["action"] == "pong"


def scope(origin: str | None, host: str = "app.example:8000") -> dict[str, Any]:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "headers": headers}


def test_origin_rules() -> None:
    listed = ["https://App.Example.com", "http://localhost:3000"]
    assert origin_allowed(scope("https://app.example.com"), listed)
    assert origin_allowed(scope("https://app.example.com:443"), listed)
    assert origin_allowed(scope("http://localhost:3000"), listed)
    assert not origin_allowed(scope("http://localhost:3001"), listed)
    assert not origin_allowed(scope("http://app.example.com"), listed)
    assert not origin_allowed(scope("null"), listed)
    assert origin_allowed(scope("null"), ["null"])
    assert origin_allowed(scope(None), listed)
    assert not origin_allowed(scope(None), listed, allow_missing_origin=False)
    assert origin_allowed(scope("http://evil.example"), None)
    assert origin_allowed(scope("http://evil.example"), ["*"])
    assert origin_allowed(scope("http://app.example:8000"), [SAME_HOST])
    assert origin_allowed(scope("https://app.example", host="app.example"), [SAME_HOST])
    assert not origin_allowed(scope("http://app.example:8001"), [SAME_HOST])
    assert not origin_allowed(scope("http://evil.example:8000"), [SAME_HOST])


def test_a_malformed_origin_matches_nothing_but_the_wildcard() -> None:
    for origin in ("http://x:abc", "http://[::1", "http://x:99999"):
        assert not origin_allowed(scope(origin), ["http://x", SAME_HOST])
        assert origin_allowed(scope(origin), ["*"])
