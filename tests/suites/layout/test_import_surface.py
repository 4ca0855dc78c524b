"""Every import path of the 1.x and 2.x lists imports, and every listed name is there.

The lists (``api_1.1.3.txt``, ``api_2.13.txt``, and ``api_2.13_full.txt`` which also lists
the members of the classes users subclass or call) are kept beside this test. Each walk runs
in a fresh interpreter, the Django paths under the smallest settings that need them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
LISTS = [HERE / "api_1.1.3.txt", HERE / "api_2.13.txt", HERE / "api_2.13_full.txt"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO")
    }
    env.update(extra)
    return env


def run_python(code_or_module: list[str], **env: str) -> str:
    done = subprocess.run(
        [sys.executable, *code_or_module],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("api_list", LISTS, ids=lambda p: p.stem)
def test_every_listed_module_and_name_imports(api_list: Path) -> None:
    out = run_python(
        ["-m", "tests.suites.layout.surface", str(api_list)],
        DJANGO_SETTINGS_MODULE="tests.suites.layout.minimal_settings",
    )
    assert json.loads(out) == []


def test_the_walk_reports_what_is_missing(tmp_path: Path) -> None:
    listing = tmp_path / "api.txt"
    listing.write_text(
        "chanx.constants: COMPLETE_ACTIONS NOT_A_NAME\nchanx.not_a_module: X\n\nchanx.routing:\n"
    )
    out = run_python(
        ["-m", "tests.suites.layout.surface", str(listing)],
        DJANGO_SETTINGS_MODULE="tests.suites.layout.minimal_settings",
    )
    assert json.loads(out) == ["chanx.constants:NOT_A_NAME", "chanx.not_a_module"]


def test_the_walk_reports_missing_class_members(tmp_path: Path) -> None:
    listing = tmp_path / "api.txt"
    listing.write_text(
        "chanx.messages.base.BaseMessage: model_dump not_a_member\n"
        "chanx.messages.base.NoSuchClass: x\n"
        "chanx.no_module.Cls: y\n"
    )
    out = run_python(
        ["-m", "tests.suites.layout.surface", str(listing)],
        DJANGO_SETTINGS_MODULE="tests.suites.layout.minimal_settings",
    )
    assert json.loads(out) == [
        "chanx.messages.base.BaseMessage.not_a_member",
        "chanx.messages.base.NoSuchClass",
        "chanx.no_module.Cls",
    ]


def test_the_lists_have_the_expected_size() -> None:
    """Guards the copies against truncation (1.x: 40 modules, 2.x: 55, 2.x full: 74 lines)."""
    from tests.suites.layout.surface import surface

    assert [len(surface(p)) for p in LISTS] == [40, 55, 74]
