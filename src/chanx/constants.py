"""Action strings the framework itself sends, and other shared constants."""

from typing import Final, Literal, TypeAlias

MESSAGE_ACTION_COMPLETE: Final[Literal["complete"]] = "complete"
EVENT_ACTION_COMPLETE: Final[Literal["event_complete"]] = "event_complete"
GROUP_ACTION_COMPLETE: Final[Literal["group_complete"]] = "group_complete"

COMPLETE_ACTIONS: Final[set[str]] = {
    MESSAGE_ACTION_COMPLETE,
    EVENT_ACTION_COMPLETE,
    GROUP_ACTION_COMPLETE,
}
COMPLETE_ACTIONS_TYPE: TypeAlias = Literal["complete", "event_complete", "group_complete"]
"""The type of a completion action (one of ``COMPLETE_ACTIONS``)."""
CHANX_ACTIONS: Final[set[str]] = COMPLETE_ACTIONS | {"error"}

CLOSE_UNAUTHENTICATED: Final[int] = 4401
"""The application close code for "not authenticated" (4000 + HTTP 401); see
``BaseAuthenticator.close_code``."""

MISSING_PYHUMPS_ERROR: Final[str] = (
    "Camelization is enabled but the 'pyhumps' package is not installed. "
    "Please install it by running 'pip install pyhumps' or install the camel-case extra "
    "with 'pip install chanx[camel-case]'."
)

# Envelope keys that may sit beside ``action`` and ``payload`` on a frame (chanx.core.envelope).
ENVELOPE_FIELDS: Final[frozenset[str]] = frozenset({"version", "topic", "ref", "seq"})
# The envelope version this server speaks; replies carrying envelope keys say it.
ENVELOPE_VERSION: Final[int] = 1
# Longest ``ref`` and ``topic`` a client may send; longer ones get a validation error frame.
MAX_REF_LENGTH: Final[int] = 128
MAX_TOPIC_LENGTH: Final[int] = 256
# Channel layers accept group names below 100 characters.
MAX_GROUP_NAME_LENGTH: Final[int] = 99
