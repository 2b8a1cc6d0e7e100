"""The Java methods a template can call, per type: the only way a step on a value resolves.

``methods_of(value)`` gives the table of ``value``'s type (String, Integer/Double, Boolean,
List, Map, Map.Entry, or a builtin's own); ``property_of`` reads ``$value.name`` (a map's
entry, a builtin's property, or a ``getName()``/``isName()`` getter from the table). A call
whose arguments fit no Java overload is null; one Java would throw on (``substring`` out of
range, ``parseInt("x")``) is a :class:`TemplateError`. User regular expressions (``matches``,
``replaceAll``, ``replaceFirst``, ``split``) are compiled and time-limited as every pattern from an
API's configuration is (``gwmock.runtime.patterns``): one that runs out is a TemplateError.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gwmock.runtime import patterns
from gwmock.runtime.vtl.limits import TemplateError
from gwmock.runtime.vtl.values import Builtin, ContextMap, Entry, Method, NoMethod, equals, is_number, java_string, text

# ---------------------------------------------------------------------------------------------
# Regular expressions (Java's String.matches/replaceAll/replaceFirst/split)

def _compile(pattern: Any) -> Any:
    try:
        return patterns.compile(text(pattern))
    except patterns.BadPattern as error:
        raise TemplateError(f"invalid regular expression: {error}") from None


def _regex_call(action: Callable[[], Any]) -> Any:
    try:
        return action()
    except TimeoutError:
        raise TemplateError("regular expression took too long") from None


def matches(subject: str, pattern: Any) -> bool:
    compiled = _compile(pattern)
    return _regex_call(lambda: compiled.fullmatch(subject, timeout=patterns.TIMEOUT)) is not None


def _java_replacement(replacement: str) -> Callable[[Any], str]:
    """Java's replacement syntax: ``$n`` is group n, ``\\x`` is x."""
    parts: list[tuple[bool, str]] = []
    i = 0
    while i < len(replacement):
        char = replacement[i]
        if char == "\\" and i + 1 < len(replacement):
            parts.append((False, replacement[i + 1]))
            i += 2
        elif char == "$":
            j = i + 1
            while j < len(replacement) and replacement[j].isdigit():
                j += 1
            if j == i + 1:
                raise TemplateError("Illegal group reference")
            parts.append((True, replacement[i + 1:j]))
            i = j
        else:
            parts.append((False, char))
            i += 1

    def expand(match: Any) -> str:
        return "".join((match.group(int(value)) or "") if group else value for group, value in parts)

    return expand


def replace_regex(subject: str, pattern: Any, replacement: Any, count: int) -> str:
    compiled = _compile(pattern)
    expand = _java_replacement(text(replacement))
    try:
        return str(_regex_call(lambda: compiled.sub(expand, subject, count=count, timeout=patterns.TIMEOUT)))
    except IndexError:
        raise TemplateError("No group in replacement") from None


def split(subject: str, pattern: Any, limit: int = 0) -> list[str]:
    """Java's ``String.split``: no leading empty piece for a zero-width first match, trailing
    empty pieces dropped when ``limit`` is 0, at most ``limit`` pieces when positive."""
    compiled = _compile(pattern)
    pieces: list[str] = []
    start = 0

    def run() -> None:
        nonlocal start
        for match in compiled.finditer(subject, timeout=patterns.TIMEOUT):
            if limit > 0 and len(pieces) == limit - 1:
                break
            if match.end() == 0:
                continue
            if match.start() == match.end() == start and start >= len(subject):
                break
            pieces.append(subject[start:match.start()])
            start = match.end()

    _regex_call(run)
    pieces.append(subject[start:])
    if limit == 0:
        while pieces and pieces[-1] == "" and len(pieces) > 1:
            pieces.pop()
        if pieces == [""] and subject:
            pieces = []
    return pieces


# ---------------------------------------------------------------------------------------------
# Argument conversions: a mismatch means no Java overload applies (the call is null)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise NoMethod
    return int(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise NoMethod
    return value


def _seq(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise NoMethod
    return value


def _map(value: Any) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise NoMethod
    return value


def _index(size: int, position: Any, inclusive: bool = False) -> int:
    index = _int(position)
    if index < 0 or index > size or (index == size and not inclusive):
        raise TemplateError(f"Index {index} out of bounds for length {size}")
    return index


# ---------------------------------------------------------------------------------------------
# String


def _substring(s: str, begin: Any, end: Any = None) -> str:
    start = _int(begin)
    stop = len(s) if end is None else _int(end)
    if start < 0 or stop > len(s) or start > stop:
        raise TemplateError(f"begin {start}, end {stop}, length {len(s)}")
    return s[start:stop]


def _index_of(s: str, needle: Any, start: Any = 0) -> int:
    return s.find(text(needle), max(_int(start), 0))


def _last_index_of(s: str, needle: Any, start: Any = None) -> int:
    if start is None:
        return s.rfind(text(needle))
    return s.rfind(text(needle), 0, _int(start) + len(text(needle)))


def _char_at(s: str, position: Any) -> str:
    return s[_index(len(s), position)]


def _starts_with(s: str, prefix: Any, offset: Any = 0) -> bool:
    return s.startswith(_str(prefix), _int(offset))


def _compare(left: Any, right: Any) -> int:
    if is_number(left) and is_number(right) or isinstance(left, str) and isinstance(right, str):
        return int(left > right) - int(left < right)
    raise NoMethod


_JAVA_INT = re.compile(r"[+-]?[0-9A-Za-z]+")


def _parse_int(_: Any, value: Any, radix: Any = 10) -> int:
    """``Integer.parseInt``: no surrounding spaces, no underscores (unlike Python's ``int``)."""
    digits = _str(value)
    try:
        if not _JAVA_INT.fullmatch(digits):
            raise ValueError(digits)
        return int(digits, _int(radix))
    except ValueError:
        raise TemplateError(f'NumberFormatException: For input string: "{digits}"') from None


def _parse_double(_: Any, value: Any) -> float:
    try:
        return float(_str(value))
    except ValueError:
        raise TemplateError(f'NumberFormatException: For input string: "{value}"') from None


def _value_of(_: Any, value: Any) -> Any:
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return _parse_double(None, value)
    if is_number(value):
        return value
    raise NoMethod


STRING: dict[str, Method] = {
    "length": lambda s: len(s),
    "isEmpty": lambda s: not s,
    "charAt": _char_at,
    "concat": lambda s, other: s + _str(other),
    "contains": lambda s, part: text(part) in s,
    "startsWith": _starts_with,
    "endsWith": lambda s, suffix: s.endswith(_str(suffix)),
    "equals": lambda s, other: isinstance(other, str) and s == other,
    "equalsIgnoreCase": lambda s, other: isinstance(other, str) and s.lower() == other.lower(),
    "compareTo": _compare,
    "indexOf": _index_of,
    "lastIndexOf": _last_index_of,
    "substring": _substring,
    "replace": lambda s, old, new: s.replace(text(old), text(new)),
    "replaceAll": lambda s, pattern, repl: replace_regex(s, pattern, repl, 0),
    "replaceFirst": lambda s, pattern, repl: replace_regex(s, pattern, repl, 1),
    "split": lambda s, pattern, limit=0: split(s, pattern, _int(limit)),
    "matches": lambda s, pattern: matches(s, pattern),
    "toLowerCase": lambda s: s.lower(),
    "toUpperCase": lambda s: s.upper(),
    "trim": lambda s: s.strip(" \t\n\r\x0b\x0c\x00"),
    "strip": lambda s: s.strip(),
    "toString": lambda s: s,
    "valueOf": lambda _, value: java_string(value),
}

# ---------------------------------------------------------------------------------------------
# Numbers and booleans (``#set($Integer = 0)`` then ``$Integer.parseInt(...)``, as AWS examples do)

NUMBER: dict[str, Method] = {
    "intValue": lambda n: int(n),
    "longValue": lambda n: int(n),
    "doubleValue": lambda n: float(n),
    "floatValue": lambda n: float(n),
    "toString": lambda n: java_string(n),
    "equals": lambda n, other: is_number(other) and type(n) is type(other) and n == other,
    "compareTo": _compare,
    "parseInt": _parse_int,
    "parseLong": _parse_int,
    "parseDouble": _parse_double,
    "parseFloat": _parse_double,
    "valueOf": _value_of,
}

BOOLEAN: dict[str, Method] = {
    "booleanValue": lambda b: b,
    "toString": lambda b: java_string(b),
    "equals": lambda b, other: other is b,
    "parseBoolean": lambda _, value: isinstance(value, str) and value.lower() == "true",
    "valueOf": lambda _, value: isinstance(value, str) and value.lower() == "true" or value is True,
}

# ---------------------------------------------------------------------------------------------
# List


def _list_add(items: list[Any], *args: Any) -> Any:
    if len(args) == 1:
        items.append(args[0])
        return True
    if len(args) == 2:
        items.insert(_index(len(items), args[0], inclusive=True), args[1])
        return None
    raise NoMethod


def _list_remove(items: list[Any], what: Any) -> Any:
    if is_number(what):
        return items.pop(_index(len(items), what))
    for position, item in enumerate(items):
        if equals(item, what):
            del items[position]
            return True
    return False


def _list_set(items: list[Any], position: Any, value: Any) -> Any:
    index = _index(len(items), position)
    previous = items[index]
    items[index] = value
    return previous


def _list_index_of(items: list[Any], value: Any) -> int:
    return next((i for i, item in enumerate(items) if equals(item, value)), -1)


def _list_last_index_of(items: list[Any], value: Any) -> int:
    return next((i for i in range(len(items) - 1, -1, -1) if equals(items[i], value)), -1)


def _sub_list(items: list[Any], begin: Any, end: Any) -> list[Any]:
    start, stop = _index(len(items), begin, True), _index(len(items), end, True)
    if start > stop:
        raise TemplateError(f"fromIndex({start}) > toIndex({stop})")
    return type(items)(items[start:stop])


def _list_add_all(items: list[Any], values: Any) -> bool:
    items.extend(_seq(values))
    return bool(values)


LIST: dict[str, Method] = {
    "size": lambda items: len(items),
    "isEmpty": lambda items: not items,
    "get": lambda items, position: items[_index(len(items), position)],
    "contains": lambda items, value: any(equals(item, value) for item in items),
    "add": _list_add,
    "addAll": _list_add_all,
    "remove": _list_remove,
    "set": _list_set,
    "indexOf": _list_index_of,
    "lastIndexOf": _list_last_index_of,
    "subList": _sub_list,
    "clear": lambda items: items.clear(),
    "equals": lambda items, other: isinstance(other, list) and equals(items, other),
    "toString": lambda items: java_string(items),
}

# ---------------------------------------------------------------------------------------------
# Map


def _map_put(mapping: dict[Any, Any], key: Any, value: Any) -> Any:
    previous = mapping.get(key)
    mapping[key] = value
    return previous


def _map_put_all(mapping: dict[Any, Any], values: Any) -> None:
    mapping.update(_map(values))


MAP: dict[str, Method] = {
    "size": lambda mapping: len(mapping),
    "isEmpty": lambda mapping: not mapping,
    "get": lambda mapping, key: mapping.get(key) if isinstance(key, (str, int, float, bool)) else None,
    "getOrDefault": lambda mapping, key, default: mapping.get(key, default),
    "containsKey": lambda mapping, key: isinstance(key, (str, int, float, bool)) and key in mapping,
    "containsValue": lambda mapping, value: any(equals(v, value) for v in mapping.values()),
    "keySet": lambda mapping: list(mapping.keys()),
    "values": lambda mapping: list(mapping.values()),
    "entrySet": lambda mapping: [Entry(k, v) for k, v in mapping.items()],
    "put": _map_put,
    "putAll": _map_put_all,
    "remove": lambda mapping, key: mapping.pop(key, None) if isinstance(key, (str, int, float, bool)) else None,
    "clear": lambda mapping: mapping.clear(),
    "equals": lambda mapping, other: isinstance(other, dict) and equals(mapping, other),
    "toString": lambda mapping: java_string(mapping),
}

ENTRY: dict[str, Method] = {
    "getKey": lambda entry: entry.key,
    "getValue": lambda entry: entry.value,
    "setValue": lambda entry, value: setattr(entry, "value", value),
    "toString": lambda entry: java_string(entry),
}


def methods_of(value: Any) -> dict[str, Method]:
    """The method table of ``value``'s type (empty for null)."""
    if isinstance(value, str):
        return STRING
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, (int, float)):
        return NUMBER
    if isinstance(value, list):
        return LIST
    if isinstance(value, dict):
        return MAP
    if isinstance(value, Entry):
        return ENTRY
    if isinstance(value, Builtin):
        return type(value).METHODS
    return {}


def property_of(value: Any, name: str) -> Any:
    """``$value.name``: a map's entry, a builtin's property, or the getter Velocity would try
    (``getName()``, ``isName()``); null otherwise."""
    if isinstance(value, dict):
        if name in value:
            return value[name]
        return value.hidden.get(name) if type(value) is ContextMap else None
    if isinstance(value, Builtin):
        getter = type(value).PROPERTIES.get(name)
        return None if getter is None else getter(value)
    if isinstance(value, Entry):
        return value.key if name == "key" else value.value if name == "value" else None
    table = methods_of(value)
    capital = name[:1].upper() + name[1:]
    for candidate in ("get" + capital, "is" + capital):
        method = table.get(candidate)
        if method is not None:
            try:
                return method(value)
            except (TypeError, NoMethod):
                return None
    return None
