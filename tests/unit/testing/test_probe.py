"""group_probe: what really reached a channel-layer group, on both adapters."""

from typing import Any

import pytest

from chanx.testing import group_probe
from chanx.testing.probe import unwrap
from tests.conftest import Adapter
from tests.shared.messages import Notify, Shout, Shouted
from tests.suites.behaviour.consumers import build

LONG = 30


async def test_probe_sees_events_and_relays(adapter: Adapter, connect: Any) -> None:
    echo = build(adapter.Consumer).Echo
    comm = await connect(echo)
    async with group_probe(echo, "lobby") as probe:
        await echo.broadcast_event(Notify(payload="to all"))
        assert await probe.assert_received(Notify, "to all", timeout=LONG) == {
            "action": "notify",
            "payload": "to all",
        }
        await comm.send_message(Shout(payload="hey"))
        await probe.assert_received(Shouted(payload="hey"), timeout=LONG)
        await probe.assert_nothing_received(timeout=0.05)


async def test_probe_failure_lists_what_the_group_got(adapter: Adapter) -> None:
    echo = build(adapter.Consumer).Echo
    async with group_probe(adapter.get_layer(), "lobby") as probe:
        await echo.broadcast_event(Notify(payload="other"))
        with pytest.raises(AssertionError) as caught:
            await probe.assert_received(Notify, "wanted", timeout=0.2)
        assert "to reach group 'lobby' within 0.2s" in str(caught.value)
        assert '1. {"action": "notify", "payload": "other"}' in str(caught.value)
        await echo.broadcast_event(Notify(payload="late"))
        with pytest.raises(AssertionError, match="Expected nothing to reach group 'lobby'"):
            await probe.assert_nothing_received(timeout=LONG)
    assert "lobby" not in adapter.get_layer().groups or not adapter.get_layer().groups["lobby"]


def test_unwrap_leaves_foreign_envelopes_alone() -> None:
    assert unwrap({"type": "chat.message", "text": "x"}) == {"type": "chat.message", "text": "x"}
