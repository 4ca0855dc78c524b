"""Import blocks for generated Python modules, in the order ruff's isort expects."""

from chanx.client_generator.pytypes import MODULE_IMPORTS, Imports


def _member_key(name: str) -> tuple[int, str, str]:
    # ruff's order-by-type: CONSTANTS, then Classes, then variables; case-insensitive.
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name


def from_import(module: str, names: set[str]) -> str:
    members = sorted(names, key=_member_key)
    line = f"from {module} import {', '.join(members)}"
    if len(line) <= 88:
        return line
    body = "".join(f"    {name},\n" for name in members)
    return f"from {module} import (\n{body})"


def import_block(imports: Imports, local: dict[str, set[str]]) -> str:
    """``from __future__`` + stdlib + pydantic + ``local`` (relative module → names)."""
    sections = ["from __future__ import annotations"]
    stdlib = [MODULE_IMPORTS[m] for m in sorted(imports.modules)]
    if imports.typing:
        stdlib.append(from_import("typing", imports.typing))
    if stdlib:
        sections.append("\n".join(stdlib))
    if imports.pydantic:
        sections.append(from_import("pydantic", imports.pydantic))
    relative = [from_import(module, names) for module, names in sorted(local.items()) if names]
    if relative:
        sections.append("\n".join(relative))
    return "\n\n".join(sections)
