"""Per-connection limits checked before a frame is decoded: binary frames, size, rate."""

import time

from chanx.core.wire import frames
from chanx.core.wire.frame_settings import FrameSettings


class FrameGuard:
    """Refuses frames a connection may not send; the refusal detail goes to the client."""

    __slots__ = ("_period", "_window_count", "_window_start")

    def __init__(self, rate_limit_period: float) -> None:
        self._period = rate_limit_period
        self._window_start = 0.0
        self._window_count = 0

    def refusal(self, text: str | None, settings: FrameSettings) -> str | None:
        """Why this frame is refused, or ``None`` when it may be handled."""
        if text is None:
            return frames.BINARY_FRAME_DETAIL
        limit = settings.max_message_size
        if limit and len(text) > limit:
            return frames.too_large_detail(limit)
        rate = settings.rate_limit_messages
        if rate and self._over_rate(rate):
            return frames.RATE_LIMIT_DETAIL
        return None

    def _over_rate(self, limit: int) -> bool:
        """Count this frame in the current window; ``True`` when it exceeds ``limit``."""
        now = time.monotonic()
        if now - self._window_start >= self._period:
            self._window_start = now
            self._window_count = 0
        self._window_count += 1
        return self._window_count > limit
