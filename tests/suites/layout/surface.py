"""Walk an import-surface list and report what is missing.

A line is ``module: name name ...`` (the module imports and has each name) or
``module.Class: member member ...`` (the class has each member). Run as
``python -m tests.suites.layout.surface FILE...`` under a configured Django settings module;
prints one JSON list of ``"module"`` (the module does not import), ``"module:name"`` and
``"module.Class.member"``.
"""

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import django


def surface(path: Path) -> list[tuple[str, list[str]]]:
    """``(module or class path, names)`` for every line of ``path``."""
    entries: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            module, _, names = line.partition(":")
            entries.append((module.strip(), names.split()))
    return entries


def is_class_line(dotted: str) -> bool:
    """A class line names a class: its last part starts with a capital letter."""
    return dotted.rsplit(".", 1)[-1][:1].isupper()


def resolve_class(dotted: str) -> Any:
    """The class at ``module.Class``; ``None`` when the module or the class is missing."""
    module_name, _, class_name = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        print(f"{module_name}: {exc!r}", file=sys.stderr)
        return None
    found = getattr(module, class_name, None)
    return found if isinstance(found, type) else None


def missing(paths: list[Path]) -> list[str]:
    """Modules that fail to import, names they lack and class members, in file order."""
    found: list[str] = []
    for path in paths:
        for dotted, names in surface(path):
            if is_class_line(dotted):
                cls = resolve_class(dotted)
                if cls is None:
                    found.append(dotted)
                    continue
                found += [f"{dotted}.{name}" for name in names if not hasattr(cls, name)]
                continue
            try:
                module = importlib.import_module(dotted)
            except ImportError as exc:
                print(f"{dotted}: {exc!r}", file=sys.stderr)
                found.append(dotted)
                continue
            found += [f"{dotted}:{name}" for name in names if not hasattr(module, name)]
    return found


if __name__ == "__main__":
    django.setup()
    print(json.dumps(missing([Path(arg) for arg in sys.argv[1:]])))
