"""Refused and failing authentication: same frames and close codes on both adapters."""

from typing import Any

from chanx.core.authenticator import BaseAuthenticator
from chanx.messages.outgoing import ErrorMessage
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import build


class Refuse(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        await self.send_message(ErrorMessage(payload={"detail": "go away"}))
        return False


class Crash(BaseAuthenticator):
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        raise RuntimeError("auth backend down")


async def close_code(comm: Any) -> int:
    event = await comm.receive_output()
    assert event["type"] == "websocket.close", event
    code: int = event.get("code") or 1000  # Channels' bare close carries no code: 1000
    return code


async def test_refused_client_is_told_then_closed_normally(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Guarded(consumers.Echo):  # type: ignore[name-defined,misc]
        authenticator_class = Refuse

    comm = adapter.communicator(Guarded)
    try:
        assert await comm.connect() == (True, None)  # accepted first, refused after
        assert await comm.receive_json_from() == {
            "action": "error",
            "payload": {"detail": "go away"},
        }
        assert await close_code(comm) == 1000
        assert "lobby" not in getattr(adapter.get_layer(), "groups", {})
    finally:
        await comm.disconnect()


async def test_crashing_authenticator_closes_with_1011(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)

    class Broken(consumers.Echo):  # type: ignore[name-defined,misc]
        authenticator_class = Crash

    comm = adapter.communicator(Broken)
    try:
        assert await comm.connect() == (True, None)
        assert await close_code(comm) == 1011
    finally:
        await comm.disconnect()
