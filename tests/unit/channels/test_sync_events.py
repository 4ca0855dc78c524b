"""Events sent from plain synchronous Django code reach connected clients."""

import asyncio
import io

from django.core.management import call_command

from chanx.channels.testing import WebsocketCommunicator
from chanx.messages.incoming import PingMessage
from tests.django_project.asgi import application
from tests.django_project.consumers import ChatConsumer, RoomNotice


async def test_management_command_notice_reaches_room() -> None:
    async with WebsocketCommunicator(application, "/ws/chat/blue/", consumer=ChatConsumer) as comm:
        await comm.send_message(PingMessage())
        await comm.receive_all_messages()
        out = io.StringIO()
        await asyncio.get_running_loop().run_in_executor(
            None, lambda: call_command("notify_room", "blue", "deploy at 5", stdout=out)
        )
        assert out.getvalue().strip() == "sent"
        got = await comm.receive_all_messages(stop_action="event_complete", timeout=5)
        assert got == [RoomNotice(payload="deploy at 5")]
