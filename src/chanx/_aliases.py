"""Earlier import paths that name a module now living elsewhere: one table, one module object.

``import chanx.ext.fast_channels.views`` gives the very module ``chanx.fast_channels.views``
(registered in ``sys.modules`` under both names), so ``unittest.mock.patch`` through either
path reaches the code, and there is one copy of every module-level value. A prefix entry
maps every module below it too (``chanx.ext.channels.utils.asgi`` is
``chanx.channels.utils.asgi``).

Installed by ``chanx/__init__.py``. Files Django or a type checker looks for stay on disk
(``chanx/ext/**.pyi`` describe the same modules to type checkers); nothing else does.
"""

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

# Old dotted path (or prefix) -> new one.
ALIASES: dict[str, str] = {
    "chanx.ext.channels": "chanx.channels",
    "chanx.ext.fast_channels": "chanx.fast_channels",
}


def target_of(name: str) -> str | None:
    """The module ``name`` stands for, or ``None`` when it is not an earlier path."""
    for old, new in ALIASES.items():
        if name == old:
            return new
        if name.startswith(old + "."):
            return new + name[len(old) :]
    return None


class _AliasLoader(importlib.abc.Loader):
    """Loads an earlier path as the module it stands for (imported under its own name)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self._spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system stamped the alias's spec on the module: give it back its own.
        module.__spec__ = self._spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        new = target_of(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(new))


_FINDER = _AliasFinder()


def install() -> None:
    """Put the alias finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _FINDER)


__all__ = ["ALIASES", "install", "target_of"]
