"""The WebSocket test client for Django Channels applications, without daphne.

Channels ships one in ``channels.testing``, but that package also imports its live-server
test case and with it daphne, which ``chanx[channels]`` does not require. This client
speaks the same protocol (``connect``, ``send_to``/``send_json_to``,
``receive_from``/``receive_json_from``, ``disconnect``) on asgiref's communicator, and like
Channels' it keeps ``channels.db.close_old_connections`` from closing the test database's
connections while the application runs.
"""

import json
from typing import Any
from unittest import mock
from urllib.parse import unquote, urlparse

from asgiref.testing import ApplicationCommunicator

from chanx.channels.standalone import configure_if_unconfigured


def _keep_connections() -> None:
    """Stands in for ``close_old_connections`` while the test drives the application."""


class ChannelsWebsocketCommunicator(ApplicationCommunicator):
    """Drives one WebSocket connection to an ASGI application in the test's event loop."""

    def __init__(
        self,
        application: Any,
        path: str,
        headers: list[tuple[bytes, bytes]] | None = None,
        subprotocols: list[str] | None = None,
        spec_version: int | None = None,
    ) -> None:
        if not isinstance(path, str):
            raise TypeError(f"Expected str, got {type(path)}")
        configure_if_unconfigured()
        parsed = urlparse(path)
        scope: dict[str, Any] = {
            "type": "websocket",
            "path": unquote(parsed.path),
            "query_string": parsed.query.encode("utf-8"),
            "headers": headers or [],
            "subprotocols": subprotocols or [],
        }
        if spec_version:
            scope["spec_version"] = spec_version
        super().__init__(application, scope)  # type: ignore[no-untyped-call]
        self.response_headers: list[Any] | None = None

    async def send_input(self, message: Any) -> None:
        with mock.patch("channels.db.close_old_connections", _keep_connections):
            await super().send_input(message)  # type: ignore[no-untyped-call]

    async def receive_output(self, timeout: float = 1) -> Any:
        with mock.patch("channels.db.close_old_connections", _keep_connections):
            return await super().receive_output(timeout)  # type: ignore[no-untyped-call]

    async def receive_nothing(self, timeout: float = 0.1, interval: float = 0.01) -> bool:
        """Whether the application sends nothing for ``timeout`` seconds."""
        with mock.patch("channels.db.close_old_connections", _keep_connections):
            result: bool = await super().receive_nothing(timeout, interval)  # type: ignore[no-untyped-call]
        return result

    async def connect(self, timeout: float = 1) -> tuple[bool, int | str | None]:
        """``(True, subprotocol)`` when accepted, ``(False, close code)`` when refused."""
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        if response["type"] == "websocket.close":
            return False, response.get("code", 1000)
        assert response["type"] == "websocket.accept", response
        self.response_headers = response.get("headers", [])
        return True, response.get("subprotocol")

    async def send_to(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Send one text or binary frame (exactly one of the two)."""
        assert bool(text_data) != bool(bytes_data), "Supply exactly one of text_data or bytes_data"
        if text_data:
            assert isinstance(text_data, str), "text_data must be a str"
            await self.send_input({"type": "websocket.receive", "text": text_data})
        else:
            assert isinstance(bytes_data, bytes), "bytes_data must be bytes"
            await self.send_input({"type": "websocket.receive", "bytes": bytes_data})

    async def send_json_to(self, data: Any) -> None:
        """Send ``data`` as a JSON text frame."""
        await self.send_to(text_data=json.dumps(data))

    async def receive_from(self, timeout: float = 1) -> str | bytes:
        """The next frame's text or bytes; fails if the application sends anything else."""
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", (
            f"Expected type 'websocket.send', but was '{response['type']}'"
        )
        assert ("text" in response) != ("bytes" in response), "Expected one of text or bytes"
        if "text" in response:
            assert isinstance(response["text"], str), "Text frame payload is not str"
            return str(response["text"])
        assert isinstance(response["bytes"], bytes), "Binary frame payload is not bytes"
        return bytes(response["bytes"])

    async def receive_json_from(self, timeout: float = 1) -> Any:
        """The next text frame, JSON-decoded."""
        payload = await self.receive_from(timeout)
        assert isinstance(payload, str), f"JSON data is not a text frame, it is {type(payload)}"
        return json.loads(payload)

    async def disconnect(self, code: int = 1000, timeout: float = 1) -> None:
        """Send ``websocket.disconnect`` and wait for the application to finish."""
        await self.send_input({"type": "websocket.disconnect", "code": code})
        await self.wait(timeout)  # type: ignore[no-untyped-call]


WebsocketCommunicator = ChannelsWebsocketCommunicator
