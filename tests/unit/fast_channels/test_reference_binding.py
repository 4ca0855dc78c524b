"""Without Django in the environment, the 1.x framework-neutral import paths bind to fast-channels."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_reference_paths_serve_a_fastapi_app_without_django() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "CHANX_USE_DJANGO")
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.unit.fast_channels.reference_app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {
        "is_using_django": False,
        "config_is_plain": True,
        "consumer_is_fast": True,
        "communicator_is_fast": True,
        "adapter_base": "fast_channels.consumer.websocket",
        "django_imported": False,
        "replies": [{"action": "pong", "payload": None}],
        "events": [{"action": "notice", "payload": "maintenance at 5"}],
    }
