"""What template values are, how they print and compare (their methods are in ``methods``).

A template value is one of: ``None`` (null), ``bool``, ``int``, ``float``, ``str``, ``dict`` (a
Java map), ``list`` (a Java list made in the template), :class:`JsonList` (a JSON array from
``$input.path`` or ``$util.parseJson``, which prints as JSON), :class:`Entry` (a map entry) or a
:class:`Builtin` (``$input``, ``$util``). Nothing else ever reaches a template: :func:`plain`
turns anything handed in from outside into these types.

Methods and properties resolve through per-type tables (``methods.methods_of``), never through
Python attribute lookup, so a name outside the tables (``__class__``, ``format``, ``mro``,
``getClass``) resolves to nothing, as an undefined reference does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from typing import Any

from gwmock.runtime.vtl.limits import Budget, current

Method = Callable[..., Any]


class NoMethod(Exception):
    """A call no Java method matches (wrong argument types): it evaluates to null."""


class JsonList(list):  # type: ignore[type-arg]
    """A JSON array as ``$input.path`` gives it: prints as compact JSON (aws-recorded:
    test_apigateway_common test_input_path_template_formatting, json-list)."""

    __slots__ = ()


class OpaqueMap(dict):  # type: ignore[type-arg]
    """A map of API Gateway's own that a template can read and set but that prints as empty text:
    ``$context.identity``, ``$context.requestOverride``/``responseOverride`` and their maps
    (aws-recorded: test_apigateway_sqs test_sqs_amz_json_protocol, where ``$context.get($key)``
    of each prints ``""`` and ``$context.authorizer.claims`` still prints as a map elsewhere)."""

    __slots__ = ()


class ContextMap(dict):  # type: ignore[type-arg]
    """``$context``: the entries ``keySet()`` lists, and ``hidden`` ones a reference or ``get``
    still reaches. AWS lists neither ``isCanaryRequest`` (``"false"`` when read, aws-recorded
    test_apigateway_canary) nor, when no authorizer ran, ``authorizer`` (test_sqs_amz_json_protocol)."""

    __slots__ = ("hidden",)

    def __init__(self, entries: dict[str, Any], hidden: dict[str, Any]) -> None:
        super().__init__(entries)
        self.hidden = hidden

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        return self.hidden.get(key, default) if isinstance(key, str) else default


class Entry:
    """A map entry from ``entrySet()``: ``key``/``value``, ``getKey()``/``getValue()``."""

    __slots__ = ("key", "value")

    def __init__(self, key: Any, value: Any) -> None:
        self.key = key
        self.value = value


class Builtin:
    """Base of the objects API Gateway puts in scope (``$input``, ``$util``).

    ``METHODS`` (name -> function of the object and the call's arguments) and
    ``PROPERTIES`` (name -> function of the object) are all a template can reach on them.
    """

    __slots__ = ()
    METHODS: dict[str, Method] = {}
    PROPERTIES: dict[str, Method] = {}


# ---------------------------------------------------------------------------------------------
# Printing


def text(value: Any) -> str:
    """``value`` as a reference to it prints (``toString()``; null prints nothing)."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return java_string(value)


def java_string(value: Any) -> str:
    """Java's ``toString()`` of ``value`` (null is "null"); every value walked is a step."""
    return _java_string(value, current())


def _java_string(value: Any, budget: Budget | None) -> str:
    if budget is not None:
        budget.step()
    if value is None:
        return "null"
    if isinstance(value, str):
        if budget is not None and len(value) > 1024:  # printing big strings many times costs
            budget.step(len(value) // 1024)
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, JsonList):
        # plain JSON data (what ``$input.path`` gives) prints in one C call, a step per 16
        # characters printed; anything a template put in it that JSON cannot print takes the walk
        try:
            printed = _compact(value)
        except (TypeError, ValueError, RecursionError):
            return json.dumps(to_json(value), separators=(",", ":"))
        if budget is not None:
            budget.step(len(printed) // 16)
        return printed
    if isinstance(value, list):
        return "[" + ", ".join(_java_string(item, budget) for item in value) + "]"
    if isinstance(value, dict):
        if type(value) is OpaqueMap:
            return ""
        return "{" + ", ".join(f"{_java_string(k, budget)}={_java_string(v, budget)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, Entry):
        return f"{_java_string(value.key, budget)}={_java_string(value.value, budget)}"
    return ""  # a Builtin: Java would print a class name and hash; nothing useful to show


_compact = json.JSONEncoder(separators=(",", ":")).encode  # ``json.dumps``' own defaults otherwise


def java_double(value: float) -> str:
    """``Double.toString``: ``1.0``, ``0.001``, ``1.0E7``, ``NaN``, ``Infinity``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        return repr(value)
    mantissa, _, exponent = f"{value:.17g}".partition("e")
    if not exponent:
        mantissa, _, exponent = f"{value:e}".partition("e")
    digits = repr(float(mantissa)) if "." in mantissa else mantissa + ".0"
    return f"{digits}E{int(exponent)}"


def to_json(value: Any) -> Any:
    """``value`` as JSON-compatible Python data (maps, lists, scalars)."""
    return _to_json(value, current())


def _to_json(value: Any, budget: Budget | None) -> Any:
    if budget is not None:
        budget.step()
    if isinstance(value, dict):
        return {text(k): _to_json(v, budget) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v, budget) for v in value]
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    return _java_string(value, budget)


def java_values(value: Any) -> Any:
    """A parsed JSON document as templates see it (arrays print as JSON, objects as maps).

    Each value converted is a step of the running render: ``$util.parseJson($input.body)``
    in a loop over a large body would otherwise run for minutes between two step checks."""
    return _java_values(value, current())


def _java_values(value: Any, budget: Budget | None) -> Any:
    if budget is not None:
        budget.step()
    if isinstance(value, dict):
        return {k: _java_values(v, budget) for k, v in value.items()}
    if isinstance(value, list):
        return JsonList(_java_values(v, budget) for v in value)
    return value


def plain(value: Any) -> Any:
    """``value`` made of template types only: anything else becomes its text, so no Python
    object handed in by the pipeline ever reaches a template."""
    if value is None or isinstance(value, (str, bool, int, float, Builtin)):
        return value
    if isinstance(value, dict):
        entries = {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, OpaqueMap):
            return OpaqueMap(entries)
        if isinstance(value, ContextMap):
            return ContextMap(entries, plain(value.hidden))
        return entries
    if isinstance(value, JsonList):
        return JsonList(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)


# ---------------------------------------------------------------------------------------------
# Comparisons (Velocity's rules)


_NUMBERS = frozenset((int, float))


def is_number(value: Any) -> bool:
    return type(value) in _NUMBERS  # template numbers are exactly int or float (never bool)


def equals(left: Any, right: Any) -> bool:
    """Velocity's ``==``: numbers by value, same kinds by value, otherwise by their text."""
    return _equals(left, right, current())


def _equals(left: Any, right: Any, budget: Budget | None) -> bool:
    if budget is not None:
        budget.step()
    if left is None or right is None:
        return left is right
    if left is right:
        return True
    if is_number(left) and is_number(right):
        return bool(left == right)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(_equals(a, b, budget) for a, b in zip(left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_equals(v, right[k], budget) for k, v in left.items())
    if type(left) is type(right) and isinstance(left, (str, bool)):
        return bool(left == right)
    return _java_string(left, budget) == _java_string(right, budget)


def truthy(value: Any) -> bool:
    """``#if``: null, false, "", 0 and empty collections are false (Velocity's empty check;
    guess: AWS's exact rule for "" and 0 is not documented)."""
    if value is None or value is False:
        return False
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    if is_number(value):
        return bool(value != 0)
    return True


def iterate(value: Any) -> Iterable[Any]:
    """What ``#foreach`` walks: a list's items, a map's values (as Velocity does), a string's
    nothing (guess: Velocity cannot iterate a string and skips the loop)."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return ()
