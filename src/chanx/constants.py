"""Action strings the framework itself sends, and other shared constants."""

from typing import Final, Literal

MESSAGE_ACTION_COMPLETE: Final[Literal["complete"]] = "complete"
EVENT_ACTION_COMPLETE: Final[Literal["event_complete"]] = "event_complete"
GROUP_ACTION_COMPLETE: Final[Literal["group_complete"]] = "group_complete"

COMPLETE_ACTIONS: Final[set[str]] = {
    MESSAGE_ACTION_COMPLETE,
    EVENT_ACTION_COMPLETE,
    GROUP_ACTION_COMPLETE,
}
CHANX_ACTIONS: Final[set[str]] = COMPLETE_ACTIONS | {"error"}

CLOSE_UNAUTHENTICATED: Final[int] = 1000
"""Close code after the authenticator refuses a connection: a normal closure. Why it was
refused travels in the frame sent before closing (e.g. the authentication message)."""

MISSING_PYHUMPS_ERROR: Final[str] = (
    "Camelization is enabled but the 'pyhumps' package is not installed. "
    "Please install it by running 'pip install pyhumps' or install the camel-case extra "
    "with 'pip install chanx[camel-case]'."
)
