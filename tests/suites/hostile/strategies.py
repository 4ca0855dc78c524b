"""Hypothesis strategies for hostile WebSocket frames."""

import json
from typing import Any

from hypothesis import strategies as st

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
actions = (
    st.sampled_from(["ping", "echo", "nope", "", "PING"]) | st.text(max_size=8) | st.integers()
)


def _nested(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


message_like = st.builds(
    lambda action, payload, extra: json.dumps({"action": action, "payload": payload, **extra}),
    actions,
    json_values,
    st.dictionaries(st.text(max_size=6), json_scalars, max_size=2),
)
no_action = st.dictionaries(st.text(max_size=8).filter(lambda k: k != "action"), json_values).map(
    json.dumps
)
huge_numbers = st.sampled_from(
    [
        "1" * 5000,
        "-" + "9" * 4300,
        "1e400",
        "-1e400",
        "NaN",
        "Infinity",
        '{"action": "echo", "payload": ' + "7" * 4000 + "}",
        '{"action": "echo", "payload": 1e999}',
        '{"action": "ping", "payload": 123456789012345678901234567890}',
    ]
)
deeply_nested = st.integers(min_value=1, max_value=20_000).flatmap(
    lambda depth: st.sampled_from(
        [
            _nested(depth),
            '{"action": "echo", "payload": ' + _nested(depth) + "}",
            '{"a":' * depth + "1" + "}" * depth,
        ]
    )
)
broken_json = st.sampled_from(
    ['{"action": "ping"', '{"action": ping}', "{", "}", "", " ", "\x00", '{"a":1,}', "'x'"]
)

# Envelope keys with any JSON value (valid or not), beside a message-like frame.
enveloped = st.builds(
    lambda action, payload, envelope: json.dumps(
        {"action": action, "payload": payload, **envelope}
    ),
    st.sampled_from(["ping", "echo", "nope", "subscribe", "unsubscribe"]) | actions,
    st.none() | json_values,
    st.dictionaries(
        st.sampled_from(["version", "topic", "ref", "seq"]),
        json_scalars | st.text(min_size=120, max_size=300),
        min_size=1,
    ),
)

#: Any text frame a hostile client might send.
text_frames: st.SearchStrategy[str] = st.one_of(
    enveloped,
    st.text(max_size=64),
    json_values.map(json.dumps),
    message_like,
    no_action,
    huge_numbers,
    deeply_nested,
    broken_json,
)
binary_frames = st.binary(min_size=0, max_size=256)
