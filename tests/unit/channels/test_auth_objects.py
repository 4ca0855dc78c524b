"""Object permissions: a room looked up from the URL, joined by members only."""

import pytest
from channels.layers import get_channel_layer

from tests.django_project.auth_consumers import RoomConsumer, WhoAmI
from tests.unit.channels.conftest import (
    Connect,
    close_code,
    create_room,
    create_user,
    token_for,
    token_header,
)
from tests.unit.channels.test_auth_django import OK_FRAME, assert_refused_and_deaf, refusal, whoami

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("forget_worker_connections"),
]


async def test_member_gets_the_room_object(connect: Connect) -> None:
    ann = await create_user("ann")
    room = await create_room("blue", ann)
    comm = await connect(
        f"/ws/auth/room/{room.pk}/", RoomConsumer, token_header(await token_for(ann))
    )
    assert await comm.receive_json_from() == OK_FRAME
    me = await whoami(comm)
    assert (me.username, me.room) == ("ann", "blue")


async def test_member_joins_the_room_group_after_authentication(connect: Connect) -> None:
    ann = await create_user("ann")
    room = await create_room("blue", ann)
    comm = await connect(
        f"/ws/auth/room/{room.pk}/", RoomConsumer, token_header(await token_for(ann))
    )
    await comm.assert_authenticated_status_ok()
    layer = get_channel_layer()
    assert layer is not None
    # post_authentication has run once wait_for_auth returns: the group relays to this socket.
    relay = {"type": "handle_group_message", "message": {"action": "hello", "payload": None}}
    await layer.group_send(f"auth-room.{room.pk}", relay)
    assert await comm.receive_json_from() == {"action": "hello", "payload": None}


async def test_room_of_someone_else_is_refused_with_403(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    ann, bob = await create_user("ann"), await create_user("bob")
    room = await create_room("blue", ann)
    comm = await connect(
        f"/ws/auth/room/{room.pk}/", RoomConsumer, token_header(await token_for(bob))
    )
    await assert_refused_and_deaf(
        comm, refusal(403, "Forbidden", "You are not a member of this room."), handled
    )


async def test_room_that_does_not_exist_is_refused_with_404(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    ann = await create_user("ann")
    comm = await connect("/ws/auth/room/999/", RoomConsumer, token_header(await token_for(ann)))
    await assert_refused_and_deaf(
        comm, refusal(404, "Not Found", "No Room matches the given query."), handled
    )


async def test_anonymous_is_refused_before_the_room_is_looked_up(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    room = await create_room("blue")
    comm = await connect(f"/ws/auth/room/{room.pk}/", RoomConsumer)
    await assert_refused_and_deaf(
        comm, refusal(403, "Forbidden", "Authentication credentials were not provided."), handled
    )


async def test_frames_sent_during_authentication_never_reach_a_handler_when_refused(
    connect: Connect, handled: list[tuple[str, str]]
) -> None:
    from chanx.channels.testing import DjangoWebsocketCommunicator
    from chanx.channels.utils import get_websocket_application

    ann, bob = await create_user("ann"), await create_user("bob")
    room = await create_room("blue", ann)
    comm = DjangoWebsocketCommunicator(
        get_websocket_application(),
        f"/ws/auth/room/{room.pk}/",
        headers=token_header(await token_for(bob)),
        consumer=RoomConsumer,
    )
    # Queue frames right behind the connect event, before authentication can finish.
    await comm.send_input({"type": "websocket.connect"})
    await comm.send_message(WhoAmI())
    await comm.send_message(WhoAmI())
    assert (await comm.receive_output())["type"] == "websocket.accept"
    assert (await comm.receive_json_from())["payload"]["status_code"] == 403
    assert await close_code(comm) == 1000
    assert await comm.receive_nothing()
    assert handled == []
    await comm.disconnect()
