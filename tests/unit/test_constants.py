"""``chanx.constants`` values and the modules that re-export them under their 2.x paths."""

import types
import typing
from typing import Literal, get_args

import chanx.constants as constants
from chanx.asyncapi import generator as asyncapi_generator
from chanx.core import registry as core_registry
from chanx.core import testing as core_testing
from chanx.core import websocket as core_websocket
from chanx.messages import outgoing


def test_values() -> None:
    assert constants.MESSAGE_ACTION_COMPLETE == "complete"
    assert constants.EVENT_ACTION_COMPLETE == "event_complete"
    assert constants.GROUP_ACTION_COMPLETE == "group_complete"
    assert constants.COMPLETE_ACTIONS == {"complete", "event_complete", "group_complete"}
    assert constants.CHANX_ACTIONS == constants.COMPLETE_ACTIONS | {"error"}
    assert constants.ENVELOPE_FIELDS == frozenset({"version", "topic", "ref", "seq"})
    assert constants.ENVELOPE_VERSION == 1
    assert constants.MAX_GROUP_NAME_LENGTH == 99
    assert constants.CLOSE_UNAUTHENTICATED == 4401


def test_complete_actions_type_is_the_literal_of_the_three_actions() -> None:
    alias = constants.COMPLETE_ACTIONS_TYPE
    assert typing.get_origin(alias) is Literal
    assert set(get_args(alias)) == constants.COMPLETE_ACTIONS


def test_reexports_are_the_same_objects() -> None:
    for name in ("MESSAGE_ACTION_COMPLETE", "EVENT_ACTION_COMPLETE", "GROUP_ACTION_COMPLETE"):
        assert getattr(outgoing, name) is getattr(constants, name)
    for name in ("COMPLETE_ACTIONS", "ENVELOPE_FIELDS", "ENVELOPE_VERSION"):
        assert getattr(core_testing, name) is getattr(constants, name)
    assert core_testing.MESSAGE_ACTION_COMPLETE == "complete"
    assert core_websocket.COMPLETE_ACTIONS is constants.COMPLETE_ACTIONS
    assert core_websocket.ENVELOPE_VERSION == 1


def test_union_types_cover_both_union_spellings() -> None:
    expected = (typing.Union, types.UnionType)
    assert core_registry.UNION_TYPES == expected
    assert asyncapi_generator.UNION_TYPES is core_registry.UNION_TYPES
    assert typing.get_origin(int | str) in asyncapi_generator.UNION_TYPES
    assert typing.get_origin(typing.Union[int, str]) in asyncapi_generator.UNION_TYPES  # noqa: UP007


def test_generator_constants() -> None:
    assert asyncapi_generator.CORRELATION_ID_REF == "#/components/correlationIds/ref"
    assert asyncapi_generator.SECURITY_SCHEMES_REF == "#/components/securitySchemes"
    assert isinstance(asyncapi_generator.WS_BINDING_VERSION, str)
    assert asyncapi_generator.DEFAULT_SERVER_PROTOCOL
