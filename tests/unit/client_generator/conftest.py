"""Fixtures for the client generator tests: documents, generated packages, node, a live server."""

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
REPO = HERE.parent.parent.parent
EXAMPLES = REPO / "examples" / "clients"
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


def python_checks(package: Path, mypy_cache: Path) -> None:
    """ruff check, ruff format --check and mypy --strict on a generated package."""
    ruff = [sys.executable, "-m", "ruff"]
    rules = "E,F,W,I,UP,B,BLE,SIM,RUF"
    run([*ruff, "check", "--isolated", "--select", rules, package.name], package.parent)
    run([*ruff, "format", "--isolated", "--check", package.name], package.parent)
    mypy_strict(package, mypy_cache)


def mypy_strict(package: Path, mypy_cache: Path) -> None:
    """mypy --strict on a generated package (packages are uniquely named: one cache serves all)."""
    mypy = [sys.executable, "-m", "mypy", "--strict", "--config-file=", "--cache-dir"]
    run([*mypy, str(mypy_cache), package.name], package.parent)


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for the session: the stdlib, pydantic and websockets are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


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


def write_tsconfig(project: Path, node_dir: Path, emit: bool) -> None:
    """The strict tsconfig.json (and a ``node_modules`` link) for the ``.ts`` files of ``project``."""
    config = json.loads(json.dumps(TSCONFIG))
    config["compilerOptions"]["typeRoots"] = [str(node_dir / "node_modules" / "@types")]
    config["compilerOptions"]["noEmit"] = not emit
    (project / "tsconfig.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    link = project / "node_modules"
    if not link.exists():
        link.symlink_to(node_dir / "node_modules")


TSC_DIAGNOSTIC = re.compile(r"^(?P<file>[^\s(][^(]*)\((?P<line>\d+),\d+\): error (?P<code>TS\d+):")


@dataclass(frozen=True)
class TscBuild:
    """One ``tsc --strict`` run over several sub-projects; each test reads its own diagnostics."""

    root: Path
    returncode: int
    output: str

    def diagnostics(self, subdir: str) -> list[str]:
        """Diagnostics (first line + continuation lines) of files under ``subdir``, plus any
        diagnostic not tied to a file (those concern every sub-project)."""
        blocks: list[list[str]] = []
        for line in self.output.splitlines():
            if line.startswith(" ") and blocks:
                blocks[-1].append(line)
            elif line.strip():
                blocks.append([line])
        found = []
        for block in blocks:
            match = TSC_DIAGNOSTIC.match(block[0])
            if match is None or match["file"].startswith(f"{subdir}/"):
                found.append("\n".join(block))
        return found

    def assert_clean(self, subdir: str, *, but: str | None = None) -> None:
        """Every ``.ts`` file under ``subdir`` (except ``but``) type-checks without a diagnostic."""
        found = [d for d in self.diagnostics(subdir) if not (but and d.startswith(f"{but}("))]
        assert not found, f"tsc --strict reported for {subdir}/:\n" + "\n".join(found)


def generate_via_cli(url: str, output: Path, language: str) -> None:
    """``chanx generate-client`` from the demo server's live AsyncAPI document."""
    from click.testing import CliRunner

    from chanx.cli.main import cli

    result = CliRunner().invoke(
        cli, ["generate-client", "-s", url, "-o", str(output), "-l", language]
    )
    assert result.exit_code == 0, result.output
    assert "Schema: Client demo AsyncAPI documentation (version 0.3.0)" in result.output
    assert "2 channels, 5 operations" in result.output


@pytest.fixture(scope="session")
def ts_build(
    node_dir: Path, demo_server: str, tmp_path_factory: pytest.TempPathFactory
) -> TscBuild:
    """Every TypeScript fixture compiled (and emitted to ``dist/``) in ONE tsc invocation.

    Sub-projects: ``reference`` (reference client + typecheck.ts, reconnect.ts, the docs'
    browser.ts, and bad.ts, whose wrong usage must fail), ``clashes``, ``foreign`` and
    ``roundtrip`` (client generated through the CLI from the live demo server + roundtrip.ts).
    """
    from chanx.client_generator import load_schema

    root = tmp_path_factory.mktemp("ts")
    reference = root / "reference"
    generate_client(load_doc("reference.json"), reference / "client", language="typescript")
    for source in (TS_DIR / "typecheck.ts", TS_DIR / "reconnect.ts", EXAMPLES / "browser.ts"):
        shutil.copy(source, reference / source.name)
    (reference / "bad.ts").write_text(
        'import { EchoClient } from "./client/index.js";\n'
        'new EchoClient("h").sendEcho({ text: 1 });\n',
        encoding="utf-8",
    )
    generate_client(load_doc("clashes.json"), root / "clashes" / "client", language="typescript")
    foreign = load_schema(DATA / "foreign.yaml")
    generate_client(foreign, root / "foreign" / "client", language="typescript")
    roundtrip = root / "roundtrip"
    generate_via_cli(f"http://{demo_server}/asyncapi.json", roundtrip / "client", "typescript")
    shutil.copy(TS_DIR / "roundtrip.ts", roundtrip / "roundtrip.ts")
    write_tsconfig(root, node_dir, emit=True)
    result = subprocess.run(
        [str(node_dir / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return TscBuild(root, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def ts_topic_build(
    node_dir: Path, topic_demo_server: str, tmp_path_factory: pytest.TempPathFactory
) -> TscBuild:
    """The TypeScript client of the live topic demo server plus ``ts/topics.ts`` and ``ts/recovery.ts``, compiled."""
    import httpx

    root = tmp_path_factory.mktemp("ts-topics")
    document = httpx.get(f"http://{topic_demo_server}/asyncapi.json", timeout=30).json()
    generate_client(document, root / "client", language="typescript")
    for script in ("topics.ts", "recovery.ts"):
        shutil.copy(TS_DIR / script, root / script)
    write_tsconfig(root, node_dir, emit=True)
    result = subprocess.run(
        [str(node_dir / "node_modules" / ".bin" / "tsc"), "-p", "tsconfig.json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    return TscBuild(root, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def demo_server() -> Iterator[str]:
    """The demo app (``demo_app.py``) under uvicorn in a subprocess; yields ``127.0.0.1:<port>``."""
    yield from _serve("demo")


@pytest.fixture(scope="session")
def topic_demo_server() -> Iterator[str]:
    """The topic demo app (``topic_demo_app.py``), served like ``demo_server``."""
    yield from _serve("topics")


def _serve(app_name: str) -> Iterator[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.unit.client_generator.demo_server", app_name],
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


@pytest.fixture
def topic_client(topic_demo_server: str, tmp_path: Path, mypy_cache: Path) -> Iterator[ModuleType]:
    """The Python client of the live topic demo server, checked, imported as ``topic_live_client``."""
    import httpx

    document = httpx.get(f"http://{topic_demo_server}/asyncapi.json", timeout=30).json()
    root = tmp_path / "py"
    generate_client(document, root / "topic_live_client")
    python_checks(root / "topic_live_client", mypy_cache)
    sys.path.insert(0, str(root))
    try:
        import topic_live_client

        yield topic_live_client
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("topic_live_client")]:
            del sys.modules[name]
