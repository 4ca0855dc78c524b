"""Turn route pattern text (Django, regex or Starlette) into a path and its parameters."""

import re
from typing import Any

REGEX_PARAM_PATTERN = r"\(\?P<([^>]+)>([^)]+)\)"
"""Named regex groups ``(?P<name>pattern)`` (the pattern may not contain ``)``)."""
DJANGO_PARAM_PATTERN = r"<(\w+):(\w+)>"
"""Django converters ``<converter:name>``."""
STARLETTE_PARAM_PATTERN = r"\{(\w+)(?::(\w+))?\}"
"""Starlette parameters ``{name}`` or ``{name:type}``."""

# Also a bare Django ``<name>`` (a ``str`` converter), but not the
# ``<name>`` that opens a regex group ``(?P<name>``.
_DJANGO_BARE_PARAM_PATTERN = r"(?<!\?P)<(\w+)>"
_GROUP_START = re.compile(r"\(\?P<(\w+)>")
# Starlette names are identifiers, so a regex quantifier such as ``\d{4}`` is not a parameter.
_STARLETTE_NAME_PATTERN = r"\{([A-Za-z_]\w*)(?::(\w+))?\}"


def _named_groups(pattern: str) -> list[tuple[str, str, int, int]]:
    """``(name, inner regex, start, end)`` of each named group, honouring nested parentheses.

    Escapes and character classes are skipped, so ``(?P<x>[^)]+)`` and ``(?P<x>(a|b))``
    both yield the whole group.
    """
    found: list[tuple[str, str, int, int]] = []
    for match in _GROUP_START.finditer(pattern):
        depth, i, in_class = 1, match.end(), False
        while i < len(pattern) and depth:
            char = pattern[i]
            if char == "\\":
                i += 2
                continue
            if in_class:
                in_class = char != "]"
            elif char == "[":
                in_class = True
                # A ``]`` right after ``[`` or ``[^`` is a literal member of the class.
                if pattern[i + 1 : i + 2] == "^":
                    i += 1
                if pattern[i + 1 : i + 2] == "]":
                    i += 1
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            i += 1
        if depth == 0:
            found.append((match.group(1), pattern[match.end() : i - 1], match.start(), i))
    return found


def extract_path_parameters(pattern: str) -> dict[str, str]:
    """Parameters of a route pattern: name → converter, Starlette type or regex text.

    Priority: Django converters, then Starlette parameters (type defaults to ``"str"``),
    then named regex groups; a name found earlier is not overwritten.
    """
    params: dict[str, str] = {}
    for converter, name in re.findall(DJANGO_PARAM_PATTERN, pattern):
        params.setdefault(name, converter)
    for name in re.findall(_DJANGO_BARE_PARAM_PATTERN, pattern):
        params.setdefault(name, "str")
    for name, type_ in re.findall(_STARLETTE_NAME_PATTERN, pattern):
        params.setdefault(name, type_ or "str")
    for name, regex, _start, _end in _named_groups(pattern):
        params.setdefault(name, regex)
    return params


def strip_anchors(text: str) -> str:
    """Drop one leading ``^`` and one trailing ``$`` (never characters inside the pattern)."""
    if text.startswith("^"):
        text = text[1:]
    if text.endswith("$") and not text.endswith("\\$"):
        text = text[:-1]
    return text


def get_pattern_string_and_params(route: Any) -> tuple[str, dict[str, str] | None]:
    """The pattern text of a route (anchors stripped) and its parameters, or ``None``."""
    raw_pattern = getattr(route, "pattern", None)
    if raw_pattern is None:
        text = str(route)
    else:
        inner = getattr(raw_pattern, "pattern", None)
        text = inner if isinstance(inner, str) else str(raw_pattern)
    params = extract_path_parameters(text)
    return strip_anchors(text), params or None


def render_channel_path(path: str, params: dict[str, str] | None) -> str:
    """``path`` with every parameter written as ``{name}``."""
    if not params:
        return path
    for name, _regex, start, end in reversed(_named_groups(path)):
        if name in params:
            path = path[:start] + "{" + name + "}" + path[end:]
    path = re.sub(
        DJANGO_PARAM_PATTERN,
        lambda m: "{" + m.group(2) + "}" if m.group(2) in params else m.group(0),
        path,
    )
    path = re.sub(
        _DJANGO_BARE_PARAM_PATTERN,
        lambda m: "{" + m.group(1) + "}" if m.group(1) in params else m.group(0),
        path,
    )
    return re.sub(
        _STARLETTE_NAME_PATTERN,
        lambda m: "{" + m.group(1) + "}" if m.group(1) in params else m.group(0),
        path,
    )
