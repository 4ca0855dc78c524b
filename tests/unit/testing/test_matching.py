"""Payload matching and frame display used by the assertions."""

from typing import Any
from unittest.mock import ANY

from hypothesis import given
from hypothesis import strategies as st

from chanx.core.consumer import COMPLETION_SCOPE_EXTENSION as CORE_EXTENSION
from chanx.messages.outgoing import PongMessage
from chanx.testing.communicator import COMPLETION_SCOPE_EXTENSION
from chanx.testing.matching import Expectation, payload_matches, show, show_frames
from tests.suites.behaviour.consumers import EchoPayload

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(json_values)
def test_every_value_matches_itself(value: Any) -> None:
    assert payload_matches(value, value)


@given(st.dictionaries(st.text(max_size=3), json_values, max_size=4), st.data())
def test_any_sub_dict_matches(actual: dict[str, Any], data: st.DataObject) -> None:
    keys = data.draw(
        st.lists(st.sampled_from(sorted(actual)), unique=True) if actual else st.just([])
    )
    assert payload_matches({k: actual[k] for k in keys}, actual)


def test_matching_rules() -> None:
    assert payload_matches({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}, "d": 3})
    assert not payload_matches({"a": 1}, {"b": 1})
    assert not payload_matches({"a": 1}, [1])
    assert not payload_matches([1, 2], [1, 2, 3])
    assert payload_matches([{"x": 1}], [{"x": 1, "y": 2}])
    assert payload_matches(ANY, {"anything": True})
    assert payload_matches(lambda p: p > 2, 3) and not payload_matches(lambda p: p > 2, 1)
    assert payload_matches(EchoPayload(text="t"), {"text": "t", "count": 1})
    assert not payload_matches(EchoPayload(text="t"), {"text": "t"})


def test_expectations_describe_themselves() -> None:
    assert Expectation.build(PongMessage).describe() == "a 'pong' message (PongMessage)"
    assert Expectation.build("pong", {"a": 1}).describe() == (
        """a 'pong' message with payload matching {"a": 1}"""
    )
    assert Expectation.build(PongMessage()).describe() == (
        """a 'pong' message (PongMessage) equal to {"action": "pong", "payload": null}"""
    )


def test_frames_are_shown_compactly() -> None:
    assert show({"text": "é" * 400}, limit=20) == '{"text": "ééééééé...'
    assert show_frames([]) == "  (nothing arrived)"
    assert show_frames([{"a": 1}, "raw"]) == '  1. {"a": 1}\n  2. "raw"'


def test_completion_extension_name_matches_the_core() -> None:
    assert COMPLETION_SCOPE_EXTENSION == CORE_EXTENSION
