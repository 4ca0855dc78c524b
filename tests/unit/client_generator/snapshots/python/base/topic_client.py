"""Topics over one connection: ``BaseTopicConnection`` and typed ``BaseTopicHandle`` s.

Copied into every generated client package next to ``client.py`` (yours to edit). A
connection subscribes topic handles; each handle sends frames addressed to its topic,
``request()`` waits for the reply carrying the same ``ref``, listeners receive what the
server pushes on the topic, and every subscription is renewed after a reconnect.

Two ways to use it: ``await connection.subscribe(Handle, {"pk": 5})`` (the handle,
subscribed; a refusal raises ``TopicError``), or
``handle = connection.topic(Handle, pk=5)`` then ``await handle.subscribe()`` (the
reply, as a message). ``async with connection:``
opens it and runs its receive loop until the block ends.
A history topic's handle remembers the last ``offset`` and the ``epoch`` it saw and
renews with ``since``, so what was missed while disconnected arrives first
(``recovered``); a presence topic's handle has ``presence()`` and join/leave listeners.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from .client import BaseClient, _incoming_adapter

ENVELOPE_VERSION = 1
ENVELOPE_FIELDS = frozenset(
    {"version", "topic", "ref", "seq", "offset", "epoch", "recovered"}
)
PRESENCE_CHANGES = ("presence_join", "presence_leave")
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

IncomingT = TypeVar("IncomingT")
OutgoingT = TypeVar("OutgoingT", bound=BaseModel)
HandleT = TypeVar("HandleT", bound="BaseTopicHandle[Any, Any]")
Listener = Callable[[IncomingT], Awaitable[None] | None]


class ProtocolMessage(BaseModel):
    """Any frame with its envelope keys (``version``, ``topic``, ``ref``, ``seq``)."""

    model_config = ConfigDict(extra="allow")

    action: str
    payload: Any = None
    version: int | None = None
    topic: str | None = None
    ref: str | None = None
    seq: int | None = None


class PresenceMember(BaseModel):
    """A subscriber of a presence topic: its connection id and its info."""

    id: str
    info: dict[str, Any] = {}


class TopicError(Exception):
    """The server answered a topic request with an error frame."""

    def __init__(self, frame: dict[str, Any]) -> None:
        payload = frame.get("payload")
        self.frame = frame
        self.reason = payload.get("reason") if isinstance(payload, dict) else None
        detail = payload.get("detail") if isinstance(payload, dict) else payload
        super().__init__(f"{self.reason or 'error'}: {detail}")


class BaseTopicHandle(Generic[IncomingT, OutgoingT]):
    """One topic on a connection: typed sends, requests and listeners.

    ``Handle(connection, **params)`` addresses the topic ``pattern`` filled with
    ``params`` (``connection.topic(Handle, **params)`` also registers it for pushes).
    Generated subclasses set ``pattern``, ``parameters`` and ``incoming_message``.
    """

    pattern: ClassVar[str] = ""
    parameters: ClassVar[tuple[str, ...]] = ()
    incoming_adapter: ClassVar[TypeAdapter[Any] | None] = None
    # The union of the topic's incoming messages (when ``incoming_adapter`` is unset).
    incoming_message: ClassVar[Any] = None
    _built_adapter: ClassVar[TypeAdapter[Any] | None] = None

    def __init__(
        self, connection: BaseTopicConnection[Any, Any], /, **params: object
    ) -> None:
        self.connection = connection
        self.params: dict[str, object] = params
        self.topic = self.topic_for(params)
        # True between a subscription the server accepted and an unsubscribe: such
        # handles are subscribed again after a reconnect.
        self.subscribed = False
        self._listeners: list[Listener[IncomingT]] = []
        # History topics: where this client's copy stands (``since`` on renewal), and
        # whether the last renewal recovered everything missed (``None``: not renewed).
        self.offset: int | None = None
        self.epoch: str | None = None
        self.recovered: bool | None = None
        self._presence_listeners: dict[str, list[Listener[PresenceMember]]] = {
            change: [] for change in PRESENCE_CHANGES
        }

    @classmethod
    def parameter_names(cls) -> tuple[str, ...]:
        """``parameters``, else the ``{name}`` placeholders of ``pattern``."""
        return cls.parameters or tuple(dict.fromkeys(_PARAM.findall(cls.pattern)))

    @classmethod
    def topic_for(cls, params: Mapping[str, object] | None = None) -> str:
        """The topic string of ``params`` (``{"pk": 5}`` → ``discussion:5``)."""
        given = dict(params or {})
        missing = [name for name in cls.parameter_names() if name not in given]
        if missing:
            raise ValueError(f"Missing topic parameters for {cls.pattern!r}: {missing}")
        return _PARAM.sub(lambda m: str(given[m.group(1)]), cls.pattern)

    @classmethod
    def adapter(cls) -> TypeAdapter[Any] | None:
        """Validates frames: ``incoming_adapter``, else ``incoming_message``."""
        return _incoming_adapter(cls)

    async def send_message(
        self, message: OutgoingT, *, ref: str | None = None
    ) -> str | None:
        """Send ``message`` on this topic (``ref`` if given); returns that ``ref``."""
        data = message.model_dump(mode="json", by_alias=True)
        await self.connection.send_topic(self.topic, data, ref=ref)
        return ref

    async def request(
        self, message: OutgoingT, *, timeout: float = 10.0, raise_on_error: bool = False
    ) -> Any:
        """Send ``message`` with a new ``ref``; the reply carrying it, as a message.

        The reply is validated as one of the topic's incoming messages, else it is a
        ``ProtocolMessage`` (so an error reply is returned, with action ``"error"``).
        With ``raise_on_error=True`` an error reply raises ``TopicError`` instead.
        """
        data = message.model_dump(mode="json", by_alias=True)
        frame = await self.connection.request(self.topic, data, timeout=timeout)
        if raise_on_error and frame.get(self.connection.discriminator_field) == "error":
            raise TopicError(frame)
        return self.parse_reply(frame)

    async def subscribe(self, *, timeout: float = 10.0) -> Any:
        """Subscribe (the handle then gets the pushes); the reply, as a message."""
        self.connection.topics[self.topic] = self
        frame = await self.connection.request(
            self.topic,
            {self.connection.discriminator_field: "subscribe"},
            timeout=timeout,
        )
        if frame.get(self.connection.discriminator_field) != "error":
            self.subscribed = True
            self.note_position(frame)
        return self.parse_reply(frame)

    async def unsubscribe(self, *, timeout: float = 10.0) -> Any:
        """Leave the topic (listeners stop receiving); the reply, as a message."""
        self.subscribed = False
        if self.connection.topics.get(self.topic) is self:
            del self.connection.topics[self.topic]
        frame = await self.connection.request(
            self.topic,
            {self.connection.discriminator_field: "unsubscribe"},
            timeout=timeout,
        )
        return self.parse_reply(frame)

    def parse_reply(self, frame: dict[str, Any]) -> Any:
        """A reply as one of the incoming messages, else a ``ProtocolMessage``."""
        try:
            return self.parse(frame)
        except (ValidationError, ValueError):
            return ProtocolMessage.model_validate(frame)

    async def handle_invalid_message(self, frame: dict[str, Any]) -> None:
        """A frame matching none of the messages (default: the connection's hook)."""
        await self.connection.handle_invalid_message(frame)

    def on(self, listener: Listener[IncomingT]) -> Callable[[], None]:
        """Call ``listener`` with each message pushed here; returns a remover."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def on_join(self, listener: Listener[PresenceMember]) -> Callable[[], None]:
        """Call ``listener`` when a connection subscribes (presence pushes)."""
        self._presence_listeners["presence_join"].append(listener)
        return lambda: self._presence_listeners["presence_join"].remove(listener)

    def on_leave(self, listener: Listener[PresenceMember]) -> Callable[[], None]:
        """Call ``listener`` when a subscriber leaves or its server process died."""
        self._presence_listeners["presence_leave"].append(listener)
        return lambda: self._presence_listeners["presence_leave"].remove(listener)

    async def presence(self, *, timeout: float = 10.0) -> list[PresenceMember]:
        """Every subscriber of this topic, on every server process."""
        frame = await self.connection.request_frame(
            {"action": "presence"}, topic=self.topic, timeout=timeout
        )
        members = (frame.get("payload") or {}).get("members", [])
        return [PresenceMember.model_validate(member) for member in members]

    @property
    def since(self) -> dict[str, Any] | None:
        """``{"offset", "epoch"}`` to recover from (``None`` before a history reply)."""
        if self.offset is None or self.epoch is None:
            return None
        return {"offset": self.offset, "epoch": self.epoch}

    def note_position(self, frame: dict[str, Any]) -> None:
        """Remember the ``epoch``/``offset`` a reply or push carries.

        Within one epoch the offset only moves forward: a push handled before its
        ``subscribed`` reply keeps its (later) offset. A reply that says
        ``recovered: true`` leaves the offset alone, because the missed publications
        follow it and move it themselves (a drop mid-recovery then asks for the rest).
        """
        epoch, offset = frame.get("epoch"), frame.get("offset")
        recovered = frame.get("recovered")
        if isinstance(recovered, bool):
            self.recovered = recovered
        if isinstance(epoch, str) and epoch != self.epoch:
            self.epoch = epoch  # a new history: its position is the one to keep
            if isinstance(offset, int):
                self.offset = offset
            return
        if recovered is True or not isinstance(offset, int):
            return
        if self.offset is None or offset > self.offset:
            self.offset = offset

    async def handle_recovery_lost(self) -> None:
        """After a reconnect, the server could not send all that was missed."""

    def parse(self, frame: dict[str, Any]) -> IncomingT:
        """Validate a frame of this topic (envelope keys dropped)."""
        adapter = self.adapter()
        if adapter is None:
            raise ValueError(f"{type(self).__name__} has no incoming messages")
        plain = {k: v for k, v in frame.items() if k not in ENVELOPE_FIELDS}
        message: IncomingT = adapter.validate_python(plain)
        return message

    async def dispatch(self, frame: dict[str, Any]) -> None:
        """A pushed frame: validated, then ``handle_message`` and the listeners."""
        self.note_position(frame)
        change = frame.get("action")
        if change in PRESENCE_CHANGES:
            member = PresenceMember.model_validate(frame.get("payload") or {})
            for presence_listener in list(self._presence_listeners[str(change)]):
                result = presence_listener(member)
                if inspect.isawaitable(result):
                    await result
            return
        try:
            message = self.parse(frame)
        except (ValidationError, ValueError):
            await self.handle_invalid_message(frame)
            return
        await self.handle_message(message)
        for listener in list(self._listeners):
            result = listener(message)
            if inspect.isawaitable(result):
                await result

    async def handle_message(self, message: IncomingT) -> None:
        """Called with every message pushed on this topic; generated ``on_*`` hooks."""


class BaseTopicConnection(BaseClient[IncomingT, OutgoingT]):
    """A ``BaseClient`` that multiplexes topics and correlates requests by ``ref``.

    Run ``handle()`` in a task and ``await wait_connected()`` (or ``async with`` the
    connection), then subscribe handles. Frames are dispatched in this order: a reply to
    a pending request resolves it; a frame with a ``topic`` goes to that topic's handle
    (none: dropped); any other frame is the connection's own (``dispatch_frame``).
    """

    def __init__(self, base_url: str, /, *args: Any, **kwargs: Any) -> None:
        super().__init__(base_url, *args, **kwargs)
        self.topics: dict[str, BaseTopicHandle[Any, Any]] = {}
        self._pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._refs = itertools.count(1)
        # Subscriptions being renewed after a reconnect: ref -> topic.
        self._renewals: dict[str, str] = {}
        self._connected = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None

    @property
    def handles(self) -> dict[str, BaseTopicHandle[Any, Any]]:
        """The registered handles by topic string (the same mapping as ``topics``)."""
        return self.topics

    def next_ref(self) -> str:
        """A fresh ``ref`` for a request on this connection: ``"1"``, ``"2"``, ..."""
        return str(next(self._refs))

    async def wait_connected(self, timeout: float = 10.0) -> None:
        """Wait until the connection is open (and subscriptions were renewed)."""
        await asyncio.wait_for(self._connected.wait(), timeout)

    def topic(self, handle_class: type[HandleT], **params: object) -> HandleT:
        """A handle for the topic ``params`` name, registered for pushes."""
        handle = handle_class(self, **params)
        self.topics[handle.topic] = handle
        return handle

    async def subscribe(
        self,
        handle_class: type[HandleT],
        params: Mapping[str, object] | None = None,
        *,
        timeout: float = 10.0,
    ) -> HandleT:
        """Subscribe the topic ``params`` names; its handle (TopicError: refused)."""
        handle = handle_class(self, **dict(params or {}))
        topic = handle.topic
        self.topics[topic] = handle  # first: the pushes right after the reply find it
        try:
            reply = await self.request_frame(
                {"action": "subscribe"}, topic=topic, timeout=timeout
            )
        except BaseException:
            self.topics.pop(topic, None)
            raise
        handle.subscribed = True
        handle.note_position(reply)
        return handle

    async def unsubscribe(
        self, handle: BaseTopicHandle[Any, Any], *, timeout: float = 10.0
    ) -> None:
        """Leave ``handle``'s topic."""
        handle.subscribed = False
        self.topics.pop(handle.topic, None)
        await self.request_frame(
            {"action": "unsubscribe"}, topic=handle.topic, timeout=timeout
        )

    async def resubscribe(self, *, timeout: float = 10.0) -> None:
        """Subscribe every registered handle again, one after another."""
        for handle in list(self.topics.values()):
            await handle.subscribe(timeout=timeout)

    async def send_topic(
        self, topic: str, data: Mapping[str, Any], ref: str | None = None
    ) -> None:
        """Send a copy of ``data`` with ``version``, ``topic`` (``ref`` if given)."""
        frame = dict(data)
        frame["version"] = ENVELOPE_VERSION
        frame["topic"] = topic
        if ref is not None:
            frame["ref"] = ref
        await self.send_json(frame)

    async def request(
        self, topic: str | None, data: Mapping[str, Any], timeout: float = 10.0
    ) -> dict[str, Any]:
        """Send ``data`` on ``topic`` with a new ``ref``; the first frame carrying it.

        ``TimeoutError`` when none arrives within ``timeout`` seconds.
        """
        ref = self.next_ref()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[dict[str, Any]] = loop.create_future()
        self._pending[ref] = future
        try:
            if topic is None:
                await self.send_json({**data, "version": ENVELOPE_VERSION, "ref": ref})
            else:
                await self.send_topic(topic, data, ref=ref)
            return await asyncio.wait_for(future, timeout)
        finally:
            self._pending.pop(ref, None)

    async def request_frame(
        self, frame: dict[str, Any], *, topic: str | None = None, timeout: float = 10.0
    ) -> dict[str, Any]:
        """Like ``request``, but an error reply raises ``TopicError``."""
        reply = await self.request(topic, frame, timeout=timeout)
        if reply.get(self.discriminator_field) == "error":
            raise TopicError(reply)
        return reply

    async def opened(self) -> None:
        """After every (re)connect: renew the subscriptions (replies not awaited)."""
        self._renewals.clear()
        for topic, handle in list(self.topics.items()):
            if not handle.subscribed:
                continue
            ref = self.next_ref()
            self._renewals[ref] = topic
            frame: dict[str, Any] = {
                self.discriminator_field: "subscribe",
                "version": ENVELOPE_VERSION,
                "topic": topic,
                "ref": ref,
            }
            since = handle.since
            if since is not None:  # a history topic: ask for what was missed
                frame["since"] = since
            await self.send_json(frame)
        self._connected.set()

    async def _receive_json(self, frame: Any) -> None:
        """Route a decoded frame: a reply to a pending request or to a renewal, a
        topic's frame to its handle, any other to ``dispatch_frame``."""
        if not isinstance(frame, dict):
            await self.handle_invalid_message(frame)
            return
        action = frame.get(self.discriminator_field)
        raw_ref = frame.get("ref")
        ref = None if raw_ref is None else str(raw_ref)
        completion = action in ("complete", "event_complete", "group_complete")
        if ref is not None and ref in self._pending:
            if not completion:
                future = self._pending.pop(ref)
                if not future.done():
                    future.set_result(frame)
            return
        if completion and (ref is not None or "topic" in frame):
            return
        if ref is not None and ref in self._renewals:
            renewed = self._renewals.pop(ref)
            if action == "error":
                self.topics.pop(renewed, None)
                await self.handle_renewal_error(renewed, TopicError(frame))
            elif renewed in self.topics:
                renewed_handle = self.topics[renewed]
                renewed_handle.note_position(frame)
                if frame.get("recovered") is False:
                    await renewed_handle.handle_recovery_lost()
            return
        topic = frame.get("topic")
        if isinstance(topic, str):
            handle = self.topics.get(topic)
            if handle is not None:
                await handle.dispatch(frame)
            return
        await self.dispatch_frame(frame)

    async def dispatch_frame(self, frame: dict[str, Any]) -> None:
        """A frame without ``topic``: validated, then ``handle_message``."""
        await super()._receive_json(frame)

    async def handle_renewal_error(self, topic: str, error: TopicError) -> None:
        """A subscription was refused after a reconnect (its handle is dropped)."""

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self._connected.clear()
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ConnectionError("Connection closed"))

    async def __aenter__(self) -> Self:
        """Connect and run the receive loop in a task until the block ends."""
        runner = asyncio.create_task(self.handle())
        self._runner = runner
        connected = asyncio.create_task(self._connected.wait())
        done, _ = await asyncio.wait(
            {runner, connected},
            timeout=self.open_timeout,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if connected in done:
            return self
        connected.cancel()
        if runner in done:
            runner.result()  # re-raises what ended it
            raise ConnectionError(f"Could not connect to {self.url}")
        await self.__aexit__(None, None, None)
        raise TimeoutError(
            f"Could not connect to {self.url} within {self.open_timeout} s"
        )

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the connection and wait for the receive loop to end."""
        await self.disconnect()
        runner, self._runner = self._runner, None
        if runner is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(runner, self.open_timeout)
