"""``decode``/``decode_frame``: every text a client can send decodes to a message or to an answer."""

import json
from typing import Any, Literal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from chanx.constants import ENVELOPE_FIELDS
from chanx.core.decorators import ws_handler
from chanx.core.handlers import build_handler_table
from chanx.core.wire.codec import (
    ENVELOPE_WINDOW,
    DecodedFrame,
    decode,
    decode_frame,
    is_unvalidated,
    may_carry_envelope,
    parse_json,
)
from chanx.core.wire.frames import validation_entries
from chanx.messages.base import BaseMessage


class Say(BaseMessage):
    action: Literal["say"] = "say"
    payload: str


class Count(BaseMessage):
    action: Literal["count"] = "count"
    payload: int


class Handlers:
    @ws_handler
    async def say(self, message: Say) -> None: ...

    @ws_handler
    async def count(self, message: Count) -> None: ...


TABLE = build_handler_table(Handlers, "action")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
envelope_values = st.none() | st.integers() | st.text(max_size=300) | st.booleans()
frames = st.fixed_dictionaries(
    {},
    optional={
        "action": st.sampled_from(["say", "count", "nope"]) | json_values,
        "payload": json_values,
        "ref": envelope_values,
        "topic": envelope_values,
        "version": envelope_values,
        "seq": envelope_values,
    },
)


def _outcomes(text: str) -> tuple[Any, ...]:
    frame = decode_frame(text, TABLE, camelize=False)
    deferred = is_unvalidated(frame)  # addressed to a topic: the topic validates it
    if deferred:
        assert frame.envelope is not None and frame.envelope.topic is not None
        assert not ({"ref", "topic", "version", "seq"} & set(frame.fields()))
    answered = [
        frame.message is not None,
        frame.error is not None,
        frame.problem not in (None, "bad_envelope"),  # invalid envelope keys: an ``error``
        deferred,
    ]
    assert answered.count(True) == 1, text
    return frame.message, frame.envelope, frame.problem


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gets_exactly_one_outcome(text: str) -> None:
    _outcomes(text)


@settings(max_examples=300, deadline=None)
@given(frames)
def test_envelope_keys_never_reach_the_message(content: dict[str, Any]) -> None:
    message, envelope, _problem = _outcomes(json.dumps(content))
    if message is not None:
        assert set(message.model_dump()) == {"action", "payload"}
        assert message.payload == content["payload"]
    if envelope is not None and envelope.ref is not None:
        assert envelope.ref == content["ref"] and len(envelope.ref) <= 128


@settings(max_examples=200, deadline=None)
@given(frames)
def test_parsed_and_text_paths_agree(content: dict[str, Any]) -> None:
    """The envelope search only picks a path: forcing the parsed one changes nothing.

    (For frames whose envelope keys sit where the search looks: short frames, or keys at
    either end of a long one.)
    """
    text = json.dumps(content)
    assume(len(text) <= 2 * ENVELOPE_WINDOW or ENVELOPE_FIELDS.isdisjoint(content))
    by_text = decode_frame(text, TABLE, camelize=False)
    parsed = decode_frame(parse_json(text), TABLE, camelize=False)  # already parsed
    assert is_unvalidated(by_text) == is_unvalidated(parsed)
    assert by_text.message == parsed.message
    assert _envelope_keys(by_text) == _envelope_keys(parsed)
    assert by_text.action == parsed.action or not is_unvalidated(parsed)
    assert by_text.problem == parsed.problem
    assert (by_text.error is None) == (parsed.error is None)
    if by_text.error is not None and parsed.error is not None:
        assert validation_entries(by_text.error) == validation_entries(parsed.error)


def test_marker_test_is_conservative() -> None:
    assert not may_carry_envelope('{"action":"say","payload":"x"}')
    assert may_carry_envelope('{"action":"say","ref":"1"}')
    assert may_carry_envelope('{"action":"say","payload":"\\"ref\\""}') is False
    assert may_carry_envelope('{"action":"say","payload":{"ref":1}}')


def _envelope_keys(frame: Any) -> dict[str, Any]:
    """The envelope's values (all ``None`` when the frame had none)."""
    return {key: getattr(frame.envelope, key, None) for key in sorted(ENVELOPE_FIELDS)}


def test_text_path_validates_frames_with_envelope_keys_from_their_text() -> None:
    frame = decode_frame('{"ref":"r1","action":"say","payload":"hi"}', TABLE, camelize=False)
    assert frame.message == Say(payload="hi") and frame.body is None
    assert frame.envelope is not None and frame.envelope.ref == "r1" and frame.ref == "r1"


@settings(max_examples=300, deadline=None)
@given(frames | st.text(max_size=200).map(json.dumps) | st.text(max_size=200))
def test_the_entry_point_agrees_with_the_full_decoder(text: Any) -> None:
    """``decode`` returns the message itself on its fast path, and what ``decode_frame``
    would say on every other one."""
    if isinstance(text, dict):
        text = json.dumps(text)
    decoded = decode(text, TABLE, camelize=False)
    full = decode_frame(text, TABLE, camelize=False)
    if isinstance(decoded, DecodedFrame):
        assert decoded.message == full.message
        assert decoded.problem == full.problem
        assert (decoded.error is None) == (full.error is None)
        if decoded.error is not None and full.error is not None:
            assert validation_entries(decoded.error) == validation_entries(full.error)
        assert is_unvalidated(decoded) == is_unvalidated(full)
    else:
        assert full.message == decoded and not may_carry_envelope(text)


def test_a_plain_valid_frame_is_its_message() -> None:
    assert decode('{"action": "say", "payload": "hi"}', TABLE, camelize=False) == Say(payload="hi")
    refused = decode('{"action": "say", "payload": 1}', TABLE, camelize=False)
    assert isinstance(refused, DecodedFrame) and refused.error is not None
    broken = decode("{", TABLE, camelize=False)
    assert isinstance(broken, DecodedFrame) and broken.problem == "undecodable"
