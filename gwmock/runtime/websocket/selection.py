"""Route selection expressions of WebSocket APIs: the route key a message selects.

AWS documents the language ("WebSocket selection expressions"): "A variable is prefixed with
"$"", "Curly braces can be used to explicitly define variable boundaries, e.g.,
"${request.body.version}-beta"", "Multiple variables are supported, but evaluation occurs only
once (no recursive evaluation)", and "A dollar sign ($) can be escaped with "\\"" (``\\$default``).
The "Create routes for WebSocket APIs" page adds: "You can use any JSON path expression after
request.body, but keep in mind that the result will be stringified. For example, if your JSONPath
expression returns an array of two elements, that will be presented as the string
"[item1, item2]"", its table (``${request.body.service}/${request.body.action}`` -> ``chat/join``;
``${request.body.action}-${request.body.invalidPath}`` -> ``join-``: "If the JSONPath is not found,
the variable is resolved as ""."; ``action`` -> ``action``; ``\\$default`` -> ``$default``), and
"Non-JSON messages are directed to a $default route".

The expression is read by the small parser below, once per expression text (never ``eval``),
and evaluated in work bounded by the message's size and the longest route key: a result longer
than every route key cannot select a route, so stringifying stops there (the ``$default`` route).

* ``${...}`` ends at the first ``}``; an unbraced variable runs over letters, digits, ``_``,
  ``.`` and ``[...]`` groups. ``\\$`` is a literal ``$``; other text is literal; a ``$``
  that starts no variable (``cost$``) and a ``${`` never closed are literal too.
* Paths after ``request.body``: ``.name``, ``['name']``/``["name"]``, ``[index]`` (``[-1]``
  is the last element). A body that is not JSON (``NaN`` and ``Infinity`` included, as Java's
  parsers refuse them) selects ``$default`` whatever the expression.
* A computed key starting with ``$`` never selects ``$connect``/``$disconnect``; no
  matching route selects ``$default``.

Guesses (AWS documents no answer; each is pinned by tests/websocket/test_ws_fidelity_selection.py):

* A number is its text as the message wrote it (``5`` -> ``5``, ``2.50`` -> ``2.50``, ``1e3``
  -> ``1e3``); ``true``/``false`` are ``true``/``false`` (JSON's spelling, not Python's).
* ``null`` resolves as "" (as a path that is not found); inside an array or object it is ``null``.
* Arrays and objects are stringified as Java's collections print (AWS's own example,
  ``[item1, item2]``, has no quotes): ``["a", 1, [true]]`` -> ``[a, 1, [true]]``,
  ``{"a": {"b": "c"}}`` -> ``{a={b=c}}``.
* Variables other than ``request.body...`` (``$request.header.x``, ``$default`` unescaped) and
  JSONPath forms beyond the ones above (wildcards ``*``, ``..``, filters, slices) resolve as ""
  (limitation: AWS documents no other variable for route selection).
* A message nested deeper than Python's JSON parser follows (about 1,000 levels) is not JSON.
* Whitespace around the whole expression is ignored (as gwmock always did).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]
Part = str | Path | None  # literal text, a path into the body, a variable that resolves as ""
_NAME = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_NOT_JSON = object()
_END = object()


def select(routes: list[dict[str, Any]], expression: str, body: str) -> dict[str, Any] | None:
    """The route a text message selects: the route whose key the expression evaluates to, else
    ``$default`` (None when there is none)."""
    by_key = {r.get("RouteKey"): r for r in routes}
    document = _document(body)
    if document is not _NOT_JSON:
        longest = max((len(k) for k in by_key if isinstance(k, str)), default=0)
        key = evaluate(expression.strip(), document, longest)
        if key is not None and key in by_key and not key.startswith("$"):
            return by_key[key]
    return by_key.get("$default")


def value_of(expression: str, body: str, limit: int) -> str | None:
    """A template selection expression's value on a message (``integrations``): the same language,
    its ``${request.body...}`` variables read from the body; they resolve as "" when the body is not
    JSON (guess: as a path that is not found). None once longer than ``limit``."""
    document = _document(body)
    return evaluate(expression.strip(), None if document is _NOT_JSON else document, limit)


def evaluate(expression: str, document: Any, limit: int) -> str | None:
    """The expression's value on a parsed message; None once it would be longer than ``limit``."""
    out: list[str] = []
    size = 0
    for part in parse(expression):
        if isinstance(part, str):
            text: str | None = part
        else:
            found = _lookup(document, part) if part is not None else _END
            text = "" if found is _END or found is None else _text(found, limit - size)
        if text is None:
            return None
        size += len(text)
        if size > limit:
            return None
        out.append(text)
    return "".join(out)


@functools.lru_cache(maxsize=256)
def parse(expression: str) -> tuple[Part, ...]:
    """The expression's literal texts and variables, in order (work linear in its length)."""
    parts: list[Part] = []
    literal: list[str] = []
    i, n = 0, len(expression)
    while i < n:
        char = expression[i]
        if char == "\\" and expression.startswith("$", i + 1):
            literal.append("$")
            i += 2
            continue
        if char != "$":
            literal.append(char)
            i += 1
            continue
        if expression.startswith("${", i):
            end = expression.find("}", i + 2)
            if end < 0:
                literal.append(expression[i:])
                break
            name, i = expression[i + 2:end], end + 1
        else:
            end = _bare_end(expression, i + 1)
            if end == i + 1:
                literal.append("$")
                i += 1
                continue
            name, i = expression[i + 1:end], end
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(_variable(name))
    if literal:
        parts.append("".join(literal))
    return tuple(parts)


def _bare_end(expression: str, start: int) -> int:
    """Where an unbraced variable starting at ``start`` ends."""
    i, n = start, len(expression)
    while i < n:
        if expression[i] in _NAME or expression[i] == ".":
            i += 1
        elif expression[i] == "[":
            close = expression.find("]", i)
            if close < 0:
                break
            i = close + 1
        else:
            break
    return i


def _variable(name: str) -> Path | None:
    """The body path a variable names, or None when it is no ``request.body`` path gwmock reads."""
    if not name.startswith("request.body"):
        return None
    rest = name[len("request.body"):]
    steps: list[str | int] = []
    i, n = 0, len(rest)
    while i < n:
        if rest[i] == ".":
            j = i + 1
            while j < n and rest[j] not in ".[":
                j += 1
            step = rest[i + 1:j]
            if not step or step == "*":
                return None
            steps.append(step)
            i = j
        elif rest[i] == "[":
            close = rest.find("]", i)
            if close < 0:
                return None
            token = rest[i + 1:close].strip()
            index = token[1:] if token.startswith("-") else token
            if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
                steps.append(token[1:-1])
            elif index.isdigit() and index.isascii() and len(index) <= 9:
                steps.append(int(token))
            else:
                return None  # wildcards, filters, slices, unions: not read (limitation)
            i = close + 1
        else:
            return None
    return tuple(steps)


def _document(body: str) -> Any:
    """The message parsed as JSON (numbers kept as the text the message wrote), else _NOT_JSON."""
    try:
        return json.loads(body, parse_int=str, parse_float=str, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _lookup(node: Any, path: Path) -> Any:
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            if not -len(node) <= step < len(node):
                return _END
            node = node[step]
        elif isinstance(step, str) and isinstance(node, dict):
            if step not in node:
                return _END
            node = node[step]
        else:
            return _END
    return node


def _text(value: Any, limit: int) -> str | None:
    """A value stringified (see the module's guesses); None once longer than ``limit``.
    Iterative, one generator per open array or object: no Python recursion on deep messages."""
    out: list[str] = []
    size = 0
    stack: list[Iterator[Any]] = [iter((value,))]
    while stack:
        item = next(stack[-1], _END)
        if item is _END:
            stack.pop()
            continue
        if isinstance(item, list):
            stack.append(_items(item))
            continue
        if isinstance(item, dict):
            stack.append(_entries(item))
            continue
        piece = item if isinstance(item, str) else "true" if item is True else "false" if item is False \
            else "null" if item is None else str(item)
        size += len(piece)
        if size > limit:
            return None
        out.append(piece)
    return "".join(out)


def _items(values: list[Any]) -> Iterator[Any]:
    yield "["
    for i, value in enumerate(values):
        if i:
            yield ", "
        yield value
    yield "]"


def _entries(values: dict[str, Any]) -> Iterator[Any]:
    yield "{"
    for i, (key, value) in enumerate(values.items()):
        if i:
            yield ", "
        yield key
        yield "="
        yield value
    yield "}"
