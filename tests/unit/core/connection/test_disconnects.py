"""Which exceptions mean "the client has left"."""

import pytest
from starlette.websockets import WebSocketDisconnect
from uvicorn.protocols.utils import ClientDisconnected
from websockets.exceptions import ConnectionClosedOK
from websockets.frames import Close

from chanx.core.connection.disconnects import is_client_gone


@pytest.mark.parametrize(
    "exc",
    [
        ClientDisconnected(),
        ConnectionClosedOK(Close(1000, ""), Close(1000, ""), rcvd_then_sent=True),
        WebSocketDisconnect(1001),
        ConnectionResetError(),
        BrokenPipeError(),
    ],
)
def test_a_departed_client(exc: BaseException) -> None:
    assert is_client_gone(exc)


@pytest.mark.parametrize("exc", [RuntimeError("boom"), ValueError(), OSError("disk full")])
def test_real_failures(exc: BaseException) -> None:
    assert not is_client_gone(exc)
