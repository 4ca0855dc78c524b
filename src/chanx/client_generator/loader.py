"""Read an AsyncAPI document from a file or an http(s) URL into a plain ``dict``."""

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

FETCH_TIMEOUT = 30.0


def is_url(source: str) -> bool:
    """True when ``source`` has a scheme and a host (``http://host/...``)."""
    parsed = urlparse(source)
    return parsed.scheme in {"http", "https"} and bool(parsed.netloc)


def load_schema(source: str | Path) -> dict[str, Any]:
    """Load the document at ``source`` (path or URL).

    Raises ``FileNotFoundError`` for a missing file and ``ValueError`` for anything
    that is not a JSON/YAML object (or an HTTP error).
    """
    text_source = str(source)
    if is_url(text_source):
        text, hint = _fetch(text_source)
    else:
        path = Path(text_source)
        if not path.is_file():
            raise FileNotFoundError(f"Schema file not found: {path}")
        text, hint = path.read_text(encoding="utf-8"), path.suffix.lower()
    return parse_schema_text(text, hint)


def parse_schema_text(text: str, hint: str = "") -> dict[str, Any]:
    """Parse JSON or YAML text; ``hint`` is a file suffix or a content type."""
    data: Any
    if _looks_like_html(text, hint):
        raise ValueError(
            "this is an HTML page (an AsyncAPI docs page?), not an AsyncAPI document: give "
            "the document itself, JSON or YAML (with chanx's views: asyncapi/schema/ on "
            "Django, the route serving asyncapi_spec_json on FastAPI)"
        )
    if "json" in hint:
        data = _parse_json(text)
    elif "yaml" in hint or "yml" in hint:
        data = _parse_yaml(text)
    else:
        try:
            data = json.loads(text)
        except ValueError:
            data = _parse_yaml(text)
    if not isinstance(data, dict):
        raise ValueError("Invalid AsyncAPI document: the top level must be an object")
    return data


def _looks_like_html(text: str, hint: str) -> bool:
    if "html" in hint:
        return True
    head = text.lstrip()[:15].lower()
    return head.startswith(("<!doctype html", "<html"))


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ValueError(f"Invalid JSON in AsyncAPI document: {exc}") from exc


def _parse_yaml(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"Invalid YAML/JSON in AsyncAPI document: {exc}") from exc


def _fetch(url: str) -> tuple[str, str]:
    import httpx

    try:
        response = httpx.get(url, follow_redirects=True, timeout=FETCH_TIMEOUT)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ValueError(f"Could not fetch AsyncAPI document from {url}: {exc}") from exc
    suffix = Path(urlparse(url).path).suffix.lower()
    return response.text, suffix or response.headers.get("content-type", "")


class SchemaLoader:
    """Loads an AsyncAPI document from a file path or an http(s) URL."""

    @staticmethod
    def load(path_or_url: str | Path) -> dict[str, Any]:
        """The document as a ``dict`` (see :func:`load_schema` for formats and errors)."""
        return load_schema(path_or_url)
