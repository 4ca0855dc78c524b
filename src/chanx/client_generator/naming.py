"""Rules shared by the Python and TypeScript emitters: case conversion, safe renames, unions."""

import builtins
import keyword
import re

from pydantic import BaseModel


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


PY_KEYWORDS = frozenset(keyword.kwlist)
PY_SOFT_KEYWORDS = frozenset(keyword.softkwlist)
PY_BUILTINS = frozenset(dir(builtins))

TS_RESERVED = _names(
    """
    abstract accessor any as asserts async await bigint boolean break case catch class const
    constructor continue debugger declare default delete do else enum export extends false
    finally for from function get global if implements import in infer instanceof interface
    is keyof let module namespace never new null number object of out package private
    protected public readonly require return satisfies set static string super switch symbol
    this throw true try type typeof undefined unique unknown var void while with yield
    """
)

# Global names a generated TypeScript or Python module relies on; a schema must never shadow them.
TS_GLOBALS = _names(
    """
    Array ArrayBuffer BaseClient Blob Boolean Date Error Event Exclude Extract Function JSON
    Map Math MessageEvent NonNullable Number Object Omit Partial Pick Promise Readonly
    Record RegExp Required ReturnType Set String Symbol WebSocket
    ActionMessage ClientOptions CloseInfo Listener WebSocketFactory WebSocketLike
    """
)
PY_MODULE_NAMES = _names(
    """
    Annotated Any BaseClient BaseModel ClassVar ConfigDict Field IncomingMessage Literal
    Never OutgoingMessage TypeAdapter TypeAlias
    """
)
RESERVED_TYPE_NAMES = (
    PY_KEYWORDS | PY_SOFT_KEYWORDS | PY_BUILTINS | TS_RESERVED | TS_GLOBALS | PY_MODULE_NAMES
)

# Attributes of pydantic's BaseModel: a field with such a name would shadow the model API.
MODEL_ATTRIBUTES = frozenset(name for name in dir(BaseModel) if not name.startswith("_"))

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
_PY_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TS_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def words(name: str) -> list[str]:
    """Split ``name`` into words on case changes and any non-alphanumeric character."""
    parts: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        parts.extend(_WORD.findall(chunk))
    return parts


def snake_case(name: str) -> str:
    """``ChatMessage`` / ``chat-message`` / ``chatMessage`` → ``chat_message``."""
    return "_".join(word.lower() for word in words(name))


def pascal_case(name: str) -> str:
    """``chat_message`` → ``ChatMessage``; existing capitals inside a word are kept."""
    return "".join(word[0].upper() + word[1:] for word in words(name))


def camel_case(name: str) -> str:
    """``chat_message`` → ``chatMessage``."""
    pascal = pascal_case(name)
    return pascal[:1].lower() + pascal[1:]


def is_ts_identifier(name: str) -> bool:
    """True when ``name`` can be written as a bare TypeScript property name."""
    return bool(_TS_IDENT.match(name))


class Namer:
    """Hands out unique names: a clash gets a numeric suffix (``Name``, ``Name2``, ...)."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken: set[str] = set(taken)

    def take(self, name: str) -> str:
        candidate, index = name, 2
        while candidate in self._taken:
            candidate = f"{name}{index}"
            index += 1
        self._taken.add(candidate)
        return candidate

    def take_exact(self, name: str) -> str | None:
        """``name`` itself if it is still free (then taken), else ``None``."""
        if name in self._taken:
            return None
        self._taken.add(name)
        return name


def type_name(raw: str) -> str:
    """A PascalCase name valid as a Python class and a TypeScript type (not yet unique)."""
    name = pascal_case(raw) or "Model"
    if name[0].isdigit():
        name = "N" + name
    if name in RESERVED_TYPE_NAMES:
        name += "Model"
    return name


def module_name(raw: str) -> str:
    """A snake_case name valid as a Python package/module name (not yet unique)."""
    name = snake_case(raw) or "channel"
    if name[0].isdigit():
        name = "n" + name
    if name in PY_KEYWORDS or name in {"base", "shared"}:
        name += "_"
    return name


def field_name(raw: str, forbidden: frozenset[str] | set[str] = frozenset()) -> str:
    """A Python attribute for the JSON property ``raw``; differs from ``raw`` only if it must.

    Invalid identifiers, keywords, leading underscores (pydantic privates), ``model_``
    names, BaseModel attributes and names in ``forbidden`` (class names used in the module)
    are renamed; the generator then keeps ``raw`` as the field alias.
    """
    name = raw
    if not _PY_IDENT.match(name):
        name = "_".join(words(name)) or "field"
    name = name.lstrip("_") or "field"
    if name[0].isdigit():
        name = "n" + name
    if name.startswith("model_"):
        name = "field_" + name
    if name in PY_KEYWORDS or name in MODEL_ATTRIBUTES or name in forbidden:
        name += "_"
    return name


def union_text(members: list[str], anything: str, nothing: str) -> str:
    """``A | B`` of the distinct ``members`` in first-seen order, ``nothing`` (the null type)
    last, as people write it; ``anything`` alone when a member is the any-type."""
    if anything in members:
        return anything
    unique = list(dict.fromkeys(members))
    unique.sort(key=lambda m: m == nothing)
    return " | ".join(unique)
