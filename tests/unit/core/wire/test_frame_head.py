"""Frames with envelope keys: validated from their text only for messages blind to those keys."""

from typing import Any, Literal

import pytest
from pydantic import AliasChoices, ConfigDict, Field, model_validator

from chanx.core.decorators import ws_handler
from chanx.core.handlers import build_handler_table
from chanx.core.wire.codec import decode_frame
from chanx.core.wire.frame_head import ignores_envelope_keys, read_head
from chanx.messages.base import BaseMessage


class Plain(BaseMessage):
    action: Literal["plain"] = "plain"
    payload: int


class Strict(BaseMessage):
    model_config = ConfigDict(extra="forbid")
    action: Literal["strict"] = "strict"
    payload: int


class HasSeq(BaseMessage):
    action: Literal["has_seq"] = "has_seq"
    payload: int
    seq: int = 0


class Aliased(BaseMessage):
    action: Literal["aliased"] = "aliased"
    payload: int = Field(validation_alias=AliasChoices("payload", "ref"))


class SeesRaw(BaseMessage):
    action: Literal["sees_raw"] = "sees_raw"
    payload: Any = None

    @model_validator(mode="before")
    @classmethod
    def keep_keys(cls, data: Any) -> Any:
        return {**data, "payload": sorted(data)} if isinstance(data, dict) else data


@pytest.mark.parametrize(
    ("message_type", "blind"),
    [(Plain, True), (Strict, False), (HasSeq, False), (Aliased, False), (SeesRaw, False)],
)
def test_which_messages_ignore_envelope_keys(message_type: type[BaseMessage], blind: bool) -> None:
    assert ignores_envelope_keys([message_type]) is blind


def _table(message_type: type[BaseMessage]) -> Any:
    async def handle(self: Any, message: Any) -> None: ...

    handle.__annotations__["message"] = message_type
    holder = type("Holder", (), {"handle": ws_handler(handle)})
    return build_handler_table(holder, "action")


@pytest.mark.parametrize(
    ("message_type", "text", "expected"),
    [
        (Plain, '{"ref":"r","action":"plain","payload":1}', Plain(payload=1)),
        (Strict, '{"ref":"r","action":"strict","payload":1}', Strict(payload=1)),
        (HasSeq, '{"seq":9,"ref":"r","action":"has_seq","payload":1}', HasSeq(payload=1)),
        (
            SeesRaw,
            '{"ref":"r","version":1,"action":"sees_raw"}',
            SeesRaw.model_construct(payload=["action"]),
        ),
    ],
)
def test_messages_never_see_envelope_keys(
    message_type: type[BaseMessage], text: str, expected: BaseMessage
) -> None:
    frame = decode_frame(text, _table(message_type), camelize=False)
    assert frame.error is None and frame.message == expected
    assert frame.ref == "r" and frame.topic is None


def test_head_reads_envelope_keys_and_action_without_the_rest() -> None:
    head = read_head('{"payload":{"ref":"inner"},"topic":"t:1","action":"go","ref":"a"}', "action")
    assert head == {"topic": "t:1", "action": "go", "ref": "a"}


@pytest.mark.parametrize(
    "text", ['{"ref": 1, "action": "x"}', '["ref"]', '{"ref": "' + "x" * 200 + '"}', "nope"]
)
def test_head_refuses_what_the_parsed_path_must_explain(text: str) -> None:
    assert read_head(text, "action") is None
