"""Turn growing snapshots of a text (an LLM answer, a log tail) into the deltas to send."""


class DeltaTracker:
    """Remembers the text already sent, so each new snapshot yields only what is new.

    ``tracker.push("Hel")`` → ``"Hel"``, then ``tracker.push("Hello")`` → ``"lo"``. A
    snapshot that does not extend what was seen (the source rewrote its text) yields the
    whole snapshot; ``advance`` also says when that happened, so the client can replace
    instead of append.
    """

    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen = ""

    @property
    def seen(self) -> str:
        """The last snapshot."""
        return self._seen

    def advance(self, snapshot: str) -> tuple[str, bool]:
        """``(delta, rewritten)``: the new suffix and ``False``, or the full text and ``True``."""
        seen = self._seen
        self._seen = snapshot
        if snapshot.startswith(seen):
            return snapshot[len(seen) :], False
        return snapshot, True

    def push(self, snapshot: str) -> str:
        """The part of ``snapshot`` not sent yet (all of it when the text was rewritten)."""
        return self.advance(snapshot)[0]

    def reset(self) -> None:
        """Forget what was seen: the next snapshot is sent whole."""
        self._seen = ""
