"""Serving one connection over ASGI: the socket and the channel layer, one dispatch loop."""

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from chanx.core.connection.dispatch_loop import DispatchLoop, serve_consumer
from chanx.core.connection.layer_watch import watch_layer
from chanx.core.connection.origins import refuse_foreign_origin
from chanx.core.connection.resilience import resilient_receive
from chanx.core.consumer_settings import ConsumerSettings
from chanx.core.pipeline import keeps_forwarding_default
from chanx.observability import state as observability_state

# ASGI scope extension of an in-process test client: an object whose ``attach(consumer)``
# the consumer calls when it starts, so the client can ask ``has_work_in_flight()``.
ACTIVITY_SCOPE_EXTENSION = "chanx.activity"

# The keyword arguments of a frame the dispatch loop hands over (never written to).
_NO_KWARGS: dict[str, Any] = {}


class ServedConnection(ConsumerSettings):
    """The ASGI entry point of a chanx consumer and what its dispatch loop reads."""

    _pipeline: Any
    dispatch_loop: DispatchLoop | None

    if TYPE_CHECKING:  # defined by the consumer class

        async def receive(
            self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
        ) -> None: ...

        def member_groups(self) -> list[str]: ...

    def _write_text(self, text: str) -> Awaitable[None]:
        """Write ``text`` as one frame: the framework's ``send(text_data=...)``, or straight to
        the ASGI send it ends in while the class and the instance keep the framework's ``send``."""
        cls = type(self)
        plain = cls._plain_send
        if plain is not None and cls.send is plain and "send" not in self.__dict__:  # type: ignore[attr-defined]
            return self.base_send({"type": "websocket.send", "text": text})  # type: ignore[attr-defined,no-any-return]
        return self.send(text_data=text)  # type: ignore[attr-defined,no-any-return]

    # -- channel layer: survive an outage (Redis restart) of an out-of-process layer -----------
    @property
    def channel_receive(self) -> Callable[[], Awaitable[Any]]:
        return self._channel_receive

    @channel_receive.setter
    def channel_receive(self, raw: Callable[[], Awaitable[Any]]) -> None:
        layer = getattr(self, "channel_layer", None)
        if isinstance(layer, self.chanx_adapter.in_process_layer_types):
            self._channel_receive = raw
        else:
            self._channel_receive = resilient_receive(self, raw)
            watch_layer(self)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """ASGI entry point: the socket and the channel layer, served by one dispatch loop."""
        adapter = self.chanx_adapter
        adapter.before_serving(self)
        if await refuse_foreign_origin(self, scope, receive, send):
            return  # closed before accept: the server answers HTTP 403
        activity = (scope.get("extensions") or {}).get(ACTIVITY_SCOPE_EXTENSION)
        if activity is not None:
            activity.attach(self)
        try:
            if not adapter.serves_connections:
                # Combined with a framework by hand: that framework's own loop serves it.
                await super().__call__(scope, receive, send)  # type: ignore[misc]
            else:
                await serve_consumer(
                    self,
                    scope,
                    receive,
                    send,
                    dispatch=self._loop_dispatch(),
                    stop=adapter.stop_exceptions,
                    busy=self._pipeline.busy,
                )
        finally:
            # No frame task outlives its connection, however the application ended.
            await self._pipeline.cancel_all()

    def _loop_dispatch(self) -> Callable[[Any], Awaitable[None]]:
        """What the dispatch loop calls with each message: frames go straight to ``receive``.

        The framework's ``dispatch`` → ``websocket_receive`` → ``receive`` chain does nothing
        else for a frame (the Django adapter's ``before_frame`` keeps its database
        clean-up); a class or instance that replaces either hook gets the full chain.
        """
        framework_dispatch = self.dispatch  # type: ignore[attr-defined]
        if observability_state.active is not None:  # connect, disconnect, layer messages
            framework_dispatch = observability_state.active.dispatcher(self, framework_dispatch)
        before_frame = self.chanx_adapter.before_frame
        if not self._frames_direct or {"dispatch", "websocket_receive"} & self.__dict__.keys():
            return framework_dispatch  # type: ignore[no-any-return]

        receive = self._pipeline_receive()

        async def dispatch(message: Any) -> None:
            if message["type"] != "websocket.receive":
                await framework_dispatch(message)
                return
            before = before_frame()
            if before is not None:
                await before
            text = message.get("text")
            if text is not None:
                await receive(text, None, _NO_KWARGS)
            else:
                await receive(None, message["bytes"], _NO_KWARGS)

        return dispatch

    def _pipeline_receive(self) -> Callable[[str | None, bytes | None, dict[str, Any]], Any]:
        """The pipeline's ``receive`` while the consumer keeps the forwarding default of its
        own, else a call of the consumer's ``receive``."""
        if keeps_forwarding_default(self, "receive"):
            pipeline_receive: Callable[..., Any] = self._pipeline.receive
            return pipeline_receive
        consumer_receive = self.receive

        def call_receive(text: str | None, data: bytes | None, kwargs: dict[str, Any]) -> Any:
            if text is not None:
                return consumer_receive(text_data=text)
            return consumer_receive(bytes_data=data)

        return call_receive

    def has_work_in_flight(self) -> bool:
        """Whether a frame or channel message of this connection is still being handled."""
        loop = self.dispatch_loop
        return self._pipeline.busy() or (loop is not None and loop.held_messages > 0)
