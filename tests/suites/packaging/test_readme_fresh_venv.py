"""The README's install lines install this project, and its example passes, in a fresh virtualenv.

A new virtualenv runs the README's Install block as a user would in their clone (the line
for one extra, ``pip`` and all), then the test prerequisite the README names (pytest); the
example's files are written as a user would copy them, and ``pytest -q`` runs there with no
configuration at all.
"""

import re
import tomllib
from pathlib import Path

import pytest

from tests.suites.docs.markdown_examples import example_files
from tests.suites.packaging.fresh_venv import ROOT, bash, bash_blocks, make_venv

README = ROOT / "README.md"
# The README's example is written for Django Channels; a FastAPI user changes the adapter.
ADAPTER_PACKAGE = {"channels": "chanx.channels", "fast-channels": "chanx.fast_channels"}


def install_lines(extra: str) -> str:
    """The README's Install block: the ``export`` and the line installing ``extra``."""
    block = next(b for b in bash_blocks(README) if "pip install" in b and "export CHANX" in b)
    lines = block.splitlines()
    keep = [line for line in lines if line.startswith("export ")]
    keep += [line for line in lines if re.search(rf"\[{re.escape(extra)}\]", line)]
    assert len(keep) == 2, block
    return "\n".join(keep)


@pytest.mark.parametrize("extra", ["channels", "fast-channels"])
def test_readme_install_and_example_in_a_fresh_virtualenv(tmp_path: Path, extra: str) -> None:
    activate = make_venv(tmp_path / "venv")
    installed = bash(f". {activate}\n{install_lines(extra)}\npip install -q pytest", ROOT)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    shown = bash(f". {activate}\npython -c 'import chanx; print(chanx.__version__)'", tmp_path)
    with (ROOT / "pyproject.toml").open("rb") as file:
        expected = tomllib.load(file)["project"]["version"]
    assert shown.stdout.strip() == expected, shown.stdout + shown.stderr

    project = tmp_path / "project"
    project.mkdir()
    files = example_files(README)
    assert set(files) == {"consumers.py", "test_consumers.py"}, files.keys()
    for name, text in files.items():
        (project / name).write_text(text.replace("chanx.channels", ADAPTER_PACKAGE[extra]))

    result = bash(f". {activate}\npytest -q -p no:cacheprovider", project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("2 passed"), result.stdout
