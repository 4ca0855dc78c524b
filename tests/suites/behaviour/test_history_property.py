"""Property: over any interleaving of publish / disconnect / reconnect / trim, a subscriber
that recovers sees every offset exactly once, in order; otherwise it is told
``recovered: false``."""

import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chanx.testing.history import publish_with_history, trim_history
from tests.conftest import Adapter
from tests.suites.behaviour.history import NewComment, build

Step = tuple[str, int]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("publish"), st.integers(1, 6)),
        st.tuples(st.just("disconnect"), st.just(0)),
        st.tuples(st.just("reconnect"), st.just(0)),
        st.tuples(st.just("trim"), st.integers(0, 4)),
    ),
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps)
async def test_recovered_offsets_equal_the_published_ones(
    adapter: Adapter, chanx_topic_stores: None, script: list[Step]
) -> None:
    app = build(adapter.Consumer)
    topic_class = app.CommentsTopic
    topic = f"comments:{uuid.uuid4().hex}"  # a fresh history per example
    comm: Any = None
    position: dict[str, Any] | None = None  # the client's last (offset, epoch)
    published: list[int] = []
    kept: list[int] = []  # what the history holds (size 20, and the trims)
    seen: list[int] = []  # offsets delivered since the last unrecoverable point
    expected_from = 1  # the first offset ``seen`` must start at
    try:
        for action, number in [("reconnect", 0), *script, ("reconnect", 0)]:
            if action == "publish":
                offsets = await publish_with_history(
                    topic_class, topic, [NewComment(payload=str(i)) for i in range(number)]
                )
                published += offsets
                kept = (kept + offsets)[-topic_class.history_size :]
                if comm is not None:
                    pushes = await comm.receive_pushes(topic, number)
                    seen += [p["offset"] for p in pushes]
                    position = {**(position or {}), "offset": pushes[-1]["offset"]}
            elif action == "disconnect" and comm is not None:
                await comm.disconnect()
                comm = None
            elif action == "reconnect" and comm is None:
                comm = adapter.communicator(app.Consumer)
                await comm.connect()
                reply = await comm.recover(topic, position)
                missed = reply["offset"] - (position["offset"] if position else 0)
                last = published[-1] if published else 0
                reaches = position is not None and (
                    position["offset"] == last or (bool(kept) and kept[0] <= position["offset"] + 1)
                )
                assert reply.get("recovered", False) is reaches
                if position is not None and reply["recovered"]:
                    pushes = await comm.receive_pushes(topic, missed)
                    seen += [p["offset"] for p in pushes]
                else:  # told it cannot recover (or a first subscribe): starts over
                    seen, expected_from = [], reply["offset"] + 1
                position = {"offset": reply["offset"], "epoch": reply["epoch"]}
            elif action == "trim":
                await trim_history(topic_class, topic, number)
                kept = kept[-number:] if number else []
            assert seen == list(range(expected_from, expected_from + len(seen)))
        assert seen == published[expected_from - 1 :]
        await comm.assert_no_message(timeout=0.02)
    finally:
        if comm is not None:
            await comm.disconnect()
