"""Decorator resolution rules and their errors."""

import inspect
from typing import Any, Literal, Optional, Union

import pytest

from chanx.core.decorators import channel, event_handler, expand_output_types, ws_handler
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import ErrorMessage, PongMessage


class NoDefault(BaseMessage):
    action: Literal["no_default"]
    payload: None = None


def test_bare_and_keyword_forms_record_info() -> None:
    @ws_handler
    async def ping(self: Any, message: PingMessage) -> PongMessage:
        return PongMessage()

    @ws_handler(action="custom", summary="s", description="d", tags=["t"])
    async def other(self: Any, message: PingMessage) -> None:
        return None

    info = ping._ws_handler_info  # type: ignore[attr-defined]
    assert info["action"] == "ping"
    assert info["message_action"] == "ping"
    assert info["input_type"] is PingMessage
    assert info["output_type"] is PongMessage
    assert info["method_name"] == "ping"
    other_info = other._ws_handler_info  # type: ignore[attr-defined]
    assert (other_info["action"], other_info["summary"], other_info["description"]) == (
        "custom",
        "s",
        "d",
    )
    assert other_info["tags"] == ["t"]
    assert other_info["output_type"] is None


def test_input_type_keyword_wins() -> None:
    @ws_handler(input_type=PingMessage, output_type=PongMessage)
    async def handler(self: Any, message: Any) -> Any:
        return None

    assert handler._ws_handler_info["input_type"] is PingMessage  # type: ignore[attr-defined]


def test_missing_parameter_is_value_error() -> None:
    with pytest.raises(ValueError, match="Must provide input type"):

        @ws_handler
        async def handler(self: Any) -> None:
            return None


def test_non_message_input_is_type_error() -> None:
    with pytest.raises(TypeError, match="must be a BaseMessage subclass"):

        @ws_handler
        async def handler(self: Any, message: dict[str, Any]) -> None:
            return None


def test_handler_without_a_type_hint_says_what_to_annotate_and_where() -> None:
    line = inspect.currentframe().f_lineno + 3  # type: ignore[union-attr]
    with pytest.raises(TypeError) as raised:

        @ws_handler
        async def say(self: Any, message) -> None:  # type: ignore[no-untyped-def]
            return None

    text = str(raised.value)
    assert "say" in text and "'message' parameter has no type hint" in text
    assert "must be a BaseMessage subclass" in text
    assert "async def say(self, message: MyMessage)" in text
    assert f"{__file__}:{line}" in text
    assert "inspect._empty" not in text


def test_sync_handler_is_rejected() -> None:
    with pytest.raises(TypeError, match="must be an 'async def' method"):

        @ws_handler  # type: ignore[type-var]
        def handler(self: Any, message: PingMessage) -> None:
            return None


def test_non_message_return_annotation_is_type_error_naming_handler() -> None:
    with pytest.raises(TypeError, match="handler"):

        @ws_handler
        async def handler(self: Any, message: PingMessage) -> dict[str, Any]:
            return {}


def test_action_without_default_is_rejected() -> None:
    with pytest.raises(TypeError, match="default"):

        @ws_handler
        async def handler(self: Any, message: NoDefault) -> None:
            return None


@pytest.mark.parametrize(
    "output",
    [
        PongMessage | ErrorMessage,
        Union[PongMessage, ErrorMessage],  # noqa: UP007
        [PongMessage, ErrorMessage],
        (PongMessage, ErrorMessage),
        PongMessage | ErrorMessage | None,
    ],
)
def test_output_forms_expand_in_order(output: Any) -> None:
    assert expand_output_types(output) == [PongMessage, ErrorMessage]


def test_optional_output_expands() -> None:
    assert expand_output_types(Optional[PongMessage]) == [PongMessage]  # noqa: UP045


def test_event_handler_uses_function_name() -> None:
    @event_handler(output_type=PongMessage)
    async def on_ping(self: Any, event: PingMessage) -> None:
        return None

    info = on_ping._event_handler_info  # type: ignore[attr-defined]
    assert info["action"] == "on_ping"
    assert info["output_type"] is PongMessage


def test_unknown_decorator_keywords_are_type_errors() -> None:
    async def ping(self: Any, message: PingMessage) -> None:
        return None

    decorator: Any = ws_handler
    with pytest.raises(TypeError):
        decorator(acton="typo")(ping)


def test_channel_decorator_sets_info() -> None:
    @channel(name="n", description="d", tags=["a"])
    class C:
        pass

    assert C._channel_info == {"name": "n", "description": "d", "tags": ["a"]}  # type: ignore[attr-defined]
