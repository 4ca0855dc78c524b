"""Validating a frame straight from its wire text."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import TypeAdapter
from pydantic_core import SchemaValidator

# From this size on, validating a frame allocates thousands of objects that all stay alive
# until it is done; each allocation burst triggers garbage-collector passes that scan them
# (and every older object) for nothing (benchmarks/README.md, "Large frames", has the figures).
LARGE_FRAME_CHARS = 32_768


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic GC for the block (left as it was when it was already off).

    Decoding and validation create no reference cycles and the frame size is capped by
    ``max_message_size``, so pausing collection for one frame frees nothing late.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def validate_large_json(adapter: TypeAdapter[Any] | SchemaValidator, text: str) -> Any:
    """``adapter.validate_json(text)`` with the cyclic GC paused for the call."""
    with paused_gc():
        return adapter.validate_json(text)
