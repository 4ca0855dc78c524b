"""BaseMessage subclass rules and the standard frames."""

import abc
from typing import Any, Literal

import pytest
from pydantic import ValidationError

from chanx import constants
from chanx.messages.base import BaseMessage
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import (
    AuthenticationMessage,
    AuthenticationPayload,
    CompleteMessage,
    ErrorMessage,
    EventCompleteMessage,
    GroupCompleteMessage,
    PongMessage,
)


def test_subclass_without_action_is_rejected() -> None:
    with pytest.raises(TypeError, match="Class 'NoAction' must define an 'action' field"):

        class NoAction(BaseMessage):
            payload: int


def test_action_must_be_literal() -> None:
    with pytest.raises(TypeError, match="requires the field 'action' to be a `Literal` type"):

        class StrAction(BaseMessage):
            action: str = "x"
            payload: int


def test_subclass_of_concrete_message_must_redeclare_action() -> None:
    with pytest.raises(TypeError, match="must define an 'action' field"):

        class MorePing(PingMessage):
            extra: int = 0


def test_abstract_intermediate_base_is_allowed() -> None:
    class EventBase(BaseMessage, abc.ABC):
        payload: dict[str, Any]

    class Concrete(EventBase):
        action: Literal["concrete"] = "concrete"

    assert Concrete(payload={"a": 1}).model_dump() == {"action": "concrete", "payload": {"a": 1}}


def test_extra_keys_are_ignored_and_extra_fields_travel() -> None:
    class Typing(BaseMessage):
        action: Literal["typing"] = "typing"
        payload: None = None
        room: str

    msg = Typing.model_validate({"action": "typing", "room": "lobby", "junk": 1})
    assert msg.model_dump(mode="json") == {"action": "typing", "payload": None, "room": "lobby"}


def test_ping_payload_must_be_null() -> None:
    assert PingMessage.model_validate({"action": "ping"}) == PingMessage()
    with pytest.raises(ValidationError) as info:
        PingMessage.model_validate({"action": "ping", "payload": {"a": 1}})
    assert info.value.errors()[0]["type"] == "none_required"


@pytest.mark.parametrize(
    ("message", "wire"),
    [
        (PongMessage(), {"action": "pong", "payload": None}),
        (ErrorMessage(), {"action": "error", "payload": None}),
        (CompleteMessage(), {"action": "complete", "payload": None}),
        (GroupCompleteMessage(), {"action": "group_complete", "payload": None}),
        (EventCompleteMessage(), {"action": "event_complete", "payload": None}),
        (
            AuthenticationMessage(
                payload=AuthenticationPayload(
                    status_code=200, status_text="OK", data={"detail": "OK"}
                )
            ),
            {
                "action": "authentication",
                "payload": {"status_code": 200, "status_text": "OK", "data": {"detail": "OK"}},
            },
        ),
    ],
)
def test_standard_frames(message: BaseMessage, wire: dict[str, Any]) -> None:
    assert message.model_dump(mode="json") == wire


def test_constants() -> None:
    assert constants.COMPLETE_ACTIONS == {"complete", "event_complete", "group_complete"}
    assert constants.CHANX_ACTIONS == constants.COMPLETE_ACTIONS | {"error"}
    assert constants.MESSAGE_ACTION_COMPLETE == "complete"
    assert "pip install pyhumps" in constants.MISSING_PYHUMPS_ERROR
