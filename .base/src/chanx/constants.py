"""Action strings the framework itself sends, and other shared constants."""

from typing import Final, Literal, TypeAlias

MESSAGE_ACTION_COMPLETE: Final[Literal["complete"]] = "complete"
EVENT_ACTION_COMPLETE: Final[Literal["event_complete"]] = "event_complete"
GROUP_ACTION_COMPLETE: Final[Literal["group_complete"]] = "group_complete"

COMPLETE_ACTIONS_TYPE: TypeAlias = Literal["complete", "event_complete", "group_complete"]

COMPLETE_ACTIONS: Final[set[str]] = {
    MESSAGE_ACTION_COMPLETE,
    EVENT_ACTION_COMPLETE,
    GROUP_ACTION_COMPLETE,
}
CHANX_ACTIONS: Final[set[str]] = COMPLETE_ACTIONS | {"error"}

MISSING_PYHUMPS_ERROR: Final[str] = (
    "Camelization is enabled but the 'pyhumps' package is not installed. "
    "Please install it by running 'pip install pyhumps' or install the camel-case extra "
    "with 'pip install chanx[camel-case]'."
)
