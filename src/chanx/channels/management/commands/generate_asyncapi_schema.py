"""``manage.py generate_asyncapi_schema``: write the AsyncAPI document without a request."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.asyncapi.output import to_json, to_yaml, yaml_module
from chanx.channels import settings as chanx_settings_module
from chanx.channels.discovery import DjangoRouteDiscovery

DEFAULT_BASE_URL = "ws://localhost:8000"
NO_ROUTES_WARNING = (
    "No WebSocket routes found. Make sure your ASGI application is properly configured."
)
YAML_REQUIRED_ERROR = (
    "YAML format requested but PyYAML is not installed. Please install it: pip install PyYAML"
)


class SchemaGenerationError(CommandError):
    """The document could not be generated or written."""


def server_from_base_url(base_url: str) -> tuple[str, str]:
    """``(host, protocol)`` from ``wss://host``, ``ws://host`` or a bare ``host``."""
    for scheme in ("wss", "ws"):
        prefix = f"{scheme}://"
        if base_url.startswith(prefix):
            return base_url[len(prefix) :], scheme
    return base_url, "ws"


class Command(BaseCommand):
    help = "Generate the AsyncAPI 3.0 document of the project's WebSocket consumers."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--format", choices=["json", "yaml"], default="yaml")
        parser.add_argument("--file", help="Write to this file instead of stdout.")
        parser.add_argument("--base-url", help="Base URL for discovery and server info.")
        parser.add_argument("--title")
        parser.add_argument("--api-version")
        parser.add_argument("--description")
        parser.add_argument(
            "--discovery-class",
            help="Dotted path of a RouteDiscovery class (default: DjangoRouteDiscovery).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt == "yaml" and yaml_module() is None:
            raise SchemaGenerationError(YAML_REQUIRED_ERROR)
        try:
            text = self._render(options)
        except SchemaGenerationError:
            raise
        except Exception as exc:
            raise SchemaGenerationError(f"Failed to generate schema: {exc}") from exc
        target = options.get("file")
        if not target:
            self.stdout.write(text)
            return
        try:
            Path(target).write_bytes(text.encode("utf-8"))
        except OSError as exc:
            raise SchemaGenerationError(f"Failed to generate schema: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"AsyncAPI schema successfully generated: {target}"))

    def _render(self, options: dict[str, Any]) -> str:
        settings = chanx_settings_module.chanx_settings
        base_url = options.get("base_url") or settings.WEBSOCKET_BASE_URL or DEFAULT_BASE_URL
        discovery_path = options.get("discovery_class")
        discovery_class = import_string(discovery_path) if discovery_path else DjangoRouteDiscovery
        routes = discovery_class().discover_routes(base_url=base_url)
        if not routes:
            self.stderr.write(self.style.WARNING(NO_ROUTES_WARNING))
        host, protocol = server_from_base_url(base_url)
        document = AsyncAPIGenerator(
            routes,
            title=options.get("title") or settings.ASYNCAPI_TITLE,
            version=options.get("api_version") or settings.ASYNCAPI_VERSION,
            description=options["description"]
            if options.get("description") is not None
            else settings.ASYNCAPI_DESCRIPTION,
            server_url=host,
            server_protocol=protocol,
            camelize=settings.CAMELIZE,
        ).generate()
        return to_json(document) if options["format"] == "json" else to_yaml(document)
