"""Models whose class names clash with ``clash_b``."""

from typing import Literal

from pydantic import BaseModel

from chanx.messages.base import BaseMessage


class Payload(BaseModel):
    loud: bool


class Shout(BaseMessage):
    action: Literal["shout_a"] = "shout_a"
    payload: Payload
