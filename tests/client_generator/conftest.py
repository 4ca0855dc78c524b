"""Fixtures for the client generator tests: documents, generated packages, node, a live server."""

import importlib
import json
import os
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from chanx.client_generator import generate_client
from tests.services import _missing

HERE = Path(__file__).parent
DATA = HERE / "data"
TS_DIR = HERE / "ts"
NODE_DIR = HERE / ".node"
REPO = HERE.parent.parent
SERVER_START_TIMEOUT = 60.0


def load_doc(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return data


def run(command: list[str], cwd: Path, timeout: float = 180.0) -> subprocess.CompletedProcess[str]:
    """Run a tool; the assertion message carries its output."""
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def python_checks(package: Path) -> None:
    """ruff check, ruff format --check and mypy --strict on a generated package."""
    ruff = [sys.executable, "-m", "ruff"]
    rules = "E,F,W,I,UP,B,SIM,RUF"
    run([*ruff, "check", "--isolated", "--select", rules, package.name], package.parent)
    run([*ruff, "format", "--isolated", "--check", package.name], package.parent)
    mypy = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file=",
        "--cache-dir",
        str(package.parent / ".mypy"),
    ]
    run([*mypy, package.name], package.parent)


@pytest.fixture
def reference_doc() -> dict[str, Any]:
    return load_doc("reference.json")


@pytest.fixture
def make_package(tmp_path: Path) -> Iterator[Callable[..., tuple[Path, ModuleType | None]]]:
    """Generate a Python client into a uniquely named package and import it."""
    added: list[str] = []

    def make(
        document: dict[str, Any], import_it: bool = True, **options: Any
    ) -> tuple[Path, ModuleType | None]:
        name = f"gen_{uuid.uuid4().hex[:10]}"
        root = tmp_path / "pkgs"
        generate_client(document, root / name, **options)
        if not import_it:
            return root / name, None
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
            added.append(str(root))
        return root / name, importlib.import_module(name)

    yield make
    for entry in added:
        sys.path.remove(entry)
    for module in [m for m in sys.modules if m.startswith("gen_")]:
        del sys.modules[module]


def require_node() -> Path:
    """The directory with ``node_modules`` (typescript, ws); runs ``npm ci`` when needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        _missing("node and npm are not installed")
    tsc = NODE_DIR / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        result = subprocess.run(
            [str(npm), "ci", "--no-audit", "--no-fund"],
            cwd=NODE_DIR,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not tsc.exists():
            _missing(f"npm ci failed (is the npm registry reachable?): {result.stderr[-500:]}")
    return NODE_DIR


@pytest.fixture(scope="session")
def node_dir() -> Path:
    return require_node()


TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "target": "es2020",
        "module": "commonjs",
        "moduleResolution": "node10",
        "lib": ["es2020", "dom"],
        "types": ["node"],
        "typeRoots": [],
        "esModuleInterop": True,
        "noUnusedLocals": True,
        "noUnusedParameters": True,
        "noImplicitReturns": True,
        "skipLibCheck": False,
        "outDir": "dist",
    },
    "include": ["**/*.ts"],
    "exclude": ["dist", "node_modules"],
}


def tsc(project: Path, node_dir: Path, emit: bool = False) -> None:
    """Type-check (and optionally compile) every ``.ts`` file under ``project`` with --strict."""
    config = json.loads(json.dumps(TSCONFIG))
    config["compilerOptions"]["typeRoots"] = [str(node_dir / "node_modules" / "@types")]
    config["compilerOptions"]["noEmit"] = not emit
    (project / "tsconfig.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    link = project / "node_modules"
    if not link.exists():
        link.symlink_to(node_dir / "node_modules")
    run([str(node_dir / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json"], project)


@pytest.fixture(scope="session")
def demo_server() -> Iterator[str]:
    """The demo app (``demo_app.py``) under uvicorn in a subprocess; yields ``127.0.0.1:<port>``."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.client_generator.demo_server"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        line = ""
        for _ in range(200):
            line = process.stdout.readline()
            if line.startswith("PORT ") or not line:
                break
        if not line.startswith("PORT "):
            pytest.fail(f"demo server did not start: {line!r}")
        # Keep draining the pipe so server output can never block the server.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield f"127.0.0.1:{int(line.split()[1])}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
