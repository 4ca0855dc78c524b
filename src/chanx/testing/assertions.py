"""Assertions in the spirit of Phoenix's ChannelTest.

* ``assert_message_pushed`` waits (bounded) for a matching message and returns it, leaving
  other frames queued for later helpers, in arrival order (selective receive);
* ``assert_no_message`` checks that nothing but completion frames arrives (short wait);
* ``assert_broadcast`` checks what ``capture_broadcast_events`` recorded for a group.

Every failure is an ``AssertionError`` that says what happened and lists what did arrive.
The same helpers exist as communicator methods.
"""

import asyncio
import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from chanx.constants import COMPLETE_ACTIONS
from chanx.messages.base import BaseMessage
from chanx.testing.errors import ApplicationEnded
from chanx.testing.inbox import frames_within
from chanx.testing.matching import UNSET, Expectation, show, show_frames

if TYPE_CHECKING:
    from chanx.testing.capture import CapturedBroadcastEvent
    from chanx.testing.communicator import ChanxCommunicatorMixin

__all__ = [
    "UNSET",
    "assert_broadcast",
    "assert_message_pushed",
    "assert_no_broadcast",
    "assert_no_message",
]


def check_usable(communicator: "ChanxCommunicatorMixin") -> None:
    """Fail clearly when the communicator cannot receive anything."""
    communicator.check_usable()


async def _next_decoded(
    communicator: "ChanxCommunicatorMixin", waiting_for: str, seen: list[Any]
) -> dict[str, Any]:
    """The next text frame from the application, or a readable ``AssertionError``."""
    try:
        event = await communicator.next_event()
    except ApplicationEnded:
        raise AssertionError(
            f"The application finished while waiting for {waiting_for}.\n"
            f"Received before it finished:\n{show_frames(seen)}"
        ) from None
    except (AssertionError, TimeoutError):
        raise
    except asyncio.CancelledError:
        if communicator.future.done() and communicator.future.cancelled():
            raise AssertionError(
                f"The application was cancelled while waiting for {waiting_for} (an earlier "
                "receive_json_from/receive_output timed out?)"
            ) from None
        raise
    except Exception as exc:
        raise AssertionError(
            f"The application raised {exc!r} while waiting for {waiting_for}.\n"
            f"Received before:\n{show_frames(seen)}"
        ) from exc
    if event["type"] == "websocket.close":
        code = event.get("code", 1000)
        reason = event.get("reason")
        detail = f"code {code}" + (f", reason {reason!r}" if reason else "")
        raise AssertionError(
            f"The server closed the socket ({detail}) while waiting for {waiting_for}.\n"
            f"Received before the close:\n{show_frames(seen)}"
        )
    text = event.get("text")
    if event["type"] != "websocket.send" or text is None:
        raise AssertionError(
            f"Expected a JSON text frame while waiting for {waiting_for}, got {show(event)}"
        )
    try:
        frame = communicator.inbox.decode(text)
    except ValueError:
        raise AssertionError(
            f"Received a frame that is not JSON while waiting for {waiting_for}: {text[:200]!r}"
        ) from None
    if not isinstance(frame, dict):
        raise AssertionError(f"Received a non-object JSON frame: {show(frame)}")
    return frame


def _validated(
    communicator: "ChanxCommunicatorMixin", expectation: Expectation, frame: dict[str, Any]
) -> BaseMessage:
    try:
        if expectation.message_type is not None:
            return expectation.message_type.model_validate(frame)
        adapter = getattr(communicator.consumer, "outgoing_message_adapter", None)
        if adapter is None:
            raise AssertionError(f"Cannot validate {show(frame)}: the consumer has no adapter")
        message: BaseMessage = adapter.validate_python(frame)
        return message
    except ValidationError as exc:
        target = (
            expectation.message_type.__name__
            if expectation.message_type is not None
            else f"{getattr(communicator.consumer, '__name__', 'the consumer')}'s outgoing messages"
        )
        raise AssertionError(
            f"{expectation.describe()} arrived but failed validation against {target}:\n"
            f"  frame: {show(frame)}\n  errors: {exc.errors(include_url=False)}"
        ) from None


async def assert_message_pushed(
    communicator: "ChanxCommunicatorMixin",
    expected: type[BaseMessage] | str | BaseMessage,
    payload: Any = UNSET,
    *,
    timeout: float = 1,
) -> BaseMessage:
    """Wait up to ``timeout`` seconds for a matching message and return it (validated).

    ``expected`` is a message class, an action string, or a message instance (exact match).
    ``payload`` (optional) matches partially: dict keys not given are ignored, callables are
    predicates, ``unittest.mock.ANY`` matches anything. Frames that do not match stay queued,
    in order, for later helpers. Returns as soon as the message arrives; ``timeout=0``
    inspects only what has already arrived.
    """
    check_usable(communicator)
    expectation = Expectation.build(expected, payload)
    description = expectation.describe()
    key = communicator.action_key
    inbox = communicator.inbox
    seen: list[Any] = []
    for frame in inbox:
        decoded = inbox.decamelized(frame)
        if expectation.matches(decoded, key):
            inbox.discard(frame)
            inbox.note_completion(decoded)
            return _validated(communicator, expectation, decoded)
        seen.append(frame)
    async for frame in frames_within(
        timeout, lambda: _next_decoded(communicator, description, seen)
    ):
        decoded = inbox.decamelized(frame)
        if expectation.matches(decoded, key):
            inbox.note_completion(decoded)
            return _validated(communicator, expectation, decoded)
        inbox.hold(frame)
        seen.append(frame)
    near = sum(1 for f in seen if expectation.action_matches(inbox.decamelized(f), key))
    hint = f"\n{near} frame(s) had the expected action but a different payload." if near else ""
    raise AssertionError(
        f"Expected {description} within {timeout}s, but it was not pushed.\n"
        f"Received meanwhile:\n{show_frames(seen)}{hint}"
    )


async def assert_no_message(
    communicator: "ChanxCommunicatorMixin",
    timeout: float = 0.1,
    *,
    ignore: Collection[str] | None = None,
) -> None:
    """Assert that no message arrives within ``timeout`` seconds (a short, bounded wait).

    Frames whose action is in ``ignore`` (default: the completion actions) are consumed and
    ignored. Frames already queued count, so ``timeout=0`` checks just those without waiting.
    """
    check_usable(communicator)
    ignored = set(COMPLETE_ACTIONS if ignore is None else ignore)
    inbox = communicator.inbox
    unexpected: list[Any] = []
    for frame in inbox:
        if inbox.action(frame) in ignored:
            inbox.discard(frame)
            inbox.note_completion(frame)
        else:
            unexpected.append(frame)
    if not unexpected:
        async for frame in frames_within(
            timeout, lambda: _next_decoded(communicator, "no message", [])
        ):
            if inbox.action(frame) in ignored:
                inbox.note_completion(frame)
                continue
            unexpected.append(frame)
            break
        if not unexpected:
            return
    unexpected.extend(_event_for_display(event) for event in communicator.pending_events())
    raise AssertionError(
        f"Expected no message within {timeout}s, but received:\n{show_frames(unexpected)}"
    )


def _event_for_display(event: dict[str, Any]) -> Any:
    text = event.get("text")
    if event.get("type") == "websocket.send" and text is not None:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return event


def assert_broadcast(
    captured: Sequence["CapturedBroadcastEvent"],
    expected: type[BaseMessage] | str | BaseMessage,
    payload: Any = UNSET,
    *,
    group: str | None = None,
) -> "CapturedBroadcastEvent":
    """Assert that a captured broadcast matching ``expected`` was sent (to ``group``, if given).

    Returns the first matching record. ``captured`` is the list yielded by
    ``capture_broadcast_events``.
    """
    expectation = Expectation.build(expected, payload)
    for record in captured:
        frame = record.frame
        if expectation.matches(frame) and (group is None or group in record.targets):
            return record
    where = f" to group '{group}'" if group is not None else ""
    listing = "\n".join(
        f"  {i}. {r.kind} to {r.targets!r}: {show(r.frame)}" for i, r in enumerate(captured, 1)
    )
    raise AssertionError(
        f"Expected {expectation.describe()} broadcast{where}, but it was not.\n"
        f"Captured:\n{listing or '  (nothing was broadcast)'}"
    )


def assert_no_broadcast(
    captured: Sequence["CapturedBroadcastEvent"],
    expected: type[BaseMessage] | str | BaseMessage | None = None,
    payload: Any = UNSET,
    *,
    group: str | None = None,
) -> None:
    """Assert that nothing (or nothing matching ``expected``, to ``group``) was broadcast."""
    expectation = None if expected is None else Expectation.build(expected, payload)
    offending = [
        record
        for record in captured
        if (expectation is None or expectation.matches(record.frame))
        and (group is None or group in record.targets)
    ]
    if offending:
        what = "nothing" if expectation is None else expectation.describe()
        where = f" to group '{group}'" if group is not None else ""
        raise AssertionError(
            f"Expected {what} to be broadcast{where}, but captured:\n"
            + "\n".join(
                f"  {i}. {r.kind} to {r.targets!r}: {show(r.frame)}"
                for i, r in enumerate(offending, 1)
            )
        )
