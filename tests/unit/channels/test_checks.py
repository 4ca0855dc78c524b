"""Django system checks: the set-up mistakes ``manage.py check`` names, with hints."""

import socket
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core import checks
from django.test import override_settings

from chanx.channels import checks as chanx_checks
from tests.services import require_redis


def _ids(deploy: bool = False) -> list[str]:
    found = checks.run_checks(include_deployment_checks=deploy, tags=["chanx"])
    return [message.id for message in found if message.id and message.id.startswith("chanx.")]


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on (bound, never listening, for the test)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_the_test_project_passes() -> None:
    assert _ids(deploy=True) == []


def test_chanx_missing_from_installed_apps_is_w001() -> None:
    apps = [app for app in settings.INSTALLED_APPS if "chanx" not in app]
    with override_settings(INSTALLED_APPS=apps):
        [warning] = chanx_checks.check_installed_app()
        assert _ids().count("chanx.W001") == 1
    assert warning.id == "chanx.W001"
    assert "INSTALLED_APPS" in warning.msg and '"chanx.channels"' in (warning.hint or "")


def test_docs_page_without_templates_is_w002() -> None:
    with override_settings(TEMPLATES=[]):
        [warning] = chanx_checks.check_docs_templates()
        assert "chanx.W002" in _ids()
    assert "TEMPLATES" in (warning.hint or "") and "APP_DIRS" in (warning.hint or "")


def test_no_docs_page_routed_needs_no_templates() -> None:
    with override_settings(TEMPLATES=[], ROOT_URLCONF="tests.unit.channels.no_urls"):
        assert chanx_checks.check_docs_templates() == []


def test_unreachable_channel_layer_is_w003_under_deploy_only(closed_port: int) -> None:
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [("127.0.0.1", closed_port)]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        assert "chanx.W003" not in _ids(deploy=False)
        [warning] = chanx_checks.check_channel_layers_reachable()
        assert "chanx.W003" in _ids(deploy=True)
    assert "'default'" in warning.msg and "unreachable" in warning.msg
    assert "Redis" in (warning.hint or "")


def test_reachable_redis_layer_passes_the_deploy_check() -> None:
    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [require_redis()]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        assert chanx_checks.check_channel_layers_reachable() == []
