"""Reading a frame's envelope keys and action straight from its text.

A frame with envelope keys (``ref``, ``topic``, ...) is validated twice from its text: once
for its *head* (the envelope keys, validated, and the routing action) and once by the
validator of whoever handles it (the consumer, or the topic it is addressed to). Neither pass
builds a dict of the whole frame. The second pass is only taken for message types that cannot
see envelope keys (:func:`ignores_envelope_keys`); others get the frame without them, parsed.
"""

from functools import cache
from typing import Annotated, Any

from pydantic import Field, StrictStr, TypeAdapter, ValidationError
from pydantic_core import SchemaValidator
from typing_extensions import TypedDict

from chanx.constants import ENVELOPE_FIELDS, MAX_REF_LENGTH, MAX_TOPIC_LENGTH
from chanx.messages.base import BaseMessage


@cache
def _head_validator(discriminator: str) -> SchemaValidator:
    # The same constraints as ``chanx.core.envelope.Envelope``; keys absent stay absent.
    keys: dict[str, Any] = {
        "version": int,
        "topic": Annotated[StrictStr, Field(max_length=MAX_TOPIC_LENGTH)] | None,
        "ref": Annotated[StrictStr, Field(max_length=MAX_REF_LENGTH)] | None,
        "seq": int | None,
        discriminator: Any,
    }
    head = TypedDict("FrameHead", keys, total=False)  # type: ignore[misc]
    return TypeAdapter(head).validator  # type: ignore[return-value]


def read_head(text: str, discriminator: str) -> dict[str, Any] | None:
    """The envelope keys (validated) and the ``discriminator`` value of ``text``, as given.

    ``None`` when the text is not a JSON object or its envelope keys are invalid: the parsed
    path then tells the client what is wrong.
    """
    if discriminator in ENVELOPE_FIELDS:
        return None
    try:
        head: dict[str, Any] = _head_validator(discriminator).validate_json(text)
    except ValidationError:
        return None
    return head


def ignores_envelope_keys(message_types: list[type[BaseMessage]]) -> bool:
    """Would validating a frame *with* its envelope keys give the same messages as without?

    True when no type declares a field (or alias) named like an envelope key, none keeps or
    forbids unknown keys, and none has a model validator that sees the raw input.
    """
    for message_type in message_types:
        if message_type.model_config.get("extra") not in (None, "ignore"):
            return False
        for name, field in message_type.model_fields.items():
            aliases = (name, field.alias, field.validation_alias)
            if any(not isinstance(alias, str | None) for alias in aliases):
                return False  # AliasPath / AliasChoices: not worth reading
            if any(alias in ENVELOPE_FIELDS for alias in aliases):
                return False
        validators = message_type.__pydantic_decorators__.model_validators.values()
        if any(v.info.mode in ("before", "wrap") for v in validators):
            return False
    return True
