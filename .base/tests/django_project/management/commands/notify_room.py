"""``manage.py notify_room <room> <text>``: push a notice from plain synchronous code."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tests.django_project.consumers import ChatConsumer, RoomNotice


class Command(BaseCommand):
    help = "Send a room notice to every client in a chat room."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("room")
        parser.add_argument("text")

    def handle(self, *args: Any, **options: Any) -> None:
        ChatConsumer.broadcast_event_sync(
            RoomNotice(payload=options["text"]), f"room.{options['room']}"
        )
        self.stdout.write("sent")
