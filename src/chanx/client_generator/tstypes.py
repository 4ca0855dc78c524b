"""JSON Schema → TypeScript type expressions and declarations."""

import json
from typing import Any

from chanx.client_generator.naming import is_ts_identifier, union_text
from chanx.client_generator.refs import referenced_key

SIMPLE = {
    "string": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
}


def ts_literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value)
    return "unknown"


def ts_key(name: str) -> str:
    return name if is_ts_identifier(name) else json.dumps(name)


def jsdoc(text: str | None, indent: str = "") -> str:
    """A ``/** ... */`` block (or ``""``); ``*/`` inside the text is defused."""
    if not text or not text.strip() or text.strip() == "None":
        return ""
    lines = text.strip().replace("*/", "*\\/").splitlines()
    if len(lines) == 1:
        return f"{indent}/** {lines[0].strip()} */\n"
    body = "".join(f"{indent} *{' ' + line.rstrip() if line.strip() else ''}\n" for line in lines)
    return f"{indent}/**\n{body}{indent} */\n"


class TsRenderer:
    """Renders schemas with the document's type names."""

    def __init__(self, type_names: dict[str, str]) -> None:
        self.type_names = type_names

    def render(self, schema: Any, indent: str = "") -> str:
        if not isinstance(schema, dict) or not schema:
            return "unknown"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            key = referenced_key(ref, self.type_names)
            return self.type_names[key]
        if "const" in schema:
            return ts_literal(schema["const"])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self.union([ts_literal(v) for v in schema["enum"]])
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                return self.union([self.render(s, indent) for s in schema[keyword]])
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return self.render(all_of[0], indent)
        kind = schema.get("type")
        if isinstance(kind, list):
            return self.union([self.render({**schema, "type": k}, indent) for k in kind])
        if kind in SIMPLE:
            return SIMPLE[kind]
        if kind == "array":
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and prefix:
                return "[" + ", ".join(self.render(s, indent) for s in prefix) + "]"
            return f"Array<{self.render(schema.get('items'), indent)}>"
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            if isinstance(schema.get("properties"), dict) and schema["properties"]:
                return self.object_body(schema, indent)
            extra = schema.get("additionalProperties")
            return f"Record<string, {self.render(extra, indent) if isinstance(extra, dict) else 'unknown'}>"
        return "unknown"

    def union(self, members: list[str]) -> str:
        return union_text(members, "unknown", "null")

    def object_body(self, schema: dict[str, Any], indent: str = "") -> str:
        required = set(schema.get("required") or [])
        inner = indent + "  "
        lines = ["{"]
        for name, prop in schema["properties"].items():
            # A constant tag (the action) is always present on the wire.
            present = name in required or (isinstance(prop, dict) and "const" in prop)
            doc = jsdoc(prop.get("description") if isinstance(prop, dict) else None, inner)
            mark = "" if present else "?"
            lines.append(f"{doc}{inner}{ts_key(name)}{mark}: {self.render(prop, inner)};")
        lines.append(indent + "}")
        return "\n".join(lines)

    def declaration(self, key: str, schema: dict[str, Any]) -> str:
        name = self.type_names[key]
        doc = jsdoc(schema.get("description"))
        rendered = self.render(schema)
        if rendered.startswith("{"):
            return f"{doc}export interface {name} {rendered}"
        return f"{doc}export type {name} = {rendered};"
