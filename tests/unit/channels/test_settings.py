"""CHANX settings: defaults, live reads, overrides, precedence."""

import pytest
from django.test import override_settings

from chanx.channels import settings as chanx_settings_module
from chanx.channels.settings import DjangoConfig, MySetting, create_api_settings_from_model
from chanx.channels.utils import override_chanx_settings
from chanx.channels.utils.settings import settings_context
from chanx.core.config import Config
from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.conftest import CHANNELS
from tests.suites.behaviour.consumers import build


def test_defaults() -> None:
    s = chanx_settings_module.chanx_settings
    assert s.SEND_COMPLETION is False
    assert s.SEND_MESSAGE_IMMEDIATELY is True
    assert s.SEND_AUTHENTICATION_MESSAGE is True
    assert s.CAMELIZE is False
    assert s.LOG_WEBSOCKET_MESSAGE is False  # per-frame records are opt-in
    assert s.LOG_IGNORED_ACTIONS == []
    assert s.ASYNCAPI_TITLE == "AsyncAPI Documentation"
    assert s.ASYNCAPI_VERSION == "1.0.0"
    assert s.MESSAGE_ACTION_KEY == "action"
    assert s.MAX_CONCURRENT_MESSAGES == 32


def test_unknown_key_raises() -> None:
    with pytest.raises(AttributeError, match="Invalid API setting: 'DISCRIMINATOR_FIELD'"):
        DjangoConfig().discriminator_field  # noqa: B018


def test_plain_config_defaults() -> None:
    config = Config()
    assert (config.send_completion, config.camelize, config.discriminator_field) == (
        False,
        False,
        "action",
    )
    assert config.log_websocket_message is False


def test_override_settings_is_seen_live() -> None:
    config = DjangoConfig()
    with override_settings(CHANX={"SEND_COMPLETION": True}):
        assert config.send_completion is True
    assert config.send_completion is False


def test_settings_context_restores_and_removes() -> None:
    config = DjangoConfig()
    with override_settings(CHANX={"CAMELIZE": True}):
        with settings_context(SEND_COMPLETION=True):
            assert config.send_completion is True
            assert config.camelize is True
        assert config.send_completion is False
        assert config.camelize is True


def test_override_value_used_without_chanx_setting() -> None:
    with override_settings():
        from django.conf import settings

        del settings.CHANX
        built = create_api_settings_from_model(MySetting, (), {"CAMELIZE": True})
        assert built.CAMELIZE is True


@override_chanx_settings(SEND_COMPLETION=True)
def test_decorator_on_sync_function() -> None:
    assert DjangoConfig().send_completion is True


async def test_consumer_follows_setting_unless_class_sets_it() -> None:
    consumers = build(CHANNELS.Consumer)

    class FromSettings(consumers.Quiet):  # type: ignore[name-defined,misc]
        send_completion = None  # None: fall back to CHANX

    @override_chanx_settings(SEND_COMPLETION=True)
    async def with_completion() -> list[str]:
        async with CHANNELS.communicator(FromSettings) as comm:
            await comm.send_message(PingMessage())
            return [f["action"] for f in await comm.receive_all_json(timeout=5)]

    assert await with_completion() == ["pong", "complete"]
    # A class attribute wins over the setting.
    async with CHANNELS.communicator(consumers.Quiet) as comm:
        with settings_context(SEND_COMPLETION=True):
            await comm.send_message(PingMessage())
            assert await comm.receive_all_messages(timeout=0.2) == [PongMessage()]


def test_import_strings_are_imported_and_cached() -> None:
    from chanx.channels.settings import ApiSettings

    settings = ApiSettings(
        {"ONE": "chanx.messages.incoming.PingMessage"},
        {"ONE": None, "MANY": ["chanx.messages.outgoing.PongMessage"], "PLAIN": "x.y"},
        ("ONE", "MANY"),
    )
    assert settings.ONE is PingMessage
    assert settings.MANY == [PongMessage]
    assert settings.PLAIN == "x.y"  # not an import string
    assert "ONE" in vars(settings)
    with pytest.raises(AttributeError, match="Invalid API setting: 'OTHER'"):
        settings.OTHER  # noqa: B018
