"""The document registry: message types per consumer, and their AsyncAPI components.

``AsyncAPIGenerator`` fills a fresh registry from the routed consumers' handler tables each
time it generates a document, so a document holds exactly what its routes use and defining a
consumer costs nothing here. JSON schemas are built lazily (on first read of the component
maps), and a model that cannot be described fails only when a document is generated.
"""

import threading
import types
import typing
from collections import defaultdict
from typing import Any, Generic, TypeVar, overload

import humps
from pydantic import BaseModel

from chanx.asyncapi.schema_tools import (
    DEFS_PREFIX,
    direct_model_fields,
    match_defs,
    reachable_models,
    rewrite_refs,
    sanitize_key,
    schema_title,
    unwrap_root_ref,
)
from chanx.core.decorators import expand_output_types
from chanx.messages.base import BaseMessage

V = TypeVar("V")

UNION_TYPES: tuple[Any, ...] = (typing.Union, types.UnionType)
"""Origins of ``A | B`` and ``Union[A, B]`` (``typing.get_origin``)."""


def clean_consumer_name(name: str) -> str:
    """Drop one trailing ``"Consumer"`` from a class name."""
    return name[: -len("Consumer")] if name.endswith("Consumer") else name


def get_asyncapi_schema_ref(title: str) -> str:
    """``#/components/schemas/<title>``."""
    return f"#/components/schemas/{title}"


def get_asyncapi_message_ref(title: str) -> str:
    """``#/components/messages/<title>``."""
    return f"#/components/messages/{title}"


class SchemaBuildError(Exception):
    """A message model registered by a consumer has no JSON schema."""

    def __init__(self, model: type[BaseModel], consumer_name: str, cause: Exception) -> None:
        self.model = model
        self.consumer_name = consumer_name
        self.cause = cause
        super().__init__(
            f"Cannot describe message {model.__name__} of consumer {consumer_name}: {cause}"
        )


class _BuiltView(Generic[V]):
    """A read-only view of a registry: ``registry.<name>`` calls ``registry.ready()``, then
    returns the registry's ``_<name>``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.attr = f"_{name}"

    @overload
    def __get__(self, registry: None, owner: type) -> "_BuiltView[V]": ...
    @overload
    def __get__(self, registry: "MessageRegistry", owner: type) -> V: ...
    def __get__(self, registry: "MessageRegistry | None", owner: type) -> "V | _BuiltView[V]":
        if registry is None:
            return self
        registry.ready()
        value: V = getattr(registry, self.attr)
        return value


class MessageRegistry:
    """Message classes per consumer, with their JSON schemas and AsyncAPI message objects."""

    def __init__(self, *, keep_ref_defaults: bool = False) -> None:
        # Opt-in: keep a model field's ``default`` next to its ``$ref``.
        self.keep_ref_defaults = keep_ref_defaults
        self.consumer_messages: defaultdict[str, set[type[BaseMessage]]] = defaultdict(set)
        self._pending: list[tuple[type[BaseMessage], str]] = []
        self._schemas: dict[type[BaseModel], str] = {}
        self._messages: dict[type[BaseMessage], str] = {}
        self._schema_objects: dict[str, dict[str, Any]] = {}
        self._message_objects: dict[str, dict[str, Any]] = {}
        self._remap_schema_title: dict[type[BaseModel], str] = {}
        self._titles: dict[type[BaseModel], str] = {}
        self._claimed: dict[str, Any] = {}
        self._lock = threading.RLock()

    # -- registration ----------------------------------------------------------------------
    def add(self, message_type: Any, consumer_name: str) -> None:
        """Record a message class, an ``A | B`` union or a list/tuple of them for a consumer."""
        classes = expand_output_types(message_type)
        with self._lock:
            self.consumer_messages[consumer_name].update(classes)
            self._pending.extend((cls, consumer_name) for cls in classes)

    def build(self) -> None:
        """Build the schema and message of every class registered so far.

        Raises ``SchemaBuildError`` naming the consumer and class that cannot be described;
        the failing class stays pending, so the next call reports it again.
        """
        with self._lock:
            while self._pending:
                cls, owner = self._pending[0]
                self.build_message(cls, owner)
                self._pending.pop(0)

    def build_available(self) -> list[SchemaBuildError]:
        """Build everything that can be built; the failures (still pending) are returned."""
        errors: list[SchemaBuildError] = []
        with self._lock:
            remaining: list[tuple[type[BaseMessage], str]] = []
            for cls, owner in self._pending:
                try:
                    self.build_message(cls, owner)
                except SchemaBuildError as exc:
                    remaining.append((cls, owner))
                    if all(e.model is not exc.model for e in errors):
                        errors.append(exc)
            self._pending = remaining
        return errors

    def components(self) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """``(message_objects, schema_objects)`` of what is built, without building."""
        with self._lock:
            return dict(self._message_objects), dict(self._schema_objects)

    # -- lazily built views: each read first builds what is pending -----------------------
    # Model class → ``#/components/schemas/...`` reference.
    schemas: "_BuiltView[dict[type[BaseModel], str]]" = _BuiltView()
    # Message class → ``#/components/messages/...`` reference.
    messages: "_BuiltView[dict[type[BaseMessage], str]]" = _BuiltView()
    # Component key → JSON schema.
    schema_objects: "_BuiltView[dict[str, dict[str, Any]]]" = _BuiltView()
    # Message name → AsyncAPI message object.
    message_objects: "_BuiltView[dict[str, dict[str, Any]]]" = _BuiltView()
    # Classes renamed because another class had claimed their title first.
    remap_schema_title: "_BuiltView[dict[type[BaseModel], str]]" = _BuiltView()

    def ready(self) -> None:
        """Build before a view is read: every class registered so far (``build()``)."""
        self.build()

    def message_name(self, message_type: type[BaseMessage], consumer_name: str) -> str:
        """The ``components.messages`` key of ``message_type`` (built on demand)."""
        with self._lock:
            self.build_message(message_type, consumer_name)
            return self._messages[message_type].rsplit("/", 1)[-1]

    # -- building ----------------------------------------------------------------------------
    def build_message(self, message_type: type[BaseMessage], consumer_name: str) -> None:
        """Register the schema of ``message_type`` and its AsyncAPI message object."""
        with self._lock:
            if message_type in self._messages:
                return
            title = self.build_message_schema(message_type, consumer_name)
            name = base = humps.depascalize(title)
            index = 2
            while name in self._message_objects:
                name = f"{base}_{index}"
                index += 1
            self._message_objects[name] = {"payload": {"$ref": get_asyncapi_schema_ref(title)}}
            self._messages[message_type] = get_asyncapi_message_ref(name)

    def build_message_schema(self, model: Any, consumer_name: str) -> str:
        """Register ``model`` (or each model of a union) as a schema component; its key."""
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            keys = [self.build_message_schema(m, consumer_name) for m in expand_output_types(model)]
            return keys[0] if keys else ""
        with self._lock:
            if model in self._titles:
                return self._titles[model]
            try:
                raw = model.model_json_schema()
            except Exception as exc:
                raise SchemaBuildError(model, consumer_name, exc) from exc
            return self._store_model(model, raw, consumer_name)

    def _store_model(self, model: type[BaseModel], raw: dict[str, Any], owner: str) -> str:
        schema, self_key = unwrap_root_ref(raw)
        key = self._claim(model, schema_title(model), owner)
        if key != sanitize_key(schema_title(model)):
            schema["title"] = key
        # Claimed before recursing, so self-referencing models terminate.
        self._titles[model] = key
        self._schemas[model] = get_asyncapi_schema_ref(key)
        try:
            self._schema_objects[key] = self._resolve_defs(model, schema, self_key, key, owner)
        except Exception:
            del self._titles[model], self._schemas[model], self._claimed[key]
            self._remap_schema_title.pop(model, None)
            raise
        return key

    def _resolve_defs(
        self,
        model: type[BaseModel],
        schema: dict[str, Any],
        self_key: str | None,
        key: str,
        owner: str,
    ) -> dict[str, Any]:
        """Move ``$defs`` into components and point every reference at them."""
        defs: dict[str, Any] = schema.pop("$defs", {}) or {}
        mapping: dict[str, str] = {}
        if self_key is not None:
            mapping[DEFS_PREFIX + self_key] = get_asyncapi_schema_ref(key)
        for def_key, cls in match_defs(defs, reachable_models(model)).items():
            mapping[DEFS_PREFIX + def_key] = get_asyncapi_schema_ref(
                self.build_message_schema(cls, owner)
            )
        plain = {k: v for k, v in defs.items() if DEFS_PREFIX + k not in mapping}
        tentative = {**{DEFS_PREFIX + k: get_asyncapi_schema_ref(k) for k in plain}, **mapping}
        for def_key, definition in plain.items():
            # Identical definitions (the same enum used twice) share one component.
            content = rewrite_refs(definition, tentative)
            title = definition.get("title") if isinstance(definition, dict) else None
            name = title if isinstance(title, str) and title else def_key
            mapping[DEFS_PREFIX + def_key] = get_asyncapi_schema_ref(
                self._claim(content, name, owner)
            )
        for def_key, definition in plain.items():
            target = mapping[DEFS_PREFIX + def_key].rsplit("/", 1)[-1]
            self._schema_objects.setdefault(target, rewrite_refs(definition, mapping))

        schema = rewrite_refs(schema, mapping)
        properties = schema.get("properties", {})
        for prop, cls in direct_model_fields(model).items():
            if prop in properties:
                replaced = {"$ref": get_asyncapi_schema_ref(self.build_message_schema(cls, owner))}
                if self.keep_ref_defaults and "default" in properties[prop]:
                    replaced["default"] = properties[prop]["default"]
                properties[prop] = replaced
        return schema

    def _claim(self, owner_of_key: Any, title: str, consumer_name: str) -> str:
        """A free component key for ``title``; prefixed with the consumer name on a clash.

        ``owner_of_key`` is a model class, or the content of a non-model definition (equal
        content may share a key).
        """
        key = sanitize_key(title)
        if self._claimed.setdefault(key, owner_of_key) == owner_of_key:
            return key
        base = sanitize_key(clean_consumer_name(consumer_name) + title)
        key, index = base, 2
        while self._claimed.setdefault(key, owner_of_key) != owner_of_key:
            key = f"{base}{index}"
            index += 1
        if isinstance(owner_of_key, type):
            self._remap_schema_title[owner_of_key] = key
        return key
