"""The import-linter contracts hold, and they do catch a layer violation."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
    """A copy of the package with one bad import: the layer and cycle contracts fail."""
    shutil.copytree(ROOT / "src" / "chanx", tmp_path / "chanx")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bad = tmp_path / "chanx" / "core" / "frames.py"
    bad.write_text(bad.read_text() + "\nfrom chanx.channels import settings as _settings\n")
    done = lint_imports(tmp_path)
    assert done.returncode == 1
    assert "chanx.core.frames -> chanx.channels.settings" in done.stdout
    assert "BROKEN" in done.stdout
