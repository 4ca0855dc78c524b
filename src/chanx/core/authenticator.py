"""The framework-neutral authenticator interface."""

import abc
from abc import ABC
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from chanx.constants import CLOSE_UNAUTHENTICATED
from chanx.type_defs import SendMessageFn

__all__ = [
    "ABC",
    "CLOSE_UNAUTHENTICATED",
    "AuthorizationHeader",
    "BaseAuthenticator",
    "Credential",
]


@dataclass(frozen=True)
class Credential:
    """A credential an authenticator expects, as documented for clients.

    ``name`` is the header, query parameter or cookie name (``"Authorization"``,
    ``"token"``), ``location`` where it travels (``"header"``, ``"query"``, ``"cookie"``).
    List them on ``BaseAuthenticator.credentials``.
    """

    name: str
    location: str
    description: str | None = None


@dataclass(frozen=True)
class AuthorizationHeader:
    """The handshake's ``Authorization`` header, split into scheme and value.

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


class BaseAuthenticator(ABC):
    """Decides, once per connection and before any frame is handled, whether to keep it.

    ``send_message`` is the consumer's bound ``send_message``, so a refusal can be explained
    to the client before the socket closes. An authenticator that knows the HTTP status of
    its decision stores it in ``status_code``; ``close_code`` maps it to an application
    close code.
    """

    credentials: ClassVar[list[Credential]] = []
    """What clients must present (documentation only)."""

    status_code: int | None = None
    """HTTP status of the last decision (``None`` until one was made)."""

    def __init__(self, send_message: SendMessageFn) -> None:
        self.send_message = send_message

    @property
    def close_code(self) -> int:
        """``4000 + status_code`` for a 4xx/5xx ``status_code``, else ``CLOSE_UNAUTHENTICATED``."""
        status = self.status_code
        if isinstance(status, int) and 400 <= status < 600:
            return 4000 + status
        return CLOSE_UNAUTHENTICATED

    @abc.abstractmethod
    async def authenticate(self, scope: dict[str, Any]) -> bool:
        """Return ``True`` to keep the connection, ``False`` to close it (code 1000)."""
