"""What an assertion expects of a frame (type, action, payload) and how frames are shown."""

import json
import typing
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class _Unset:
    """Sentinel: no payload expectation."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def payload_matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` (JSON data) satisfies ``expected``.

    * a dict matches when every expected key is present and matches (extra keys are fine);
    * a list/tuple matches element-wise (same length);
    * a Pydantic model matches its JSON dump exactly; a callable is a predicate;
    * anything else is compared with ``==`` (so ``unittest.mock.ANY`` works).
    """
    if isinstance(expected, BaseModel):
        return bool(expected.model_dump(mode="json") == actual)
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and payload_matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(actual) == len(expected)
            and all(payload_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if callable(expected) and not isinstance(expected, type):
        return bool(expected(actual))
    return bool(expected == actual)


def message_actions(message_type: type[BaseMessage]) -> frozenset[str]:
    """The action strings a message class accepts (its ``Literal`` values)."""
    field = message_type.model_fields.get("action")
    if field is None:
        return frozenset()
    annotation = field.annotation
    if get_origin(annotation) is Literal:
        return frozenset(str(a) for a in get_args(annotation))
    if isinstance(field.default, str):
        return frozenset({field.default})
    return frozenset()


@dataclass(frozen=True)
class Expectation:
    """A message an assertion waits for: a class, an action string, or an exact instance."""

    actions: frozenset[str]
    message_type: type[BaseMessage] | None
    exact: dict[str, Any] | None
    payload: Any

    @classmethod
    def build(cls, expected: Any, payload: Any = UNSET) -> "Expectation":
        if isinstance(expected, BaseMessage):
            if payload is not UNSET:
                raise TypeError("Pass either a message instance or a payload, not both")
            return cls(
                frozenset({str(expected.action)}),
                type(expected),
                expected.model_dump(mode="json"),
                UNSET,
            )
        if isinstance(expected, type) and issubclass(expected, BaseMessage):
            return cls(message_actions(expected), expected, None, payload)
        if isinstance(expected, str):
            return cls(frozenset({expected}), None, None, payload)
        raise TypeError(
            "expected must be a message class, an action string or a message instance, "
            f"not {expected!r}"
        )

    def action_matches(self, frame: dict[str, Any], action_key: str = "action") -> bool:
        return frame.get(action_key) in self.actions

    def matches(self, frame: dict[str, Any], action_key: str = "action") -> bool:
        if not self.action_matches(frame, action_key):
            return False
        if self.exact is not None:
            return frame == self.exact
        if self.payload is UNSET:
            return True
        return payload_matches(self.payload, frame.get("payload"))

    def describe(self) -> str:
        actions = " or ".join(f"'{a}'" for a in sorted(self.actions)) or "<no action>"
        text = f"a {actions} message"
        if self.message_type is not None:
            text += f" ({self.message_type.__name__})"
        if self.exact is not None:
            text += f" equal to {show(self.exact)}"
        elif self.payload is not UNSET:
            text += f" with payload matching {show_value(self.payload)}"
        return text


def show_value(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    try:
        return json.dumps(value, default=repr, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def show(frame: Any, limit: int = 300) -> str:
    """One frame as compact JSON, shortened to ``limit`` characters."""
    text = show_value(frame)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_frames(frames: typing.Sequence[Any], *, empty: str = "nothing arrived") -> str:
    """A numbered, indented list of frames for a failure message."""
    if not frames:
        return f"  ({empty})"
    return "\n".join(f"  {i}. {show(frame)}" for i, frame in enumerate(frames, 1))
