"""Bounded error frames: a hostile frame must not make the server send (much) more back.

An unknown action used to come back whole in the error message (a 1 MB action, a 1 MB
answer), an object-valued action came back as its Python repr, and a payload with thousands
of invalid items produced one error entry each (a 64 KB list gave a 2.1 MB frame). Error
entries now echo at most :data:`MAX_ECHO` characters of client input, never a Python repr of
an object or array, and at most :data:`MAX_ENTRIES` entries are sent; a last entry of type
``too_many_errors`` says how many were left out.
"""

from typing import Any

from pydantic import ValidationError

MAX_ENTRIES = 20
"""Error entries in one error frame; the rest are counted, not sent."""

MAX_ECHO = 100
"""Characters of client input (an unknown action, a key in ``loc``) echoed back."""

MAX_MSG = 300
"""Characters of one entry's ``msg``."""

TOO_MANY_TYPE = "too_many_errors"


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked with ``…`` when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "<object>"
    if isinstance(value, list):
        return "<array>"
    return truncate(str(value), MAX_ECHO)


def _entry(error: Any) -> dict[str, Any]:
    msg = str(error["msg"])
    if error["type"] == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        source = error.get("input")
        discriminator = str(ctx.get("discriminator", "")).strip("'")
        tag = source.get(discriminator) if isinstance(source, dict) else ctx.get("tag", "")
        msg = (
            f"Input tag '{_shown_tag(tag)}' found using {ctx.get('discriminator', '')} "
            f"does not match any of the expected tags: {ctx.get('expected_tags', '')}"
        )
    loc = [
        item if isinstance(item, int) else truncate(str(item), MAX_ECHO) for item in error["loc"]
    ]
    return {"type": error["type"], "loc": loc, "msg": truncate(msg, MAX_MSG)}


def bounded_validation_entries(error: ValidationError) -> list[dict[str, Any]]:
    """The client's view of ``error`` (``type``, ``loc``, ``msg``), bounded as described above."""
    errors = error.errors(include_url=False, include_context=True, include_input=True)
    entries = [_entry(e) for e in errors[:MAX_ENTRIES]]
    dropped = len(errors) - len(entries)
    if dropped > 0:
        entries.append(
            {"type": TOO_MANY_TYPE, "loc": [], "msg": f"{dropped} more errors not shown"}
        )
    return entries


__all__ = ["MAX_ECHO", "MAX_ENTRIES", "MAX_MSG", "TOO_MANY_TYPE", "bounded_validation_entries"]
