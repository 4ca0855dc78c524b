"""Message classes that more than one suite's consumers speak, defined once.

Only messages that are the same on the wire in every suite live here (same action,
same payload type and default). Look-alikes that differ in any of these stay in their suite.
"""

from typing import Literal

from chanx.messages.base import BaseMessage


class Shout(BaseMessage):
    action: Literal["shout"] = "shout"
    payload: str


class Shouted(BaseMessage):
    action: Literal["shouted"] = "shouted"
    payload: str


class Notify(BaseMessage):
    action: Literal["notify"] = "notify"
    payload: str


class Noticed(BaseMessage):
    action: Literal["noticed"] = "noticed"
    payload: str
