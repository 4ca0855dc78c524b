"""Import probes run in fresh interpreters by ``test_import_cost``.

``python -m tests.suites.layout.probe_imports <probe>`` prints one JSON object.
"""

import asyncio
import importlib
import json
import pkgutil
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

FRAMEWORKS = ("django", "channels", "fast_channels", "starlette", "fastapi", "rest_framework")


class Blocker(MetaPathFinder):
    """Makes the given top-level packages look uninstalled."""

    def __init__(self, blocked: Sequence[str]) -> None:
        self.blocked = set(blocked)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.split(".")[0] in self.blocked:
            raise ModuleNotFoundError(f"No module named {fullname!r} (blocked)", name=fullname)
        return None


def modules_of(package: str) -> list[str]:
    """``package`` and every module below it."""
    root = importlib.import_module(package)
    names = [package]
    for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
        names.append(info.name)
    return names


def probe_neutral() -> dict[str, Any]:
    """Import the whole core and testing packages; list the frameworks that came with them.

    ``chanx.core.registry`` is left out: it is the 1.x path of the AsyncAPI registry.
    """
    for package in ("chanx.core", "chanx.testing", "chanx.messages", "chanx.routing"):
        for name in modules_of(package):
            if name not in ("chanx.testing.pytest_plugin", "chanx.core.registry"):
                importlib.import_module(name)
    adapters = ("chanx.channels", "chanx.fast_channels", "chanx.ext", "chanx.asyncapi")
    return {
        "frameworks": sorted(
            {n.split(".")[0] for n in sys.modules if n.split(".")[0] in FRAMEWORKS}
        ),
        "adapters": sorted({n for n in sys.modules if n.startswith(adapters)}),
    }


def probe_fastapi_without_django() -> dict[str, Any]:
    """A FastAPI project where Django is not installed: every fast-channels path works."""
    sys.meta_path.insert(0, Blocker(["django", "channels", "rest_framework", "daphne"]))
    imported = []
    for package in ("chanx.fast_channels", "chanx.ext.fast_channels", "chanx.testing"):
        for name in modules_of(package):
            importlib.import_module(name)
            imported.append(name)
    from chanx.core.decorators import ws_handler
    from chanx.fast_channels.testing import WebsocketCommunicator
    from chanx.fast_channels.websocket import AsyncJsonWebsocketConsumer
    from chanx.messages.incoming import PingMessage
    from chanx.messages.outgoing import PongMessage
    from chanx.utils.framework import consumer_base, detect_framework

    class EchoConsumer(AsyncJsonWebsocketConsumer):
        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    async def exchange() -> Any:
        communicator = WebsocketCommunicator(EchoConsumer.as_asgi(), "/", consumer=EchoConsumer)
        async with communicator:
            await communicator.send_message(PingMessage())
            return await communicator.receive_json_from()

    return {
        "imported": len(imported),
        "reply": asyncio.run(exchange()),
        "framework": detect_framework(),
        "base_is_fast": consumer_base() is AsyncJsonWebsocketConsumer,
        "django_loaded": "django" in sys.modules,
    }


def probe_django_without_apps() -> dict[str, Any]:
    """A Channels project with ``INSTALLED_APPS = []``: adapter and testing modules import."""
    import django
    from django.conf import settings

    settings.configure(INSTALLED_APPS=[], SECRET_KEY="x", USE_TZ=True)
    django.setup()
    skipped = {"chanx.channels.authenticator", "chanx.ext.channels.authenticator"}
    for package in ("chanx.channels", "chanx.ext.channels", "chanx.testing"):
        for name in modules_of(package):
            if name not in skipped:
                importlib.import_module(name)
    from chanx.channels.testing import WebsocketCommunicator
    from chanx.channels.websocket import AsyncJsonWebsocketConsumer
    from chanx.core.decorators import ws_handler
    from chanx.messages.incoming import PingMessage
    from chanx.messages.outgoing import PongMessage

    class EchoConsumer(AsyncJsonWebsocketConsumer):
        groups = []  # no channel layer configured

        @ws_handler
        async def ping(self, message: PingMessage) -> PongMessage:
            return PongMessage()

    async def exchange() -> Any:
        communicator = WebsocketCommunicator(EchoConsumer.as_asgi(), "/", consumer=EchoConsumer)
        async with communicator:
            await communicator.send_message(PingMessage())
            return await communicator.receive_json_from()

    return {
        "reply": asyncio.run(exchange()),
        "loaded": sorted({n.split(".")[0] for n in sys.modules} & {"rest_framework", "daphne"})
        + sorted(n for n in sys.modules if n.startswith("django.contrib.auth")),
    }


def probe_django_app(label: str) -> dict[str, Any]:
    """``label`` (``chanx.channels`` or ``chanx.ext.channels``) installed as the Django app."""
    import django
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=[label],
        SECRET_KEY="x",
        USE_TZ=True,
        ROOT_URLCONF="tests.suites.layout.probe_urls",
        TEMPLATES=[
            {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
        ],
        ALLOWED_HOSTS=["*"],
    )
    django.setup()
    from io import StringIO

    from django.apps import apps
    from django.core.management import call_command
    from django.template.loader import get_template
    from django.test import Client

    template: Any = get_template("channels/asyncapi_docs.html")
    out = StringIO()
    call_command("generate_asyncapi_schema", "--format", "json", stdout=out, stderr=StringIO())
    page = Client().get("/asyncapi/docs/")
    return {
        "app": apps.get_app_config("chanx_channels").name,
        "template": template.origin.name.replace("\\", "/").split("src/")[-1],
        "command": json.loads(out.getvalue())["asyncapi"],
        "page": page.status_code,
        "schema": Client().get("/asyncapi/schema/").json()["asyncapi"],
    }


if __name__ == "__main__":
    probe, *args = sys.argv[1:]
    print(json.dumps(globals()[f"probe_{probe}"](*args)))
