"""DeltaTracker: deltas of growing snapshots, whole text when the source rewrites."""

from hypothesis import given
from hypothesis import strategies as st

from chanx.utils.streaming import DeltaTracker


def test_push_returns_only_the_new_suffix() -> None:
    tracker = DeltaTracker()
    assert tracker.push("Hel") == "Hel"
    assert tracker.push("Hello") == "lo"
    assert tracker.push("Hello") == ""
    assert tracker.seen == "Hello"


def test_advance_reports_a_rewrite_and_sends_the_whole_text() -> None:
    tracker = DeltaTracker()
    assert tracker.advance("The answer") == ("The answer", False)
    assert tracker.advance("An answer") == ("An answer", True)
    assert tracker.advance("An answer!") == ("!", False)
    assert tracker.advance("") == ("", True)  # a shorter snapshot is a rewrite
    assert tracker.seen == ""


def test_reset_sends_the_next_snapshot_whole() -> None:
    tracker = DeltaTracker()
    tracker.push("abc")
    tracker.reset()
    assert tracker.seen == ""
    assert tracker.advance("abcd") == ("abcd", False)


@given(st.lists(st.text(max_size=12), max_size=12))
def test_a_client_applying_the_deltas_always_holds_the_last_snapshot(
    snapshots: list[str],
) -> None:
    tracker = DeltaTracker()
    client = ""
    for snapshot in snapshots:
        delta, rewritten = tracker.advance(snapshot)
        client = delta if rewritten else client + delta
        assert client == snapshot
