"""Serialising documents: JSON and (optional) YAML with one set of options everywhere."""

import json
from types import ModuleType
from typing import Any


def yaml_module() -> ModuleType | None:
    """PyYAML if installed, else ``None`` (YAML output is optional)."""
    try:
        import yaml
    except ImportError:
        return None
    return yaml


def to_json(document: dict[str, Any]) -> str:
    """2-space indented JSON, non-ASCII kept."""
    return json.dumps(document, indent=2, ensure_ascii=False)


def to_yaml(document: dict[str, Any]) -> str:
    """Block-style YAML in insertion order. Raises ``ImportError`` without PyYAML."""
    yaml = yaml_module()
    if yaml is None:
        raise ImportError("PyYAML is not installed")
    text: str = yaml.dump(
        document, default_flow_style=False, sort_keys=False, indent=2, allow_unicode=True
    )
    return text
