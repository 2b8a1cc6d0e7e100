"""Typed reads of document values: every importer reads the document through these.

A document is any JSON value (``document.load`` only checks its outline), so each
member is checked where it is read: ``obj`` for an object, ``seq`` for a list,
``integer``, ``flag`` and ``text`` for scalars. Absent (``None``) is the empty
object or list, or ``None``. A value of another JSON type raises ``Malformed``,
which each importer answers in AWS's words (``importer``: "Invalid OpenAPI input.",
or inside an integration "Unable to parse API definition because of a malformed
integration at path ..."); nothing read through them can raise anything else.

Scalars convert as Jackson binds them to AWS's typed extension objects: a number
or boolean where a string is expected is its JSON text (``200`` -> ``"200"``), a
string of digits where an integer is expected is that integer (``"5000"``) and
``"true"``/``"false"`` are booleans; an integer outside Java's ``int`` is malformed.
"""

from __future__ import annotations

import re
from typing import Any

_INT_MAX = 2**31
_DIGITS = re.compile(r"\s*[+-]?[0-9]+\s*")


class Malformed(Exception):
    """A document value of the wrong JSON type."""


def obj(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise Malformed


def seq(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise Malformed


def integer(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        value = int(value)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not -_INT_MAX <= value < _INT_MAX:
        raise Malformed
    return value


def flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise Malformed


def text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    raise Malformed


def texts(value: Any) -> list[str]:
    """A list of strings; ``null`` items are left out."""
    return [item for item in map(text, seq(value)) if item is not None]


def text_map(value: Any) -> dict[str, str]:
    """An object of strings; ``null`` values are left out."""
    return {key: item for key, item in ((k, text(v)) for k, v in obj(value).items()) if item is not None}
