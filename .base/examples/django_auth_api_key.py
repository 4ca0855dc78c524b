"""A framework-neutral authenticator: clients present an API key header (docs/auth.md)."""

from dataclasses import dataclass
from typing import Any, Literal

from chanx.core.authenticator import BaseAuthenticator
from chanx.core.decorators import ws_handler
from chanx.core.websocket import AsyncJsonWebsocketConsumer
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage

API_KEYS = {"letmein": "feed-bot"}  # in real life: a database or a secrets store


@dataclass
class ApiClient:
    name: str


class ApiKeyAuthenticator(BaseAuthenticator):
    """Accepts clients whose ``X-API-Key`` header is a known key."""

    user: ApiClient | None = None

    async def authenticate(self, scope: dict[str, Any]) -> bool:
        headers = dict(scope.get("headers", []))
        key = headers.get(b"x-api-key", b"").decode("latin-1")
        name = API_KEYS.get(key)
        if name is None:
            # Explain the refusal; the consumer closes the socket (code 1000) right after.
            await self.send_message(ErrorMessage(payload={"detail": "bad key"}))
            return False
        self.user = ApiClient(name)
        scope["user"] = self.user  # for code that reads the scope
        return True


class WhoAmI(BaseMessage):
    action: Literal["whoami"] = "whoami"
    payload: None = None


class ClientName(BaseMessage):
    action: Literal["client_name"] = "client_name"
    payload: str


class FeedConsumer(AsyncJsonWebsocketConsumer):
    authenticator_class = ApiKeyAuthenticator
    authenticator: ApiKeyAuthenticator  # typing aid only

    @ws_handler
    async def whoami(self, message: WhoAmI) -> ClientName:
        assert self.authenticator.user is not None  # handlers only run once authenticated
        return ClientName(payload=self.authenticator.user.name)
