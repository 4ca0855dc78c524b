"""The support matrix: the in-process test suites on every supported combination.

``nox -l`` lists it. Each session is a fresh uv virtualenv with chanx installed from this
checkout and its dependencies resolved (not taken from uv.lock):

* ``tests(<python>-django5.2)`` and ``tests(<python>-django6)``: the newest Django of that series and the newest
  Channels, channels-redis, fast-channels, FastAPI and Pydantic. Django 6 needs Python 3.12+.
* ``lowest``: Python 3.11 with every direct dependency at the lowest version pyproject.toml
  admits (uv's ``--resolution lowest-direct``).

The whole suite (servers, browser, scale) runs on the locked environment (``scripts/test.sh``);
these sessions run ``-m "not system"``, the suites that stay inside the pytest process.
"""

from __future__ import annotations

import glob
import os
import sys
import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYTHONS = ("3.11", "3.12", "3.13")
EXTRAS = ".[channels,fast-channels,yaml,cli,observability]"
# Test tools from the dev group (mypy and ruff included: tests check generated clients with
# them); the type stubs serve the project's own type check, which runs on the locked env only.
_LOCKED_ONLY = ("chanx[", "django-stubs", "djangorestframework-stubs", "types-")
_SKIP_TOOLS = ("nox", "twine")

nox.options.default_venv_backend = "uv"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["tests", "lowest"]


def _expose_pyenv_interpreters() -> None:
    """Put pyenv's installed interpreters on PATH (uv does not follow pyenv's shims)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found: list[str] = []
    for version in PYTHONS:
        candidates = sorted(glob.glob(str(root / "versions" / f"{version}.*" / "bin")))
        if candidates:
            found.append(candidates[-1])
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


def _test_tools() -> list[str]:
    """The dev group's requirements the test suites import."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    return [
        req
        for req in groups["dev"]
        if not req.startswith(_LOCKED_ONLY) and not req.startswith(_SKIP_TOOLS)
    ]


def _run_in_process_suites(session: nox.Session) -> None:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"  # nox's own, for comparison
    expected = session.python if isinstance(session.python, str) else version
    session.run(
        "python",
        "-c",
        f"import sys; v = '%d.%d' % sys.version_info[:2]; "
        f"assert v == {expected!r}, f'interpreter {{v}}, expected {expected}'",
    )
    session.run(
        "python",
        "-c",
        "import importlib.metadata as m; print(', '.join(f'{p} {m.version(p)}' for p in "
        "('django', 'channels', 'channels-redis', 'fast-channels', 'fastapi', 'pydantic', "
        "'djangorestframework', 'structlog')))",
    )
    session.run("pytest", "-m", "not system", "-q", *session.posargs)


_expose_pyenv_interpreters()


@nox.session
@nox.parametrize(
    "python,django",
    [(py, dj) for py in PYTHONS for dj in ("5.2", "6") if not (dj == "6" and py == "3.11")],
    ids=[
        f"{py}-django{dj}"
        for py in PYTHONS
        for dj in ("5.2", "6")
        if not (dj == "6" and py == "3.11")
    ],
)
def tests(session: nox.Session, django: str) -> None:
    """In-process suites on the newest releases of everything, Django of the given series."""
    series = "Django>=5.2,<6" if django == "5.2" else "Django>=6,<7"
    session.install("-e", EXTRAS, series, *_test_tools())
    _run_in_process_suites(session)


@nox.session(python="3.11")
def lowest(session: nox.Session) -> None:
    """In-process suites with every direct dependency at its lowest admitted version."""
    session.install("--resolution", "lowest-direct", "-e", EXTRAS)
    # The test tools at their newest versions that fit what is installed.
    session.install(*_test_tools())
    _run_in_process_suites(session)
