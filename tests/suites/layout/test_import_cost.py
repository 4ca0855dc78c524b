"""Importing chanx costs only what is used: the neutral packages import no framework, the
fast-channels adapter works without Django, the Django adapter without installed apps, and
either Django app label installs the same app.
"""

import json

import pytest

from tests.suites.layout.test_import_surface import run_python


def probe(*args: str, **env: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(
        run_python(["-m", "tests.suites.layout.probe_imports", *args], **env)
    )
    return result


def test_core_and_testing_import_no_framework_and_no_adapter() -> None:
    report = probe("neutral")
    assert report == {"frameworks": [], "adapters": []}


def test_core_and_testing_stay_neutral_under_django_settings() -> None:
    """The 1.x environment switch is read on first use of a bound name, not on import."""
    report = probe("neutral", DJANGO_SETTINGS_MODULE="tests.django_project.settings")
    assert report == {"frameworks": [], "adapters": []}


def test_fastapi_project_without_django_installed() -> None:
    report = probe("fastapi_without_django")
    assert report["reply"] == {"action": "pong", "payload": None}
    assert report["framework"] == "fast_channels"
    assert report["base_is_fast"] is True
    assert report["django_loaded"] is False
    assert isinstance(report["imported"], int) and report["imported"] > 20


def test_django_project_with_no_installed_apps() -> None:
    report = probe("django_without_apps")
    assert report["reply"] == {"action": "pong", "payload": None}
    assert report["loaded"] == []  # no DRF, no daphne, no django.contrib.auth


@pytest.mark.parametrize("label", ["chanx.channels", "chanx.ext.channels"])
def test_either_app_label_installs_the_app(label: str) -> None:
    report = probe("django_app", label, CHANX_PROBE_URLS=f"{label}.urls")
    assert report == {
        "app": "chanx.channels",
        "template": "chanx/channels/templates/channels/asyncapi_docs.html",
        "command": "3.0.0",
        "page": 200,
        "schema": "3.0.0",
    }
