"""The tutorials' files, written into an empty directory, make a project whose tests pass."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.suites.docs.markdown_examples import write_project

DOCS = Path(__file__).resolve().parents[3] / "docs" / "tutorials"


def run_tutorial(name: str, tmp_path: Path, env: dict[str, str] | None = None) -> tuple[str, int]:
    files = write_project(DOCS / name, tmp_path)
    tests = sum(
        len(re.findall(r"^\s*(?:async )?def test_\w+", text, re.MULTILINE))
        for file, text in files.items()
        if Path(file).name.startswith("test_")
    )
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    result = subprocess.run(
        [
            # The command the pages show (``pytest``, not ``python -m pytest``, which would put
            # the project on sys.path and hide a missing ``pythonpath``).
            str(Path(sys.executable).parent / "pytest"),
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error::pytest.PytestUnraisableExceptionWarning",
        ],
        cwd=tmp_path,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, tests


def test_django_tutorial_project_passes_its_tests(tmp_path: Path) -> None:
    output, tests = run_tutorial("django.md", tmp_path)
    assert tests == 5
    assert f"{tests} passed" in output


def test_fastapi_tutorial_project_passes_its_tests(tmp_path: Path) -> None:
    output, tests = run_tutorial("fastapi.md", tmp_path)
    assert tests == 5
    assert f"{tests} passed" in output


@pytest.mark.parametrize("name", ["django.md", "fastapi.md"])
def test_tutorial_shows_the_test_run_it_gets(name: str, tmp_path: Path) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    shown = re.search(r"```text\n.*?\n(\d+) passed\n```", text, re.DOTALL)
    assert shown is not None
    _, tests = run_tutorial(name, tmp_path)
    assert int(shown.group(1)) == tests
