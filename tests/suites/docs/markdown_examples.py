"""Run the Python examples of a Markdown file, in order, in one namespace.

Every ```python block is executed; afterwards each ``async def test_*`` / ``def test_*``
function the blocks defined is called. Blocks that are not meant to run are written with
another language tag (``bash``, ``text``) — a Python snippet in docs must run.
"""

import asyncio
import inspect
import re
import sys
import types
from pathlib import Path
from typing import Any

BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
# A block whose first line is ``# name.py`` is a file of the example: it also becomes the
# module ``name``, so later blocks can import from it as the reader's project would.
FILE_NAME = re.compile(r"^# ([A-Za-z_][A-Za-z0-9_]*)\.py\n")


def example_files(path: Path) -> dict[str, str]:
    """The blocks of ``path`` that name their file (``# name.py``), by file name."""
    files: dict[str, str] = {}
    for block in python_blocks(path):
        match = FILE_NAME.match(block)
        if match:
            files[f"{match.group(1)}.py"] = block
    return files


def python_blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


def run_markdown_examples(path: Path, module_name: str) -> list[str]:
    """Execute the blocks of ``path``; return the names of the test functions that ran."""
    namespace: dict[str, Any] = {"__name__": module_name}
    for index, block in enumerate(python_blocks(path)):
        code = compile(block, f"{path.name}[block {index}]", "exec")
        exec(code, namespace)
        match = FILE_NAME.match(block)
        if match:
            module = types.ModuleType(match.group(1))
            module.__dict__.update(namespace)
            sys.modules[match.group(1)] = module
    ran: list[str] = []
    for name, value in list(namespace.items()):
        if name.startswith("test_") and inspect.isfunction(value):
            if inspect.iscoroutinefunction(value):
                asyncio.run(value())
            else:
                value()
            ran.append(name)
    return ran


# ```python title="chat/consumers.py"``` (or any language): a whole file of a tutorial project.
FILE_BLOCK = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```', re.DOTALL | re.MULTILINE)


def file_blocks(path: Path) -> dict[str, str]:
    """The files a tutorial builds, in order (a later block with the same title replaces it)."""
    files: dict[str, str] = {}
    for name, text in FILE_BLOCK.findall(path.read_text(encoding="utf-8")):
        files[name] = text
    return files


def write_project(path: Path, target: Path) -> dict[str, str]:
    """Write the tutorial's files under ``target`` (plus empty package markers)."""
    files = file_blocks(path)
    for name, text in files.items():
        file = target / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        for parent in file.relative_to(target).parents:
            if parent != Path(".") and name.endswith(".py"):
                (target / parent / "__init__.py").touch()
    return files
