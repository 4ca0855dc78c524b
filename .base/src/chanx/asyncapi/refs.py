"""JSON-pointer references inside an AsyncAPI document."""

from urllib.parse import quote, unquote

# Characters left as is in a ``$ref`` fragment (RFC 3986 fragment characters).
_SAFE = "!$&'()*+,;=:@-._~"


def ref(*segments: str) -> str:
    """``#/a/b`` with each segment escaped (``~``, ``/``, and URI-unsafe characters)."""
    escaped = (quote(s.replace("~", "~0").replace("/", "~1"), safe=_SAFE) for s in segments)
    return "#/" + "/".join(escaped)


def split_ref(value: str) -> list[str] | None:
    """The decoded segments of a local ``#/...`` reference, or ``None`` for other strings."""
    if not value.startswith("#/"):
        return None
    return [unquote(s).replace("~1", "/").replace("~0", "~") for s in value[2:].split("/")]
