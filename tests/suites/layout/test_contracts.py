"""The import-linter contracts hold, and they do catch a layer violation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert executable is not None
    return subprocess.run(
        [executable, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_contracts_are_kept() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 6 kept, 0 broken." in done.stdout


def test_a_core_module_importing_an_adapter_breaks_the_contracts(tmp_path: Path) -> None:
    """A copy of the package with one bad import: the layer contracts fail."""
    shutil.copytree(ROOT / "src" / "chanx", tmp_path / "chanx")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "chanx" / "core" / "wire" / "frames.py"
    bad.write_text(bad.read_text() + "\nfrom chanx.channels import settings as _settings\n")
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert "chanx.core.wire.frames -> chanx.channels.settings" in done.stdout
    assert "BROKEN" in done.stdout


def check_cycles(package: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_import_cycles.py"), package],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_chanx_has_no_import_cycles() -> None:
    done = check_cycles("chanx", ROOT / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "No import cycles."


def test_cycle_check_finds_cycles_through_function_imports(tmp_path: Path) -> None:
    package = tmp_path / "cyclepkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from cyclepkg import b\n    return b\n")
    (package / "b.py").write_text("from cyclepkg import c\n")
    (package / "c.py").write_text("import cyclepkg.a\n")
    (package / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyclepkg import e\n"
    )
    (package / "e.py").write_text("from cyclepkg import d\n")  # cycle only for type checkers
    done = check_cycles("cyclepkg", tmp_path)
    assert done.returncode == 1
    assert done.stdout.strip() == "Import cycle: cyclepkg.a <-> cyclepkg.b <-> cyclepkg.c"


def test_the_wire_format_importing_topics_breaks_the_contracts(tmp_path: Path) -> None:
    """Inside the core, the wire format sits below the connection machinery and the topics."""
    shutil.copytree(ROOT / "src" / "chanx", tmp_path / "chanx")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "chanx" / "core" / "wire" / "codec.py"
    bad.write_text(bad.read_text() + "\nfrom chanx.core.topics import stores as _stores\n")
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert "chanx.core.wire.codec -> chanx.core.topics.stores" in done.stdout
