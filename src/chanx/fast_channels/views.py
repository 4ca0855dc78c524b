"""AsyncAPI endpoints for FastAPI/Starlette: JSON, YAML and the offline docs page.

Each helper takes ``(request, app, config=None)``; wire it to a route of your choice::

    @app.get("/asyncapi")
    async def docs(request: Request) -> Response:
        return await asyncapi_docs(request, app)
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from chanx.asyncapi.constants import YAML_MISSING_ERROR
from chanx.asyncapi.docs import (
    ASSET_CACHE_CONTROL,
    ASSET_QUERY_PARAM,
    read_asset,
    render_docs_page,
)
from chanx.asyncapi.generator import AsyncAPIGenerator
from chanx.asyncapi.output import to_yaml, yaml_module
from chanx.fast_channels.discovery import FastAPIRouteDiscovery
from chanx.fast_channels.type_defs import AsyncAPIConfig
from chanx.fast_channels.utils import build_default_config_from_app, merge_configs


def generate_asyncapi_schema(
    request: Request, app: Any, config: AsyncAPIConfig | None = None
) -> dict[str, Any]:
    """The AsyncAPI document of ``app``'s chanx consumers."""
    merged = merge_configs(build_default_config_from_app(request, app), config)
    include = merged.get("include_non_chanx_routes", True)
    routes = FastAPIRouteDiscovery(app, include_non_chanx_routes=include).discover_routes(
        base_url=f"{merged.get('server_protocol', 'ws')}://{merged.get('server_url', '')}"
    )
    return AsyncAPIGenerator(
        routes,
        title=merged.get("title"),
        version=merged.get("version"),
        description=merged.get("description"),
        server_url=merged.get("server_url"),
        server_protocol=merged.get("server_protocol"),
        camelize=merged.get("camelize", False),
    ).generate()


async def asyncapi_spec_json(
    request: Request, app: Any, config: AsyncAPIConfig | None = None
) -> Response:
    """The document as JSON (500 with ``{"error": ...}`` when generation fails)."""
    try:
        return JSONResponse(generate_asyncapi_schema(request, app, config))
    except Exception as exc:
        return JSONResponse({"error": f"Failed to generate schema: {exc}"}, status_code=500)


async def asyncapi_spec_yaml(
    request: Request, app: Any, config: AsyncAPIConfig | None = None
) -> Response:
    """The document as YAML (400 without PyYAML, 500 when generation fails)."""
    if yaml_module() is None:
        return JSONResponse({"error": YAML_MISSING_ERROR}, status_code=400)
    try:
        text = to_yaml(generate_asyncapi_schema(request, app, config))
    except Exception as exc:
        return JSONResponse({"error": f"Failed to generate schema: {exc}"}, status_code=500)
    return Response(text, media_type="application/x-yaml")


async def asyncapi_docs(
    request: Request, app: Any, config: AsyncAPIConfig | None = None
) -> Response:
    """The docs page; ``?asset=<name>`` serves the vendored viewer it loads (no CDN)."""
    asset_name = request.query_params.get(ASSET_QUERY_PARAM)
    if asset_name is not None:
        asset = read_asset(asset_name)
        if asset is None:
            return Response(
                f"Unknown asset: {asset_name}", status_code=404, media_type="text/plain"
            )
        data, content_type = asset
        return Response(
            data, headers={"Cache-Control": ASSET_CACHE_CONTROL, "Content-Type": content_type}
        )
    try:
        document = generate_asyncapi_schema(request, app, config)
    except Exception as exc:
        page = render_docs_page(
            None, "AsyncAPI Documentation - Error", error=f"Failed to generate documentation: {exc}"
        )
        return HTMLResponse(page, status_code=500)
    return HTMLResponse(render_docs_page(document, document["info"]["title"]))
