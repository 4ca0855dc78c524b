"""scripts/lib/uv.sh: uv is installed for the user (never into the system Python), announced first."""

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
LIBRARY = REPO / "scripts" / "lib" / "uv.sh"

# A fake installer: logs its arguments, then provides ``uv`` in ~/.local/bin.
FAKE_INSTALLER = """#!/bin/sh
echo "RAN $(basename "$0") $*"  # the library sends installers' output to stderr
mkdir -p "$HOME/.local/bin"
printf '#!/bin/sh\\necho fake uv\\n' > "$HOME/.local/bin/uv"
chmod +x "$HOME/.local/bin/uv"
"""


def _run(tmp_path: Path, tools: list[str]) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        (bin_dir / tool).write_text(FAKE_INSTALLER)
        (bin_dir / tool).chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C"}
    assert not any(Path(d, "uv").exists() for d in ("/usr/bin", "/bin"))
    return subprocess.run(
        ["bash", "-c", f"source {LIBRARY} && ensure_uv && uv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_pipx_installs_uv_for_the_user_after_saying_so(tmp_path: Path) -> None:
    result = _run(tmp_path, ["pipx", "python3"])
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        "chanx: installing uv for this user with pipx (pipx install uv; into ~/.local/bin)",
        "RAN pipx install --quiet uv",
    ]
    assert result.stdout == "fake uv\n"


def test_without_pipx_pip_installs_with_user(tmp_path: Path) -> None:
    result = _run(tmp_path, ["python3"])
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "chanx: installing uv for this user (python3 -m pip install --user uv; into ~/.local)",
        "RAN python3 -m pip install --user --quiet uv",
    ]


def test_uv_already_present_installs_nothing(tmp_path: Path) -> None:
    bin_dir = tmp_path / "present"
    bin_dir.mkdir()
    (bin_dir / "uv").write_text("#!/bin/sh\necho real uv\n")
    (bin_dir / "uv").chmod(0o755)
    result = subprocess.run(
        ["bash", "-c", f"source {LIBRARY} && ensure_uv && uv"],
        env={**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "real uv\n", "")
