"""The wire transcript of a 2.x client talking to the board of ``wire_app``: every step and the
exact frames it gets back (as a multiset: the order within one step is not compared).

Completion frames follow the consumer's own frames (``ping`` without a topic) only; nothing
on a topic path completes, whatever the consumers' ``send_completion`` says.
"""

from typing import Any

Frame = dict[str, Any]
# A step: a frame the client sends, or ``("publish", id, text, seq)``: a server-side
# ``DiscussionTopic.broadcast`` to ``discussion:<id>``.
Step = Frame | tuple[str, int, str, int | None]

HOSTED = "/ws/discussions"
DEDICATED = "/ws/discussions/9"


def _topic(action: str, payload: Any, topic: str, **keys: Any) -> Frame:
    return {"action": action, "payload": payload, "version": 1, "topic": topic, **keys}


def _error(reason: str, detail: str, topic: str, ref: str) -> Frame:
    return _topic("error", {"reason": reason, "detail": detail}, topic, ref=ref)


def _tag_error(tag: str, topic: str, ref: str) -> Frame:
    entry = {
        "type": "union_tag_invalid",
        "loc": [],
        "msg": f"Input tag '{tag}' found using 'action' does not match any of the expected "
        "tags: 'post_comment'",
    }
    return _topic("error", [entry], topic, ref=ref)


def hosted_steps(completion: bool) -> list[tuple[Step, list[Frame]]]:
    """Steps on the consumer hosting the topic (``/ws/discussions``)."""
    five, done = "discussion:5", [{"action": "complete", "payload": None}] if completion else []
    return [
        (
            {"action": "ping", "ref": "p1"},
            [{"action": "pong", "payload": None, "version": 1, "ref": "p1"}]
            + [{**f, "version": 1, "ref": "p1"} for f in done],
        ),
        ({"action": "ping"}, [{"action": "pong", "payload": None}, *done]),
        (
            {"action": "subscribe", "topic": five, "ref": "s1"},
            [_topic("subscribed", None, five, ref="s1")],
        ),
        (
            {"action": "subscribe", "topic": five, "ref": "s2"},
            [_topic("subscribed", None, five, ref="s2")],
        ),
        (
            {"action": "post_comment", "payload": "hi", "topic": five, "ref": "c1"},
            [_topic("comment_added", "hi", five), _topic("reply", "posted hi", five, ref="c1")],
        ),
        (("publish", 5, "http", None), [_topic("comment_added", "http", five)]),
        (("publish", 5, "numbered", 7), [_topic("comment_added", "numbered", five, seq=7)]),
        (
            {"action": "subscribe", "topic": "discussion:abc", "ref": "s3"},
            [
                _error(
                    "unauthorized",
                    "Not allowed to subscribe to 'discussion:abc'",
                    "discussion:abc",
                    "s3",
                )
            ],
        ),
        (
            {"action": "subscribe", "topic": "nope:1", "ref": "s4"},
            [_error("unknown_topic", "Unknown topic 'nope:1'", "nope:1", "s4")],
        ),
        (
            {"action": "post_comment", "payload": "x", "topic": "discussion:6", "ref": "c2"},
            [_error("not_subscribed", "Not subscribed to 'discussion:6'", "discussion:6", "c2")],
        ),
        (
            {"action": "post_comment", "payload": 42, "topic": five, "ref": "c3"},
            [
                _topic(
                    "error",
                    [
                        {
                            "type": "string_type",
                            "loc": ["post_comment", "payload"],
                            "msg": "Input should be a valid string",
                        }
                    ],
                    five,
                    ref="c3",
                )
            ],
        ),
        ({"action": "shout", "topic": five, "ref": "c4"}, [_tag_error("shout", five, "c4")]),
        ({"action": "ping", "topic": five, "ref": "p2"}, [_tag_error("ping", five, "p2")]),
        (
            {"action": "unsubscribe", "topic": five, "ref": "u1"},
            [_topic("unsubscribed", None, five, ref="u1")],
        ),
        (
            {"action": "unsubscribe", "topic": five, "ref": "u2"},
            [_topic("unsubscribed", None, five, ref="u2")],
        ),
        (("publish", 5, "after", None), []),
    ]


def dedicated_connect() -> list[Frame]:
    """What a client of the route dedicated to ``discussion:9`` gets unprompted."""
    return [_topic("subscribed", None, "discussion:9")]


def dedicated_steps() -> list[tuple[Step, list[Frame]]]:
    """Steps on the route dedicated to ``discussion:9`` (``/ws/discussions/9``)."""
    nine = "discussion:9"
    return [
        (
            {"action": "post_comment", "payload": "direct", "ref": "d1"},
            [
                _topic("comment_added", "direct", nine),
                _topic("reply", "posted direct", nine, ref="d1"),
            ],
        ),
        (("publish", 9, "dedicated", None), [_topic("comment_added", "dedicated", nine)]),
        ({"action": "ping", "ref": "d2"}, [_tag_error("ping", nine, "d2")]),
    ]


def canonical(frames: list[Frame]) -> list[str]:
    """Frames as a sorted list of canonical JSON texts (a multiset)."""
    import json

    return sorted(json.dumps(frame, sort_keys=True) for frame in frames)
