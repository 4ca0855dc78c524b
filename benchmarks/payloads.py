"""Frames used by the workloads (identical text for both sides)."""

import json
from typing import Any


def echo_frame(n: int = 1) -> str:
    return json.dumps({"action": "echo", "payload": {"text": "hello world", "n": n}})


def shout_frame() -> str:
    return json.dumps({"action": "shout", "payload": {"text": "to everyone", "n": 1}})


def _item(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "name": f"item-{i:06d}",
        "score": i * 0.5,
        "tags": ["alpha", "beta", f"t{i % 7}"],
        "attrs": {"width": i % 640, "height": i % 480, "depth": 3},
    }


def doc(target_bytes: int) -> dict[str, Any]:
    """A nested document whose JSON is roughly ``target_bytes`` long (at least one item)."""
    items = [_item(0)]
    base = len(json.dumps({"title": "bulk document", "items": items}))
    per_item = len(json.dumps(_item(10_000))) + 2
    count = max(1, 1 + (target_bytes - base) // per_item)
    return {"title": "bulk document", "items": [_item(i) for i in range(count)]}


def bulk_frame(target_bytes: int) -> str:
    return json.dumps({"action": "bulk", "payload": doc(target_bytes)})
