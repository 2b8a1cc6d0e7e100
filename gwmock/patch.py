"""v1 patch operations (``patchOperations`` of every ``Update*``), run by one engine.

Each ``Update*`` handler passes a table of rules taken from the patch-operation
tables at the end of the API reference (seed 003): a path pattern, the ops it
accepts, and how to apply it. Paths are JSON pointers: segments split on ``/``,
``~1`` unescaped to ``/`` and ``~0`` to ``~``; ``{name}`` in a pattern captures
one segment. The engine works on a deep copy, so a failed patch changes nothing.

AWS words a path/op mismatch in one of two ways (aws-recorded:
test_update_resource_behaviour, test_update_model, test_update_api_key_immutable_field):
``Invalid patch path  '<path>' specified for op '<op>'. Must be one of: [...]`` when
some paths accept the op, ``... Please choose supported operations`` when none do.
Handlers with other wordings pass their own ``on_unsupported``.

The engine never trusts the record's shape or the operation's: an operation that is
not an object is refused like an unknown path, a container the record holds as
something else (or null) is started afresh, and a list item with no value is a
``BadRequest`` "Invalid patch value null for path ..." rather than a stored null
(guess: AWS's wording for a missing value is not recorded).
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from gwmock.errors import BadRequest
from gwmock.state.base import Record


@dataclass
class Patch:
    """One operation, parsed: ``captures`` holds the ``{name}`` segments of the matched rule."""

    op: str
    path: str
    segments: list[str]
    value: Any
    from_: str | None
    captures: dict[str, str] = field(default_factory=dict)


Applier = Callable[[Record, Patch], None]


@dataclass(frozen=True)
class Rule:
    path: str
    ops: frozenset[str]
    apply: Applier

    @property
    def pattern(self) -> list[str]:
        return split_path(self.path)


def rule(path: str, ops: str, apply: Applier) -> Rule:
    """``rule("/name", "replace", set_field("name"))``; ``ops`` is space-separated."""
    return Rule(path, frozenset(ops.split()), apply)


def split_path(path: str) -> list[str]:
    return [s.replace("~1", "/").replace("~0", "~") for s in path.split("/")[1:]]


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _match(pattern: list[str], segments: list[str]) -> dict[str, str] | None:
    if len(pattern) != len(segments):
        return None
    captures = {}
    for want, got in zip(pattern, segments):
        if want.startswith("{") and want.endswith("}"):
            captures[want[1:-1]] = got
        elif want != got:
            return None
    return captures


def default_unsupported(op: str, path: str | None, rules: Sequence[Rule]) -> Exception:
    allowed = [r.path for r in rules if op in r.ops]
    if not allowed:
        return BadRequest(f"Invalid patch path  '{path}' specified for op '{op}'. Please choose supported operations")
    return BadRequest(f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: [{', '.join(allowed)}]")


Unsupported = Callable[[str, "str | None", Sequence[Rule]], Exception]


def apply_patch(record: Record, operations: Sequence[dict[str, Any]] | None, rules: Sequence[Rule],
                on_unsupported: Unsupported = default_unsupported) -> Record:
    """Apply ``operations`` to a deep copy of ``record`` and return the copy."""
    result = copy.deepcopy(record)
    for operation in operations or ():
        if not isinstance(operation, dict):
            raise on_unsupported("", None, rules)
        op = operation.get("op") or ""
        path = operation.get("path")
        if not isinstance(path, str):
            raise on_unsupported(op, None, rules)
        patch = Patch(op, path, split_path(path), operation.get("value"), operation.get("from"))
        for candidate in rules:
            captures = _match(candidate.pattern, patch.segments)
            if captures is not None and op in candidate.ops:
                patch.captures = captures
                candidate.apply(result, patch)
                break
        else:
            raise on_unsupported(op, path, rules)
    return result


# --- appliers -----------------------------------------------------------------------


def as_string(value: Any, patch: Patch) -> Any:
    return value


def as_bool(value: Any, patch: Patch) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise BadRequest(f"Invalid value for {patch.path}: expected a boolean, got {value}")


_JAVA_INT = re.compile(r"[+-]?[0-9]{1,10}")
_JAVA_DOUBLE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def as_int(value: Any, patch: Patch) -> int:
    # Java's Integer.parseInt: ASCII digits within 32 bits (Python's int() also reads "1_0", " 5",
    # Arabic-Indic digits and numbers of any size).
    if isinstance(value, str) and _JAVA_INT.fullmatch(value) and -2**31 <= int(value) < 2**31:
        return int(value)
    raise BadRequest(f"Invalid value for {patch.path}: expected an integer, got {str(value)[:100]}")


def one_of(shape: str, what: str) -> Callable[[Any, Patch], str]:
    """A converter that accepts only the values of the apigateway model's enum ``shape`` (the
    create operations' own check, which patches bypass: their values are plain strings). The
    wording follows AWS's for ``passthroughBehavior`` (a guess for the other fields)."""
    def convert(value: Any, patch: Patch) -> str:
        from gwmock.protocol.models import service_model  # noqa: PLC0415 - the model, read on first use

        values = service_model("apigateway").shape_for(shape).enum
        if value not in values:
            raise BadRequest(f"Invalid {what} specified: {str(value)[:100]}. Valid options are {','.join(values)}")
        return str(value)

    return convert


def as_float(value: Any, patch: Patch) -> float:
    # Finite decimal numbers only: NaN and Infinity cannot be written back as JSON (guess: AWS refuses).
    if isinstance(value, str) and _JAVA_DOUBLE.fullmatch(value) and math.isfinite(float(value)):
        return float(value)
    raise BadRequest(f"Invalid value for {patch.path}: expected a number, got {str(value)[:100]}")


def set_field(name: str, convert: Callable[[Any, Patch], Any] = as_string) -> Applier:
    """add/replace set ``record[name]`` (a null value removes it); remove deletes it."""

    def apply(record: Record, patch: Patch) -> None:
        if patch.op == "remove" or patch.value is None:
            record.pop(name, None)
        else:
            record[name] = convert(patch.value, patch)

    return apply


def set_nested(names: Sequence[str], convert: Callable[[Any, Patch], Any] = as_string) -> Applier:
    """Like ``set_field`` for ``record[a][b]...``; creates the parents on the way."""

    def apply(record: Record, patch: Patch) -> None:
        target = record
        for name in names[:-1]:
            target = _container(target, name, dict)
        if patch.op == "remove" or patch.value is None:
            target.pop(names[-1], None)
        else:
            target[names[-1]] = convert(patch.value, patch)

    return apply


def map_entry(name: str, capture: str = "key", convert: Callable[[Any, Patch], Any] = as_string) -> Applier:
    """``/<name>/{key}``: add/replace set the entry, remove deletes it (and an emptied map)."""

    def apply(record: Record, patch: Patch) -> None:
        key = patch.captures[capture]
        entries = _container(record, name, dict)
        if patch.op == "remove":
            entries.pop(key, None)
            if not entries:
                record.pop(name, None)
        else:
            entries[key] = convert(patch.value, patch)

    return apply


def list_item(name: str, capture: str | None = None) -> Applier:
    """add appends a value (from the path's ``{capture}`` or from ``value``), remove drops it."""

    def apply(record: Record, patch: Patch) -> None:
        item = patch.captures[capture] if capture else patch.value
        if item is None and patch.op != "remove":
            raise BadRequest(f"Invalid patch value null for path {patch.path}")
        items = _container(record, name, list)
        if patch.op == "remove":
            if item in items:
                items.remove(item)
            if not items:
                record.pop(name, None)
        elif patch.op == "replace" and capture is None:
            record[name] = [item]
        elif item not in items:
            items.append(item)

    return apply


def list_position(items: Sequence[Any], segment: str) -> int | None:
    """Where a path segment points in ``items``: the item it names, else a decimal index in range.
    Clients send both for one-element lists (``/endpointConfiguration/types/REGIONAL`` in the API
    reference, ``/endpointConfiguration/types/0`` from terraform-provider-aws)."""
    if segment in items:
        return items.index(segment)
    if segment.isascii() and segment.isdigit() and int(segment) < len(items):
        return int(segment)
    return None


def _container(record: Record, name: str, kind: type[Any]) -> Any:
    """``record[name]`` as a ``kind`` to change in place; anything else there is replaced by an empty one."""
    value = record.get(name)
    if not isinstance(value, kind):
        value = kind()
        record[name] = value
    return value
