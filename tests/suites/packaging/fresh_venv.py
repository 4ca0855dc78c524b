"""Run documented shell commands as a user would: a fresh virtualenv, bash, a clean environment.

The commands are taken from a Markdown page's ```bash blocks and run as written. ``CHANX``
names this checkout, as the Install section tells a user to set it.
"""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BASH_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.DOTALL | re.MULTILINE)
# Variables of the test run that a user's shell does not have.
_NOT_A_USERS = ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO", "PYTHONPATH", "VIRTUAL_ENV")


def bash_blocks(page: Path) -> list[str]:
    """The page's ```bash blocks, in order."""
    return BASH_BLOCK.findall(page.read_text(encoding="utf-8"))


def user_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: this one less the test run's variables, CHANX set."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_A_USERS}
    # A user's PATH does not start with this checkout's .venv.
    parts = [p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))]
    env["PATH"] = os.pathsep.join(parts)
    env["CHANX"] = str(ROOT)
    env.update(extra)
    return env


def bash(
    script: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` with ``bash -e`` in ``cwd``; never raises on failure (the caller asserts)."""
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env=env if env is not None else user_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def make_venv(path: Path) -> Path:
    """A fresh virtualenv with pip (``python -m venv``, as the docs say); its ``activate``."""
    made = bash(f"python3 -m venv {path}", path.parent)
    assert made.returncode == 0, made.stdout + made.stderr
    return path / "bin" / "activate"
