"""The framework-neutral authenticator interface."""

import abc
from dataclasses import dataclass
from typing import Any, Self

from chanx.type_defs import SendMessageFn


@dataclass(frozen=True)
class Credential:
    """A credential presented on the handshake's ``Authorization`` header.

    ``scheme`` is lower-cased (``"bearer"``, ``"token"``, ``"basic"`` ...); ``value`` is the
    rest of the header, unchanged. Authenticators that check tokens themselves (rather than
    through a framework's auth stack) start from :meth:`from_scope`.
    """

    scheme: str
    value: str

    @classmethod
    def from_scope(cls, scope: dict[str, Any]) -> Self | None:
        """The ``Authorization: <scheme> <value>`` header of ``scope``, or ``None``."""
        for name, raw in scope.get("headers") or ():
            if name.lower() != b"authorization":
                continue
            scheme, _, value = raw.decode("latin-1").strip().partition(" ")
            value = value.strip()
            if not scheme or not value:
                return None
            return cls(scheme.lower(), value)
        return None


class BaseAuthenticator(abc.ABC):
    """Decides, once per connection and before any frame is handled, whether to keep it.

    ``send_message`` is the consumer's bound ``send_message``, so a refusal can be explained
    to the client before the socket closes.
    """

    def __init__(self, send_message: SendMessageFn) -> None:
        self.send_message = send_message

    @abc.abstractmethod
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        """Return ``True`` to keep the connection, ``False`` to close it (code 1000)."""
