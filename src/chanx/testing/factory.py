"""``CommunicatorFactory``: connect communicators, and always disconnect them afterwards."""

from importlib import import_module
from typing import Any, TypedDict, Unpack

from chanx.testing.context import AsyncContext

# Adapter module of a consumer base -> testing module holding its communicator.
_TESTING_MODULES = {
    "chanx.channels.websocket": "chanx.channels.testing",
    "chanx.fast_channels.websocket": "chanx.fast_channels.testing",
}


def communicator_class_for(consumer: type[Any] | None) -> type[Any]:
    """The communicator matching ``consumer``'s framework adapter (else the env-selected one)."""
    for klass in getattr(consumer, "__mro__", ()):
        module_name = _TESTING_MODULES.get(klass.__module__)
        if module_name is not None:
            found: type[Any] = import_module(module_name).WebsocketCommunicator
            return found
    from chanx.testing import WebsocketCommunicator

    return WebsocketCommunicator


class CommunicatorOptions(TypedDict, total=False):
    """Keyword options of ``CommunicatorFactory.create`` (and of calling the factory)."""

    # The consumer class behind an application target (required then).
    consumer: type[Any] | None
    headers: list[tuple[bytes, bytes]] | None
    subprotocols: list[str] | None
    # Expect ``complete`` frames (default: the factory's ``completion``).
    completion: bool | None
    # Default: the communicator of the consumer's framework adapter.
    communicator_class: type[Any] | None


def _is_consumer_class(target: Any) -> bool:
    return isinstance(target, type) and hasattr(target, "as_asgi")


class CommunicatorFactory(AsyncContext):
    """Create connected communicators; ``close_all()`` (or leaving ``async with``) disconnects.

    ``await factory(ConsumerClass)`` serves the consumer directly; ``await factory(app, path,
    consumer=ConsumerClass)`` goes through a router, middleware stack or FastAPI app.
    """

    def __init__(self, *, completion: bool = False) -> None:
        self.completion = completion
        self.communicators: list[Any] = []

    async def __call__(
        self,
        target: Any,
        path: str = "/",
        *,
        connect: bool = True,
        timeout: float = 1,
        **options: Unpack[CommunicatorOptions],
    ) -> Any:
        """A communicator for ``target``, connected (and asserted accepted) unless ``connect=False``."""
        communicator = self.create(target, path, **options)
        if connect:
            accepted, detail = await communicator.connect(timeout)
            assert accepted, (
                f"{communicator.consumer.__name__} refused the connection to {path!r} "
                f"(close code {detail})"
            )
        return communicator

    def create(self, target: Any, path: str = "/", **options: Unpack[CommunicatorOptions]) -> Any:
        """A new, unconnected communicator for ``target``, tracked for ``close_all()``."""
        unknown = options.keys() - CommunicatorOptions.__optional_keys__
        if unknown:
            raise TypeError(f"create() got unexpected keyword arguments {sorted(unknown)}")
        consumer = options.get("consumer")
        if _is_consumer_class(target):
            application = target.as_asgi()
            consumer = consumer or target
        else:
            application = target
            if consumer is None:
                raise ValueError(
                    "consumer= is required when the target is an application, not a consumer class"
                )
        cls = options.get("communicator_class") or communicator_class_for(consumer)
        completion = options.get("completion")
        communicator = cls(
            application,
            path,
            options.get("headers"),
            options.get("subprotocols"),
            consumer=consumer,
            completion=self.completion if completion is None else completion,
        )
        self.communicators.append(communicator)
        return communicator

    async def close_all(self) -> None:
        """Disconnect every communicator not yet disconnected; re-raise the first app error."""
        errors: list[BaseException] = []
        for communicator in reversed(self.communicators):
            if communicator.is_disconnected:
                continue
            try:
                await communicator.disconnect()
            except Exception as exc:
                errors.append(exc)
        self.communicators.clear()
        if errors:
            raise errors[0]

    async def aclose(self, exc: BaseException | None = None) -> None:
        """``close_all()``; its error is re-raised only when the block itself did not raise."""
        try:
            await self.close_all()
        except Exception:
            if exc is None:
                raise
