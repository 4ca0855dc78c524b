"""JSON Schema → Python type expressions and Pydantic model source."""

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

from chanx.client_generator.naming import field_name, union_text
from chanx.client_generator.refs import referenced_key

LINE_LENGTH = 88  # ruff's default, which the generated code is formatted with
FORMAT_TYPES = {
    "date-time": ("_datetime", "_datetime.datetime"),
    "date": ("_datetime", "_datetime.date"),
    "time": ("_datetime", "_datetime.time"),
    "uuid": ("_uuid", "_uuid.UUID"),
}
MODULE_IMPORTS = {"_datetime": "import datetime as _datetime", "_uuid": "import uuid as _uuid"}
# Names annotations refer to; a field with such a name would shadow them inside the class.
ANNOTATION_NAMES = frozenset({"str", "int", "float", "bool", "list", "dict", "tuple", "None"})
SIMPLE_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}


def py_literal(value: Any) -> str:
    """Python source for a JSON value (strings in double quotes, as ruff formats them)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(str(k))}: {py_literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    raise ValueError(f"Cannot express default value {value!r} in Python")


def docstring(text: str, indent: str = "    ") -> str:
    """A safe triple-quoted docstring for arbitrary text."""
    cleaned = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    width = max(40, LINE_LENGTH - len(indent) - 6)
    lines: list[str] = []
    for line in cleaned.splitlines():
        wrapped = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        lines.extend(wrapped or [""])
    lines = lines or [""]
    if cleaned.endswith('"'):
        lines[-1] += " "
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    body = "\n".join(indent + line if line else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


@dataclass
class Imports:
    """Names one generated module needs; turned into an import block at the end."""

    typing: set[str] = field(default_factory=set)
    pydantic: set[str] = field(default_factory=set)
    modules: set[str] = field(default_factory=set)
    schemas: set[str] = field(default_factory=set)  # schema keys referenced


class TypeRenderer:
    """Renders schemas using the document's class names, recording what must be imported."""

    def __init__(self, type_names: dict[str, str], imports: Imports) -> None:
        self.type_names = type_names
        self.imports = imports

    def render(self, schema: Any) -> str:
        if not isinstance(schema, dict) or not schema:
            self.imports.typing.add("Any")
            return "Any"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            key = referenced_key(ref, self.type_names)
            self.imports.schemas.add(key)
            return self.type_names[key]
        if "const" in schema:
            return self._literal([schema["const"]], schema)
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._literal(schema["enum"], schema)
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                return self.union([self.render(s) for s in schema[keyword]])
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return self.render(all_of[0])
        kind = schema.get("type")
        if isinstance(kind, list):
            return self.union([self.render({**schema, "type": k}) for k in kind])
        return self._typed(kind, schema)

    def union(self, members: list[str]) -> str:
        return union_text(members, "Any", "None")

    def _literal(self, values: list[Any], schema: dict[str, Any]) -> str:
        if all(v is None or isinstance(v, str | int) for v in values):
            self.imports.typing.add("Literal")
            inner = [py_literal(v) for v in values if v is not None]
            rendered = f"Literal[{', '.join(inner)}]" if inner else "None"
            return f"{rendered} | None" if inner and None in values else rendered
        kinds = {type(v).__name__ for v in values}
        names = {"float": "float", "bool": "bool", "list": "list[Any]", "dict": "dict[str, Any]"}
        if kinds & {"list", "dict"}:
            self.imports.typing.add("Any")
        return self.union([names.get(k, "Any") for k in sorted(kinds)])

    def _typed(self, kind: Any, schema: dict[str, Any]) -> str:
        if kind == "string" and schema.get("format") in FORMAT_TYPES:
            module, expr = FORMAT_TYPES[schema["format"]]
            self.imports.modules.add(module)
            return expr
        if kind in SIMPLE_TYPES:
            return SIMPLE_TYPES[kind]
        if kind == "array":
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                return f"tuple[{', '.join(self.render(s) for s in prefix)}]"
            return f"list[{self.render(schema.get('items'))}]"
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.render(extra) if isinstance(extra, dict) else "Any"
            if value == "Any":
                self.imports.typing.add("Any")
            return f"dict[str, {value}]"
        self.imports.typing.add("Any")
        return "Any"


def is_model(schema: dict[str, Any]) -> bool:
    """True when a component schema becomes a Pydantic class (an object with properties)."""
    return isinstance(schema.get("properties"), dict) and schema.get("type", "object") == "object"


def render_field(
    raw_name: str,
    prop: Any,
    required: bool,
    renderer: TypeRenderer,
    forbidden: set[str],
) -> tuple[str, str, str]:
    """``(attribute, annotation, default source or "")`` for one property."""
    name = field_name(raw_name, forbidden | ANNOTATION_NAMES)
    annotation = renderer.render(prop)
    prop = prop if isinstance(prop, dict) else {}
    enum = prop.get("enum")
    single = (
        [prop["const"]]
        if "const" in prop
        else enum
        if isinstance(enum, list) and len(enum) == 1
        else None
    )
    if single is not None and "default" not in prop:
        # A constant (the action tag) is filled in for the caller.
        required, prop = False, {**prop, "default": single[0]}
    kwargs: list[str] = []
    plain: str | None = None
    if not required:
        value = prop.get("default")
        if isinstance(value, list | dict):
            kwargs.append(f"default={py_literal(value)}")
        else:
            plain = py_literal(value)
        if value is None and annotation != "Any" and not annotation.endswith("None"):
            annotation += " | None"
    if name != raw_name:
        if plain is not None:
            kwargs.append(f"default={plain}")
            plain = None
        # Separate aliases keep the Python name as the constructor keyword for type checkers.
        wire = json.dumps(raw_name)
        kwargs += [f"validation_alias={wire}", f"serialization_alias={wire}"]
    if kwargs:
        renderer.imports.pydantic.add("Field")
        return name, annotation, f"Field({', '.join(kwargs)})"
    return name, annotation, plain or ""


def render_model(
    key: str, schema: dict[str, Any], renderer: TypeRenderer, forbidden: set[str]
) -> str:
    """Source of one Pydantic class (or a ``TypeAlias`` for non-object schemas)."""
    name = renderer.type_names[key]
    if not is_model(schema):
        renderer.imports.typing.add("TypeAlias")
        return f"{name}: TypeAlias = {renderer.render(schema)}"
    renderer.imports.pydantic.add("BaseModel")
    lines = [f"class {name}(BaseModel):"]
    if isinstance(schema.get("description"), str) and schema["description"].strip():
        lines += [docstring(schema["description"]), ""]
    required = set(schema.get("required") or [])
    fields: list[str] = []
    taken: set[str] = set()
    aliased = False
    for raw_name, prop in schema["properties"].items():
        attr, annotation, default = render_field(
            raw_name, prop, raw_name in required, renderer, forbidden | taken
        )
        taken.add(attr)
        aliased = aliased or attr != raw_name
        fields.append(f"    {attr}: {annotation}" + (f" = {default}" if default else ""))
    if aliased:
        renderer.imports.pydantic.add("ConfigDict")
        lines += ["    model_config = ConfigDict(populate_by_name=True)", ""]
    lines += fields or ["    pass"]
    return "\n".join(lines)
