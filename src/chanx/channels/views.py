"""AsyncAPI views for Django: the document as JSON/YAML and an offline HTML docs page."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views import View

from chanx.asyncapi.constants import YAML_MISSING_ERROR
from chanx.asyncapi.docs import ASSET_CACHE_CONTROL, ASSET_QUERY_PARAM, docs_page_parts, read_asset
from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.asyncapi.output import to_yaml, yaml_module
from chanx.channels import settings as chanx_settings_module
from chanx.channels.discovery import get_websocket_routes


def generate_asyncapi_schema(request: HttpRequest) -> dict[str, Any]:
    """The AsyncAPI document of the project, server info taken from settings or the request."""
    settings = chanx_settings_module.chanx_settings
    generator = AsyncAPIGenerator(
        get_websocket_routes(request),
        title=settings.ASYNCAPI_TITLE,
        version=settings.ASYNCAPI_VERSION,
        description=settings.ASYNCAPI_DESCRIPTION,
        server_url=settings.ASYNCAPI_SERVER_URL or request.get_host(),
        server_protocol=settings.ASYNCAPI_SERVER_PROTOCOL
        or ("wss" if request.is_secure() else "ws"),
        camelize=settings.CAMELIZE,
    )
    return generator.generate()


class AsyncAPISchemaView(View):
    """``GET ?format=json|yaml``: the AsyncAPI document."""

    def get(self, request: HttpRequest) -> HttpResponse:
        fmt = request.GET.get("format", "json").lower()
        if fmt not in ("json", "yaml"):
            return JsonResponse(
                {"error": "Invalid format. Supported formats: json, yaml"}, status=400
            )
        if fmt == "yaml" and yaml_module() is None:
            return JsonResponse({"error": YAML_MISSING_ERROR}, status=400)
        try:
            document = generate_asyncapi_schema(request)
        except Exception as exc:
            return JsonResponse({"error": f"Failed to generate schema: {exc}"}, status=500)
        if fmt == "yaml":
            return HttpResponse(to_yaml(document), content_type="application/yaml; charset=utf-8")
        return JsonResponse(document, json_dumps_params={"indent": 2})


class AsyncAPIDocsView(View):
    """``GET``: the docs page (AsyncAPI's viewer, served from the package: works offline).

    ``GET ?asset=<name>`` returns the viewer's script or stylesheet.
    """

    template_name = "channels/asyncapi_docs.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if ASSET_QUERY_PARAM in request.GET:
            return _asset_response(request.GET[ASSET_QUERY_PARAM])
        try:
            document = generate_asyncapi_schema(request)
        except Exception as exc:
            parts = docs_page_parts(
                None,
                "AsyncAPI Documentation - Error",
                error=f"Failed to generate documentation: {exc}",
            )
            return render(request, self.template_name, _safe(parts), status=500)
        parts = docs_page_parts(document, document["info"]["title"])
        return render(request, self.template_name, _safe(parts))


def _safe(parts: dict[str, str]) -> dict[str, str]:
    # The shared renderer has escaped every piece already (chanx.asyncapi.docs).
    return {key: mark_safe(value) for key, value in parts.items()}


def _asset_response(name: str) -> HttpResponse:
    asset = read_asset(name)
    if asset is None:
        return HttpResponse(f"Unknown asset: {name}", status=404, content_type="text/plain")
    data, content_type = asset
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = ASSET_CACHE_CONTROL
    return response
