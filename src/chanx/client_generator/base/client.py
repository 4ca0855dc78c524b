"""``BaseClient``: one WebSocket connection to a chanx channel, with typed dispatch.

Copied into every generated client package by ``chanx generate-client``; it is yours to
edit (regenerating keeps it unless ``--override-base`` is given). Needs ``pydantic`` and
``websockets``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, TypeAdapter, ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

IncomingT = TypeVar("IncomingT")
OutgoingT = TypeVar("OutgoingT", bound=BaseModel)

# Close codes after which trying again can help: abnormal closure, server error,
# service restart, try again later, bad gateway.
RETRYABLE_CLOSE_CODES = frozenset({1006, 1011, 1012, 1013, 1014})


class _Escaped(Exception):
    """Carries an error re-raised by ``handle_error`` past the connection handling."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


def _incoming_adapter(cls: Any) -> TypeAdapter[Any] | None:
    """What validates the frames of a client or topic class: ``incoming_adapter``,
    else a ``TypeAdapter`` of ``incoming_message`` (built once per class), else None."""
    if cls.incoming_adapter is not None:
        found: TypeAdapter[Any] = cls.incoming_adapter
        return found
    if cls.incoming_message is None:
        return None
    built = cls.__dict__.get("_built_adapter")
    if built is None:
        built = TypeAdapter(cls.incoming_message)
        cls._built_adapter = built
    adapter: TypeAdapter[Any] = built
    return adapter


class BaseClient(Generic[IncomingT, OutgoingT]):
    """A connection to ``path`` under ``base_url``: validated frames in, typed ones out.

    Override the hooks (``handle_message`` or the generated ``on_<action>`` methods,
    ``send_init_message``, ...) in a subclass, then ``await client.handle()``.
    With ``reconnect=True`` a dropped connection is retried with exponential back-off.
    """

    path: ClassVar[str] = ""
    discriminator_field: ClassVar[str] = "action"
    incoming_adapter: ClassVar[TypeAdapter[Any] | None] = None
    # The union of the channel's incoming messages (when ``incoming_adapter`` is unset).
    incoming_message: ClassVar[Any] = None
    _built_adapter: ClassVar[TypeAdapter[Any] | None] = None

    def __init__(
        self,
        base_url: str,
        /,
        protocol: str = "ws",
        headers: Mapping[str, str] | None = None,
        path_params: Mapping[str, object] | None = None,
        *,
        reconnect: bool = False,
        max_retries: int = 5,
        backoff_initial: float = 0.5,
        backoff_factor: float = 2.0,
        backoff_max: float = 30.0,
        open_timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url
        self.protocol = protocol
        self.headers: dict[str, str] = dict(headers or {})
        self.path_params: dict[str, object] = dict(path_params or {})
        self.reconnect = reconnect
        self.max_retries = max_retries
        self.backoff_initial = backoff_initial
        self.backoff_factor = backoff_factor
        self.backoff_max = backoff_max
        self.open_timeout = open_timeout
        self.url = self.build_url()
        self.connection: ClientConnection | None = None
        self._stopping = False
        self._init_error: Exception | None = None

    @classmethod
    def adapter(cls) -> TypeAdapter[Any] | None:
        """Validates frames: ``incoming_adapter``, else ``incoming_message``."""
        return _incoming_adapter(cls)

    def build_url(self) -> str:
        """``<protocol>://<base_url><path>``, ``{name}`` filled from ``path_params``."""
        base = self.base_url.rstrip("/")
        if not base.startswith(("ws://", "wss://")):
            base = f"{self.protocol}://{base}"
        path = self.path
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", quote(str(value), safe=""))
        if "{" in path:
            given = sorted(self.path_params)
            raise ValueError(f"Missing path parameters for {self.path!r}: {given}")
        if path and not path.startswith("/"):
            path = "/" + path
        return base + path

    def backoff_delay(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        delay = self.backoff_initial * self.backoff_factor**attempt
        return float(min(self.backoff_max, delay))

    def should_reconnect(self, error: BaseException, attempt: int) -> bool:
        """Retry network failures, server-side handshake errors and abnormal closes."""
        if not self.reconnect or self._stopping or attempt >= self.max_retries:
            return False
        if isinstance(error, ConnectionClosed):
            received = error.rcvd
            return received is None or received.code in RETRYABLE_CLOSE_CODES
        if isinstance(error, InvalidStatus):
            return error.response.status_code >= 500
        return isinstance(error, OSError | TimeoutError)

    async def handle(self) -> None:
        """Run the connection until it is closed normally (or retries are exhausted)."""
        self._stopping = False
        await self.before_handle()
        attempt = 0
        while True:
            try:
                async with connect(
                    self.url,
                    additional_headers=self.headers or None,
                    open_timeout=self.open_timeout,
                ) as connection:
                    self.connection = connection
                    attempt = 0
                    await self.opened()
                    # A task: a request inside it can wait for its reply, which the loop
                    # below receives.
                    init = asyncio.create_task(self._run_init_message(connection))
                    try:
                        async for data in connection:
                            await self._receive(data)
                    finally:
                        init.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await init
                    if self._init_error is not None:
                        error, self._init_error = self._init_error, None
                        raise _Escaped(error)
                break
            except _Escaped as escaped:
                # A handler's error (even an OSError) is not a connection problem.
                raise escaped.error from None
            except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed) as error:
                self.connection = None
                if self.should_reconnect(error, attempt):
                    await asyncio.sleep(self.backoff_delay(attempt))
                    attempt += 1
                    continue
                await self.handle_websocket_connection_error(error)
                return
            finally:
                self.connection = None
        await self.after_handle()

    async def opened(self) -> None:
        """Called right after every successful connect, before ``send_init_message``."""

    async def _run_init_message(self, connection: ClientConnection) -> None:
        try:
            await self.send_init_message()
        except ConnectionClosed:
            return  # the connection dropped: the receive loop handles that
        except Exception as error:  # noqa: BLE001 - handle_error decides (default: re-raise)
            try:
                await self.handle_error(error)
            except Exception as raised:  # noqa: BLE001 - ends handle() with this error
                self._init_error = raised
                await connection.close()

    async def _receive(self, data: str | bytes) -> None:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        try:
            obj = json.loads(text)
        except ValueError:
            await self.handle_raw_data(text)
            return
        await self._receive_json(obj)

    async def _receive_json(self, obj: Any) -> None:
        """A decoded frame: validated, then passed to ``handle_message``."""
        adapter = self.adapter()
        if adapter is None:
            await self.handle_invalid_message(obj)
            return
        try:
            message = adapter.validate_python(obj)
        except ValidationError:
            await self.handle_invalid_message(obj)
            return
        try:
            await self.handle_message(message)
        except Exception as error:  # noqa: BLE001 - handle_error decides (default: re-raise)
            try:
                await self.handle_error(error)
            except Exception as raised:
                raise _Escaped(raised) from raised

    async def send_message(self, message: OutgoingT) -> None:
        """Send a typed message as JSON (field aliases are used as the wire names)."""
        await self.send_json(message.model_dump(mode="json", by_alias=True))

    async def send_json(self, data: Any) -> None:
        await self.send_raw(json.dumps(data))

    async def send_raw(self, data: str | bytes) -> None:
        if self.connection is None:
            raise RuntimeError("Not connected to WebSocket server")
        await self.connection.send(data)

    async def disconnect(self, code: int = 1000, reason: str = "") -> None:
        """Close the connection; ``handle()`` then returns without reconnecting."""
        self._stopping = True
        if self.connection is not None:
            await self.connection.close(code, reason)

    # Hooks ---------------------------------------------------------------------------

    async def before_handle(self) -> None:
        """Called once before the first connection attempt."""

    async def send_init_message(self) -> None:
        """Called after every successful connect, in a task of its own (so it may await
        replies); send the first messages here."""

    async def handle_message(self, message: IncomingT) -> None:
        """Called with every validated incoming message."""

    async def handle_invalid_message(self, obj: Any) -> None:
        """Called with JSON that matches none of the channel's incoming messages."""
        print(f"Invalid message: {obj!r}")

    async def handle_raw_data(self, data: str) -> None:
        """Called with a frame that is not JSON."""

    async def handle_error(self, error: Exception) -> None:
        """Called when a message handler raised; re-raises by default."""
        raise error

    async def handle_websocket_connection_error(self, error: BaseException) -> None:
        """Called when connecting failed or the connection dropped (after retries)."""
        print(f"WebSocket connection error: {error!r}")

    async def after_handle(self) -> None:
        """Called after the connection was closed normally."""
