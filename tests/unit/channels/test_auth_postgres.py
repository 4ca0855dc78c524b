"""The Django authentication suites, run again on PostgreSQL.

sqlite in memory never really closes a connection, so a clean-up that closes the test's
connection in the middle of its transaction passes there and breaks on PostgreSQL. The
suites below run in a child pytest under ``tests.django_project.settings_postgres``
(``CHANX_TEST_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432/test``).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import require_postgres

# A child pytest run on a PostgreSQL server: a system test (the locked suite runs it).
pytestmark = pytest.mark.system

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
AUTH_SUITES = sorted(
    str(path.relative_to(ROOT))
    for path in HERE.glob("test_auth_*.py")
    if path.name != Path(__file__).name
)


def test_the_suites_cover_the_transaction_case() -> None:
    assert "tests/unit/channels/test_auth_atomic.py" in AUTH_SUITES
    assert len(AUTH_SUITES) >= 6


@pytest.mark.timeout(600)
def test_the_django_auth_suites_pass_on_postgresql() -> None:
    require_postgres()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.django_project.settings_postgres"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *AUTH_SUITES, "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in summary and "skipped" not in summary, summary
