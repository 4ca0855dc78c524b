"""One settings-override implementation: fixture object, context manager and decorator."""

from typing import Any

from django.conf import settings

from chanx.channels import settings as live
from chanx.channels.utils import override_chanx_settings as django_decorator
from chanx.channels.utils.settings import settings_context as django_context
from chanx.core.config import Config
from chanx.ext.channels.utils.settings import override_chanx_settings as ext_decorator
from chanx.testing.overrides import SettingsOverride, override_chanx_settings, settings_context


def test_the_django_names_are_the_neutral_implementation() -> None:
    assert django_decorator is override_chanx_settings is ext_decorator
    assert django_context is settings_context is override_chanx_settings


def test_context_manager_covers_django_and_config_objects() -> None:
    config = Config()
    had_chanx = hasattr(settings, "CHANX")
    with override_chanx_settings(SEND_COMPLETION=True, WEBSOCKET_BASE_URL="wss://x"):
        assert live.chanx_settings.SEND_COMPLETION is True
        assert live.chanx_settings.WEBSOCKET_BASE_URL == "wss://x"
        assert config.send_completion is True
    assert live.chanx_settings.SEND_COMPLETION is False
    assert config.send_completion is False and "send_completion" not in config.__dict__
    assert hasattr(settings, "CHANX") is had_chanx  # removed again if it had none


def test_nesting_restores_each_level() -> None:
    with settings_context(CAMELIZE=True):
        with settings_context(SEND_COMPLETION=True):
            assert live.chanx_settings.CAMELIZE is True
            assert live.chanx_settings.SEND_COMPLETION is True
        assert live.chanx_settings.SEND_COMPLETION is False
        assert live.chanx_settings.CAMELIZE is True
    assert live.chanx_settings.CAMELIZE is False


def test_decorator_on_sync_callables_and_reuse() -> None:
    @override_chanx_settings(CAMELIZE=True)
    def read() -> Any:
        return live.chanx_settings.CAMELIZE

    assert read() is True and read() is True
    assert live.chanx_settings.CAMELIZE is False


async def test_decorator_and_async_with_on_coroutines() -> None:
    @override_chanx_settings(SEND_COMPLETION=True)
    async def read() -> Any:
        return live.chanx_settings.SEND_COMPLETION

    assert await read() is True
    assert live.chanx_settings.SEND_COMPLETION is False
    async with override_chanx_settings(CAMELIZE=True):
        assert live.chanx_settings.CAMELIZE is True
    assert live.chanx_settings.CAMELIZE is False


def test_fixture_form_restores_on_demand() -> None:
    config = Config()
    override = SettingsOverride()
    override(SEND_COMPLETION=True)
    assert config.send_completion is True and live.chanx_settings.SEND_COMPLETION is True
    override.restore()
    assert config.send_completion is False and live.chanx_settings.SEND_COMPLETION is False


def test_django_auth_old_path_resolves_to_the_adapter_module() -> None:
    from chanx.channels import testing_auth
    from chanx.testing import django_auth

    for name in django_auth.__all__:
        assert getattr(django_auth, name) is getattr(testing_auth, name)
    assert django_auth.AuthCommunicatorFactory is testing_auth.AuthCommunicatorFactory
