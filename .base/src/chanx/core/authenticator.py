"""The framework-neutral authenticator interface."""

import abc
from typing import Any

from chanx.type_defs import SendMessageFn


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
