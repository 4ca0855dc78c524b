"""The base class of every chanx message."""

import abc
import inspect
import typing
from typing import Any, Literal, get_origin

from pydantic import BaseModel


class BaseMessage(BaseModel, abc.ABC):
    """A frame or event: a Pydantic model selected by its literal ``action``.

    Subclasses declare ``action: Literal["name"] = "name"`` and a ``payload``.
    Intermediate abstract bases list ``abc.ABC`` among their direct bases.
    """

    action: Any
    payload: Any

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        # Runs after Pydantic has built the model, so string annotations resolve.
        super().__pydantic_init_subclass__(**kwargs)
        if abc.ABC in cls.__bases__:
            return
        own = inspect.get_annotations(cls)
        if "action" not in own:
            raise TypeError(f"Class '{cls.__name__}' must define an 'action' field")
        annotation = own["action"]
        if isinstance(annotation, str):
            annotation = _resolve_action_annotation(cls)
        if get_origin(annotation) is not Literal:  # type: ignore[comparison-overlap]
            raise TypeError(
                f"Class '{cls.__name__}' requires the field 'action' to be a `Literal` type"
            )


def _resolve_action_annotation(cls: type[BaseMessage]) -> Any:
    """Resolve a string annotation (``from __future__ import annotations``)."""
    try:
        return typing.get_type_hints(cls)["action"]
    except Exception:
        # Pydantic has already resolved the field; fall back to its view of it.
        field = cls.model_fields.get("action")
        return field.annotation if field is not None else None
