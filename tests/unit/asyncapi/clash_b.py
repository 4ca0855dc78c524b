"""Models whose class names clash with ``clash_a``."""

from typing import Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class Payload(BaseModel):
    words: list[str]


class Shout(BaseMessage):
    action: Literal["shout_b"] = "shout_b"
    payload: Payload
