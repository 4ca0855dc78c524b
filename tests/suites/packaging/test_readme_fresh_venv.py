"""The README's consumer-and-test example passes in a fresh project, for each extra.

A new virtualenv gets chanx from this checkout with one extra, exactly as the README's
Install section says, plus the test prerequisite it lists (pytest); the example's files are
written as a user would copy them, and pytest runs there with no configuration at all.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.suites.docs.markdown_examples import example_files

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
# The README's example is written for Django Channels; a FastAPI user changes the adapter.
ADAPTER_PACKAGE = {"channels": "chanx.channels", "fast-channels": "chanx.fast_channels"}


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize("extra", ["channels", "fast-channels"])
def test_readme_example_in_a_fresh_virtualenv(tmp_path: Path, extra: str) -> None:
    uv = shutil.which("uv")
    assert uv is not None, "uv is needed to build the virtualenv"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO", "PYTHONPATH", "VIRTUAL_ENV")
    }
    venv = tmp_path / "venv"
    made = _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], tmp_path, env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run(
        [uv, "pip", "install", "--quiet", "--python", str(python), f"{ROOT}[{extra}]", "pytest"],
        tmp_path,
        env,
    )
    assert installed.returncode == 0, installed.stderr

    project = tmp_path / "project"
    project.mkdir()
    files = example_files(README)
    assert set(files) == {"consumers.py", "test_consumers.py"}, files.keys()
    for name, text in files.items():
        (project / name).write_text(text.replace("chanx.channels", ADAPTER_PACKAGE[extra]))

    result = _run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("2 passed"), result.stdout
