"""The same cases through a framework router (FastAPI mount / nested URLRouter) with path params."""

from typing import Any

from chanx.core.wire.frames import NOT_AN_OBJECT_ERRORS, PROCESSING_FAILED_DETAIL
from tests.conftest import Adapter
from tests.suites.behaviour.routed import (
    Alert,
    Alerted,
    Here,
    Location,
    Said,
    Say,
    WhereAmI,
    build,
    room_group,
)


def room(adapter: Adapter, tenant: str, name: str) -> Any:
    routed = build(adapter.Consumer)
    return adapter.Communicator(
        routed.application, f"/ws/{tenant}/room/{name}/", consumer=routed.Room
    )


async def test_url_params_include_mount_and_route_captures(adapter: Adapter) -> None:
    async with room(adapter, "acme", "blue") as client:
        await client.send_message(WhereAmI())
        assert await client.receive_all_messages() == [
            Here(payload=Location(tenant="acme", room="blue"))
        ]


async def test_broadcast_stays_in_the_room_from_the_path(adapter: Adapter) -> None:
    async with (
        room(adapter, "acme", "blue") as a,
        room(adapter, "acme", "blue") as b,
        room(adapter, "acme", "red") as other_room,
        room(adapter, "globex", "blue") as other_tenant,
    ):
        await a.send_message(Say(payload="hello"))
        assert await a.receive_all_messages(stop_action="group_complete") == [Said(payload="hello")]
        assert await b.receive_all_messages(stop_action="group_complete") == [Said(payload="hello")]
        assert await other_room.receive_all_json(timeout=0.2) == []
        assert await other_tenant.receive_all_json(timeout=0.2) == []


async def test_event_to_a_path_derived_group(adapter: Adapter) -> None:
    routed = build(adapter.Consumer)
    async with room(adapter, "acme", "blue") as client:
        await routed.Room.broadcast_event(Alert(payload="fire drill"), room_group("acme", "blue"))
        assert await client.receive_all_messages(stop_action="event_complete") == [
            Alerted(payload="fire drill")
        ]


async def test_hostile_frames_through_the_router(adapter: Adapter) -> None:
    async with room(adapter, "acme", "blue") as client:
        await client.send_json_to({"payload": "no action"})
        missing = await client.receive_all_json()
        await client.send_to(text_data="[1, 2")
        undecodable = await client.receive_all_json()
        await client.send_json_to(["not", "an", "object"])
        not_object = await client.receive_all_json()
    assert missing == [
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
        {"action": "complete", "payload": None},
    ]
    assert undecodable == [
        {"action": "error", "payload": {"detail": PROCESSING_FAILED_DETAIL}},
        {"action": "complete", "payload": None},
    ]
    assert not_object == [
        {"action": "error", "payload": NOT_AN_OBJECT_ERRORS},
        {"action": "complete", "payload": None},
    ]
