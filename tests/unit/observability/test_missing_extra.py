"""Turning observability on without the extra installed says which extra to install."""

import subprocess
import sys

CODE = """
import sys
sys.modules["opentelemetry"] = None  # as if chanx[observability] were not installed
from chanx.observability import enable
try:
    enable()
except ImportError as exc:
    print(type(exc).__name__, exc)
"""


def test_enable_without_the_extra_names_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "pip install 'chanx[observability]'" in done.stdout
    assert done.stdout.startswith("ImportError chanx observability needs the observability extra")
