"""Frame handling, replies and error frames: identical on both adapters."""

import asyncio
from typing import Any

from chanx.messages.incoming import PingMessage
from chanx.messages.outgoing import PongMessage
from tests.conftest import Adapter
from tests.suites.behaviour.consumers import (
    BadReturn,
    Boom,
    Echo,
    EchoPayload,
    EchoReply,
    Slow,
    SlowDone,
    build,
)

COMPLETE = {"action": "complete", "payload": None}


async def test_ping_gets_pong_then_complete(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(PingMessage())
        assert await comm.receive_all_json() == [{"action": "pong", "payload": None}, COMPLETE]


async def test_typed_round_trip(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(Echo(payload=EchoPayload(text="hi", count=3)))
        replies = await comm.receive_all_messages()
        assert replies == [EchoReply(payload=EchoPayload(text="hi", count=3))]


async def test_two_frames_one_collect_returns_both(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Ordered) as comm:
        await comm.send_message(PingMessage())
        await comm.send_message(PingMessage())
        frames = await comm.receive_all_json(timeout=5)
        assert frames == [{"action": "pong", "payload": None}, COMPLETE] * 2


async def test_missing_action(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_json_to({"payload": 1})
        assert await comm.receive_all_json() == [
            {
                "action": "error",
                "payload": [
                    {
                        "type": "union_tag_not_found",
                        "loc": [],
                        "msg": "Unable to extract tag using discriminator 'action'",
                    }
                ],
            },
            COMPLETE,
        ]


async def test_unknown_action_lists_tags_in_discovery_order(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_json_to({"action": "nope"})
        frames = await comm.receive_all_json()
        assert frames[0]["payload"] == [
            {
                "type": "union_tag_invalid",
                "loc": [],
                "msg": "Input tag 'nope' found using 'action' does not match any of the "
                "expected tags: 'bad_return', 'boom', 'echo', 'ping', 'shout', 'slow'",
            }
        ]
        assert frames[1] == COMPLETE


async def test_invalid_payload_location_starts_with_tag(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_json_to({"action": "echo", "payload": {"count": "x"}})
        frames = await comm.receive_all_json()
        assert frames[0]["action"] == "error"
        entries = {(e["type"], tuple(e["loc"])) for e in frames[0]["payload"]}
        assert entries == {
            ("missing", ("echo", "payload", "text")),
            ("int_parsing", ("echo", "payload", "count")),
        }


async def test_ping_with_payload_fails_none_required(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_json_to({"action": "ping", "payload": {"a": 1}})
        frames = await comm.receive_all_json()
        assert frames[0]["payload"][0]["type"] == "none_required"
        assert frames[0]["payload"][0]["loc"] == ["ping", "payload"]


async def test_invalid_json_keeps_connection(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(text_data="{not json")
        assert await comm.receive_all_json() == [
            {"action": "error", "payload": {"detail": "Failed to process message"}},
            COMPLETE,
        ]
        await comm.send_message(PingMessage())
        assert await comm.receive_all_messages() == [PongMessage()]


async def test_non_object_json(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        for text in ("[1, 2]", "5", '"x"', "null"):
            await comm.send_to(text_data=text)
            frames = await comm.receive_all_json()
            assert frames == [
                {
                    "action": "error",
                    "payload": [
                        {
                            "type": "model_attributes_type",
                            "loc": [],
                            "msg": "Input should be a valid dictionary or object to extract fields from",
                        }
                    ],
                },
                COMPLETE,
            ]


async def test_binary_frame_gets_error_frame(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_to(bytes_data=b"\x00\x01")
        frames = await comm.receive_all_json()
        assert frames[0]["action"] == "error"
        assert "Binary frames are not supported" in frames[0]["payload"]["detail"]
        assert frames[1] == COMPLETE


async def test_handler_exception_is_reported_without_internals(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(Boom())
        frames = await comm.receive_all_json()
        assert frames == [
            {"action": "error", "payload": {"detail": "Failed to process message for boom"}},
            COMPLETE,
        ]
        assert "secret" not in str(frames)
        await comm.send_message(PingMessage())
        assert await comm.receive_all_messages() == [PongMessage()]


async def test_non_message_return_is_handler_error(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(BadReturn())
        frames = await comm.receive_all_json()
        assert frames[0] == {
            "action": "error",
            "payload": {"detail": "Failed to process message for bad_return"},
        }


async def test_consumer_without_handlers_answers_generic_error(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    assert consumers.NoHandlers.incoming_message_adapter is None
    async with adapter.communicator(consumers.NoHandlers) as comm:
        await comm.send_json_to({"action": "ping"})
        assert await comm.receive_all_json() == [
            {"action": "error", "payload": {"detail": "Failed to process message"}},
            COMPLETE,
        ]


async def test_camelize_round_trip(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Camel) as comm:
        await comm.send_json_to({"action": "echo", "payload": {"text": "a", "count": 2}})
        frames = await comm.receive_all_json()
        assert frames[0] == {"action": "echo_reply", "payload": {"text": "a", "count": 2}}


async def test_ping_answered_while_slow_handler_runs(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Echo) as comm:
        await comm.send_message(Slow(payload=0.3))
        await comm.send_message(PingMessage())
        first = await comm.receive_all_messages(timeout=2)
        assert first == [PongMessage()]
        second = await comm.receive_all_messages(timeout=2)
        assert second == [SlowDone(payload=0.3)]


async def test_max_concurrent_one_keeps_order(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    async with adapter.communicator(consumers.Ordered) as comm:
        await comm.send_message(Slow(payload=0.1))
        await comm.send_message(PingMessage())
        frames = await comm.receive_all_json(timeout=3)
        assert [f["action"] for f in frames] == ["slow_done", "complete", "pong", "complete"]


async def test_disconnect_cancels_inflight_work(adapter: Adapter) -> None:
    consumers = build(adapter.Consumer)
    comm = adapter.communicator(consumers.Echo)
    await comm.connect()
    await comm.send_message(Slow(payload=30))
    await asyncio.sleep(0.05)
    await comm.disconnect(timeout=2)
    assert comm.future.done()


async def test_overridden_frame_hooks_are_called_in_order(adapter: Adapter) -> None:
    """``receive``, ``receive_message`` and ``handle_result`` overrides see every frame,
    also when they call the default (the pipeline skips only hooks left at their default)."""
    consumers = build(adapter.Consumer)
    seen: list[str] = []

    class Hooked(consumers.Echo):  # type: ignore[name-defined,misc]
        async def receive(self, text_data: Any = None, bytes_data: Any = None, **kw: Any) -> None:
            seen.append("receive")
            await super().receive(text_data, bytes_data, **kw)

        async def receive_message(self, message: Any) -> None:
            seen.append(f"message:{message.action}")
            await super().receive_message(message)

        async def handle_result(self, result: Any) -> None:
            seen.append(f"result:{result.action}")
            await super().handle_result(result)

    async with adapter.communicator(Hooked) as comm:
        await comm.send_message(PingMessage())
        assert await comm.receive_all_json() == [{"action": "pong", "payload": None}, COMPLETE]
    assert seen == ["receive", "message:ping", "result:pong"]
