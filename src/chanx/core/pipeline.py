"""``FramePipeline``: every client frame's way through a consumer, in one place.

::

    receive ─► guard (binary, size, rate) ─► runner (concurrency cap)
            ─► decode (chanx.core.wire.codec) ─► topic frame? ─► the subscription's pipeline
            ─► handler (``receive_message``) ─► answer (``handle_result``) ─► ``complete``

The pipeline is built by its owner (a consumer, or a topic subscription) with the sender its
frames leave through. It calls the owner's public hooks where users may override them
(``receive_json``, ``handle_json``, ``receive_message``, ``handle_result``, the
``handle_*_error`` methods, ``send_message``), and runs the rest itself. What differs between
consumer classes (a JSON hook overridden, a default topic) is decided when the class is
created (``chanx.core.consumer_class``); the pipeline reads those per-class answers.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from chanx.core.connection.concurrency import FrameRunner
from chanx.core.connection.frame_guard import FrameGuard
from chanx.core.connection.log_budget import warn_limited
from chanx.core.envelope import current_ref
from chanx.core.wire import frame_log, frames
from chanx.core.wire.codec import (
    DecodedFrame,
    NoHandlersError,
    decode,
    is_unvalidated,
    validate_body,
)
from chanx.core.wire.frame_settings import FrameSettings, resolve_frame_settings
from chanx.core.wire.outbound import result_messages
from chanx.messages.base import BaseMessage
from chanx.messages.outgoing import ErrorMessage
from chanx.observability import state as observability_state

_Hook = TypeVar("_Hook", bound=Callable[..., Any])

_FORWARDS = "_chanx_forwards_to_pipeline"


def forwards_to_pipeline(hook: _Hook) -> _Hook:
    """Mark a consumer hook whose default only hands over to the pipeline: while an owner
    keeps it, the pipeline calls its own step directly (one coroutine less per frame)."""
    setattr(hook, _FORWARDS, True)
    return hook


def keeps_forwarding_default(owner: Any, name: str) -> bool:
    """Whether ``owner`` (class and instance) keeps the forwarding default of hook ``name``."""
    return name not in owner.__dict__ and getattr(getattr(type(owner), name), _FORWARDS, False)


def _step(owner: Any, name: str, own: Callable[..., Any]) -> Callable[..., Any]:
    """``own`` while ``owner`` keeps the forwarding default of hook ``name``, else its hook."""
    if keeps_forwarding_default(owner, name):
        return own
    hook: Callable[..., Any] = getattr(owner, name)
    return hook


class FramePipeline:
    """Receives, decodes, routes and answers the frames of one owner."""

    __slots__ = ("_answer", "_handle_message", "_owner", "guard", "runner", "sender")

    def __init__(self, owner: Any, sender: Any, guard: FrameGuard | None = None) -> None:
        self._owner = owner
        # The owner's ``receive_message`` and ``handle_result``, or this pipeline's own steps
        # when the owner keeps the defaults (which only forward here).
        self._handle_message = _step(owner, "receive_message", self.dispatch)
        self._answer = _step(owner, "handle_result", self.answer)
        # Every reply, error frame and ``complete`` of this owner leaves through ``sender``.
        self.sender = sender
        self.runner = FrameRunner()
        self.guard = guard

    # -- receiving -----------------------------------------------------------------------------
    async def receive(self, text: str | None, data: bytes | None, kwargs: dict[str, Any]) -> None:
        """One frame from the socket: refused by the guard, or handled within the cap."""
        owner = self._owner
        if owner._closed_for_frames:
            return
        settings = resolve_frame_settings(owner)
        runner = self.runner
        guard = self.guard
        refusal = guard.refusal(text, settings) if guard is not None else None
        if refusal is not None:
            await runner.run(self._refuse(refusal, settings), 1)
        elif owner._json_hooks_in:
            await self._receive_through_hooks(text or "", kwargs)
        elif runner.starts_now(settings.max_concurrent_messages):
            runner.start(self.handle(text, settings))  # no coroutine between
        else:
            await runner.run(self.handle(text, settings), settings.max_concurrent_messages)

    async def _receive_through_hooks(self, text: str, kwargs: dict[str, Any]) -> None:
        owner = self._owner
        try:
            content = await owner.decode_json(text)
        except (ValueError, RecursionError):
            await self.runner.run(self.handle(text, resolve_frame_settings(owner)), 1)
            return
        await owner.receive_json(content, **kwargs)

    async def schedule(self, content: Any, kwargs: dict[str, Any]) -> None:
        """``receive_json``: run the owner's ``handle_json`` within the concurrency cap."""
        owner = self._owner
        if owner._closed_for_frames:
            return
        limit = resolve_frame_settings(owner).max_concurrent_messages
        await self.runner.run(owner.handle_json(content, **kwargs), limit)

    # -- one frame -----------------------------------------------------------------------------
    async def handle(self, raw: Any, settings: FrameSettings) -> None:
        """Decode, route and answer one frame; ``complete`` follows whatever happened.

        A frame addressed to a topic is answered by the topic: its completion follows the
        topic's setting, not this owner's.
        """
        owner = self._owner
        ref_token = None
        log_tokens = None
        completes = settings.send_completion
        observer = observability_state.active
        observed = observer.frame(owner, raw) if observer is not None else None
        message: BaseMessage | None = None
        try:
            routes_all = owner._routes_all_frames
            decoded = decode(
                raw, owner._handler_table, camelize=settings.camelize, defer_all=routes_all
            )
            if isinstance(decoded, DecodedFrame):
                frame = decoded
                if frame.ref is not None:
                    ref_token = current_ref.set(frame.ref)
                elif frame.problem == "bad_envelope":
                    completes = False  # refused before it reached anything that completes
                if is_unvalidated(frame) and (frame.topic is not None or routes_all):
                    completes = False
                    if observed is not None:
                        observed.topic_frame(frame)
                    await owner.topic_router.handle_frame(frame)
                    return
                if settings.log:
                    action = frame.action
                    if frame.message is not None:
                        action = getattr(frame.message, owner.discriminator_field, action)
                    log_tokens = self._log_received(action)
                message = await self._route_decoded(frame)
            else:
                message = decoded
                if settings.log:
                    action = getattr(message, owner.discriminator_field, None)
                    log_tokens = self._log_received(action)
            if message is not None:
                await self._handle_message(message)
        except Exception as exc:
            if observer is not None:
                observer.frame_error(owner, "processing_error")
            await owner.handle_json_processing_error(exc)
        finally:
            if completes:
                await self.sender.fixed(frames.COMPLETE_TEXT)
            if log_tokens is not None:
                frame_log.unbind(log_tokens)
            if observed is not None:
                observed.end(message)
            if ref_token is not None:
                current_ref.reset(ref_token)

    async def handle_topic_frame(self, frame: DecodedFrame) -> None:
        """A frame addressed to a topic subscription (the owner): validate, handle, answer.

        A class that replaces ``handle_json`` gets the frame's fields through it.
        """
        owner = self._owner
        if owner._json_hooks_in:
            await owner.handle_json(frame.fields())
            return
        table = owner._handler_table
        if table.message_validator is None:
            await owner.handle_json_processing_error(NoHandlersError("no message handlers"))
            return
        try:
            frame = validate_body(table, frame)
            if frame.message is not None:
                await self._handle_message(frame.message)
            elif frame.error is not None:
                await owner.handle_validation_error(frame.error)
        except Exception as exc:
            await owner.handle_json_processing_error(exc)
        finally:
            if owner.should_send_completion:
                await self.sender.fixed(frames.COMPLETE_TEXT)

    def _log_received(self, action: Any) -> Any:
        tokens = frame_log.bind_received(action)
        if action not in self._owner.all_log_ignored_actions:
            frame_log.log_received()
        return tokens

    async def _route_decoded(self, frame: DecodedFrame) -> BaseMessage | None:
        """The message of a decoded frame, or ``None`` once a bad frame was answered."""
        owner = self._owner
        if is_unvalidated(frame):
            frame = validate_body(owner._handler_table, frame)
        if frame.message is not None:
            return frame.message
        if frame.error is not None:
            if observability_state.active is not None:
                observability_state.active.frame_error(owner, "validation_error", frame.action)
            await owner.handle_validation_error(frame.error)
        elif frame.problem == "not_object":
            await owner.send_message(ErrorMessage(payload=frames.NOT_AN_OBJECT_ERRORS))
        else:
            await warn_limited(owner, "Undecodable websocket frame")
            await owner.send_message(
                ErrorMessage(payload={"detail": frames.PROCESSING_FAILED_DETAIL})
            )
        return None

    async def _refuse(self, detail: str, settings: FrameSettings) -> None:
        owner = self._owner
        if observability_state.active is not None:
            observability_state.active.frame_refused(owner, detail)
        await warn_limited(owner, "Websocket frame rejected", detail=detail)
        await owner.send_message(ErrorMessage(payload={"detail": detail}))
        if settings.send_completion:
            await self.sender.fixed(frames.COMPLETE_TEXT)

    # -- handlers and their answers ------------------------------------------------------------
    async def dispatch(self, message: BaseMessage) -> None:
        """``receive_message``: call the ws handler for ``message``, send what it returns."""
        owner = self._owner
        table = owner._handler_table
        method_name = table.message_methods.get(type(message))
        if method_name is None:
            action = getattr(message, owner.discriminator_field, None)
            method_name = table.message_infos[str(action)]["method_name"]
        try:
            result = await getattr(owner, method_name)(message)
            if result is not None:
                await self._answer(result)
        except Exception as exc:
            if observability_state.active is not None:
                observability_state.active.frame_error(owner, "handler_error", message=message)
            action = getattr(message, owner.discriminator_field, None)
            await owner.handle_message_handler_error(exc, str(action), message)

    async def answer(self, result: Any) -> None:
        """``handle_result``: one message, or a list/tuple of messages, in order."""
        owner = self._owner
        sender = self.sender
        if isinstance(result, BaseMessage) and not owner._send_message_hooked:
            # One reply, and it ends the frame: no flush yield after it.
            await sender.message(result, flush=False)
            return
        items = result_messages(result)
        if owner._send_message_hooked:
            for item in items:
                await owner.send_message(item)
            return
        for item in items[:-1]:
            await sender.message(item, flush=True)
        if items:
            # The frame ends right after its last reply: no flush yield needed for it.
            await sender.message(items[-1], flush=False)

    async def cancel_all(self) -> None:
        """Cancel and await every frame still running (the connection is ending)."""
        await self.runner.cancel_all()

    def busy(self) -> bool:
        """Whether a frame started by this pipeline is still running."""
        return self.runner.inflight > 0


__all__ = ["FramePipeline", "forwards_to_pipeline", "keeps_forwarding_default"]
