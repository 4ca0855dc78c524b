"""docs/architecture.md names real modules and covers every part of the core."""

import importlib
import pkgutil
import re
from pathlib import Path

import chanx.core

PAGE = (Path(__file__).resolve().parents[3] / "docs" / "architecture.md").read_text()


def test_every_module_the_page_names_imports() -> None:
    named = set(re.findall(r"`(chanx(?:\.[a-z_]+)+)", PAGE))
    assert len(named) > 20
    for dotted in sorted(named):
        module, _, attribute = dotted.rpartition(".")
        try:
            importlib.import_module(dotted)
        except ModuleNotFoundError:
            # ``chanx.channels.adapter.adapter``: a name inside a module.
            assert hasattr(importlib.import_module(module), attribute), dotted


def test_every_core_subpackage_is_described() -> None:
    subpackages = {info.name for info in pkgutil.iter_modules(chanx.core.__path__) if info.ispkg}
    assert subpackages == {"wire", "connection", "topics", "redis"}
    for name in subpackages:
        assert f"`chanx.core.{name}`" in PAGE
