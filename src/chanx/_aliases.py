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
    # chanx.core's internal modules, grouped by concept into wire/, connection/, topics/ and redis/.
    "chanx.core.codec": "chanx.core.wire.codec",
    "chanx.core.frame_head": "chanx.core.wire.frame_head",
    "chanx.core.frames": "chanx.core.wire.frames",
    "chanx.core.error_bounds": "chanx.core.wire.error_bounds",
    "chanx.core.sender": "chanx.core.wire.sender",
    "chanx.core.outbound": "chanx.core.wire.outbound",
    "chanx.core.dispatch_loop": "chanx.core.connection.dispatch_loop",
    "chanx.core.eager": "chanx.core.connection.eager",
    "chanx.core.concurrency": "chanx.core.connection.concurrency",
    "chanx.core.resilience": "chanx.core.connection.resilience",
    "chanx.core.layer_probe": "chanx.core.connection.layer_probe",
    "chanx.core.layer_watch": "chanx.core.connection.layer_watch",
    "chanx.core.layer_loops": "chanx.core.connection.layer_loops",
    "chanx.core.origins": "chanx.core.connection.origins",
    "chanx.core.frame_guard": "chanx.core.connection.frame_guard",
    "chanx.core.transport": "chanx.core.connection.transport",
    "chanx.core.server_buffer": "chanx.core.connection.server_buffer",
    "chanx.core.server_flags": "chanx.core.connection.server_flags",
    "chanx.core.disconnects": "chanx.core.connection.disconnects",
    "chanx.core.log_budget": "chanx.core.connection.log_budget",
    "chanx.core.frame_log": "chanx.core.wire.frame_log",
    "chanx.core.frame_settings": "chanx.core.wire.frame_settings",
    "chanx.core.topic_router": "chanx.core.topics.router",
    "chanx.core.topic_sender": "chanx.core.topics.sender",
    "chanx.core.topic_streams": "chanx.core.topics.streams",
    "chanx.core.topic_stores": "chanx.core.topics.stores",
    "chanx.core.history": "chanx.core.topics.history",
    "chanx.core.presence": "chanx.core.topics.presence",
    "chanx.core.redis_client": "chanx.core.redis.clients",
    "chanx.core.redis_hosts": "chanx.core.redis.hosts",
    "chanx.core.redis_pools": "chanx.core.redis.pools",
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
