"""Walk an import-surface list (``module: name name ...`` per line) and report what is missing.

Run as ``python -m tests.suites.layout.surface FILE...`` under a configured Django settings module;
prints one JSON list of ``"module"`` (the module does not import) and ``"module:name"``.
"""

import importlib
import json
import sys
from pathlib import Path

import django


def surface(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` for every line of ``path``."""
    entries: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            module, _, names = line.partition(":")
            entries.append((module.strip(), names.split()))
    return entries


def missing(paths: list[Path]) -> list[str]:
    """Modules that fail to import and names they lack, in file order."""
    found: list[str] = []
    for path in paths:
        for module_name, names in surface(path):
            try:
                module = importlib.import_module(module_name)
            except ImportError as exc:
                print(f"{module_name}: {exc!r}", file=sys.stderr)
                found.append(module_name)
                continue
            found += [f"{module_name}:{name}" for name in names if not hasattr(module, name)]
    return found


if __name__ == "__main__":
    django.setup()
    print(json.dumps(missing([Path(arg) for arg in sys.argv[1:]])))
