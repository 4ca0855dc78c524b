"""docs/clients.md: generating a Python client in code and using it against a running server.

``run_echo`` expects a client generated into the importable package ``my_client`` from the
document of ``tests/unit/client_generator/demo_app.py`` (the docs test does exactly that).
"""

from pathlib import Path


def generate(schema_url: str, output: Path) -> None:
    from chanx.client_generator import generate_client, load_schema

    document = load_schema(schema_url)  # a file path works too
    generate_client(document, output)  # language="typescript" for the TypeScript client


async def run_echo(address: str) -> list[str]:
    from my_client import EchoRoomClient
    from my_client.echo_room.messages import (
        EchoPayload,
        EchoReply,
        Shouted,
    )

    heard: list[str] = []

    class EchoBot(EchoRoomClient):
        async def send_init_message(self) -> None:
            # Typed send helpers: one per message the channel accepts.
            await self.send_echo(EchoPayload(text="hello", count=2))

        async def on_echo_reply(self, message: EchoReply) -> None:
            heard.extend(message.payload.repeated)
            await self.send_shout("bye")

        async def on_shouted(self, message: Shouted) -> None:
            heard.append(message.payload)
            await self.disconnect()  # handle() returns after a normal close

    bot = EchoBot(address, path_params={"room": "lobby"}, reconnect=True)
    await bot.handle()
    return heard
