"""Response serialization: botocore's ``BaseRestParser`` run backwards."""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable
from typing import Any

from botocore.model import OperationModel, Shape

from gwmock.errors import ApiError
from gwmock.jsontext import compact, spaced
from gwmock.protocol.shapes import to_wire, wire_name

Response = tuple[int, dict[str, str], bytes]


class _Plan:
    def __init__(self, op: OperationModel) -> None:
        self.status = int(op.http.get("responseCode", 200))
        shape = op.output_shape
        self.headers: list[tuple[str, str]] = []
        self.payload: tuple[str, str] | None = None
        self.status_member: str | None = None
        self.body = None
        self.text: Callable[[dict[str, Any]], str] | None = None
        self.has_body = False
        self.plain = False
        if shape is None:
            return
        payload = shape.serialization.get("payload")
        for name, member in shape.members.items():
            loc = member.serialization.get("location")
            if loc == "header":
                self.headers.append((name, wire_name(name, member)))
            elif loc == "statusCode":
                self.status_member = name
            elif name == payload:
                self.payload = (name, member.type_name)
            elif loc is None:
                self.has_body = True
        if self.has_body and self.payload is None:
            self.body = to_wire(shape)
            self.text = _paged_text(shape)
        # a JSON body and nothing else (most operations): ``serialize_result``'s first branch
        self.plain = (self.body is not None and self.text is None and not self.headers
                      and self.status_member is None and self.payload is None)
        # A result with only the shape's members, none None and none that a converter changes,
        # is its own wire form (what ``to_wire`` gives back without a frame of its own); None
        # when the shape renames members (v2).
        self.flat: tuple[frozenset[str], frozenset[str]] | None = None
        if self.plain and shape is not None:
            body = {name: m for name, m in shape.members.items() if not m.serialization.get("location")}
            if all(wire_name(name, m) == name for name, m in body.items()):
                self.flat = (frozenset(body), frozenset(n for n, m in body.items() if to_wire(m) is not None))


@functools.cache
def _plan(op: OperationModel) -> _Plan:
    return _Plan(op)


def serialize_result(op: OperationModel, result: dict[str, Any] | None) -> Response:
    plan = _plan(op)
    if plan.plain:  # most answers: the converted result as compact JSON, in one frame
        flat = plan.flat
        if (flat is not None and result is not None and flat[0].issuperset(result) and flat[1].isdisjoint(result)
                and None not in result.values()):
            wire: Any = result
        else:
            wire = plan.body(result or {})  # type: ignore[misc]  # ``plain``: a body converter
        return plan.status, {"Content-Type": "application/json"}, "".join(_CHUNKS(wire, 0)).encode()
    result = result or {}
    headers = {"Content-Type": "application/json"}
    status = plan.status
    if plan.status_member and result.get(plan.status_member) is not None:
        status = int(result[plan.status_member])
    for name, wire in plan.headers:
        if result.get(name) is not None:
            headers[wire] = str(result[name])
    if plan.payload is not None:
        name, kind = plan.payload
        value = result.get(name)
        if kind == "blob" or isinstance(value, (bytes, str)):
            body = value.encode() if isinstance(value, str) else (value or b"")
        else:
            body = spaced(value or {}).encode()
        return status, headers, body
    if plan.body is None:
        return status, headers, b"{}" if status != 204 else b""
    if plan.text is not None:
        return status, headers, plan.text(result).encode()
    return status, headers, compact(plan.body(result)).encode()


def _chunks() -> Callable[[Any, int], list[str]]:
    """``compact``'s C encoder itself (``compact`` is ``"".join(chunks(value, 0))`` through a lambda)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the _json accelerator
        return lambda value, _: [compact(value)]
    return make(None, json.JSONEncoder().default, json.encoder.encode_basestring_ascii, None, ":", ",",  # type: ignore[no-any-return]
                False, False, True)


_CHUNKS = _chunks()


def serialize_error(error: ApiError) -> Response:
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error.code}
    return error.status, headers, spaced({"message": error.message, **error.fields}).encode()


# --- list answers: each item's text kept per item ---------------------------------------
#
# A listing answers the same stored records again and again (GetResources, GetRestApis,
# GetRoutes hand out the records themselves or views memoised per record), and converting
# and encoding them is most of a listing's cost. An output with a list of structures is
# therefore written by hand at the top level, ``{"key":text,...}`` exactly as ``compact``
# writes it, and each list item's text is kept by the item's identity. Records are never
# changed in place (``Backend``'s contract, checked by the strict mode), so an item's text
# never changes while the item lives; each entry holds its item, so an id is never reused
# while cached, and a memo is emptied when full: it holds at most ``ITEM_MEMO_MAX`` items.

ITEM_MEMO_MAX = 4096
_FIRST, _SECOND = operator.itemgetter(0), operator.itemgetter(1)


class _ItemTexts:
    """The JSON text of a list of one structure shape, item by item, kept by item identity."""

    __slots__ = ("convert", "last", "memo")

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        self.convert = convert
        self.memo: dict[int, tuple[Any, str]] = {}
        self.last: tuple[tuple[Any, ...], str] = ((), "[]")  # the items last written (held), their text

    def __call__(self, items: list[Any]) -> str:
        last = self.last
        if len(items) == len(last[0]) and all(map(operator.is_, items, last[0])):
            return last[1]  # the same items as the last time (a listing read again): compared in C
        text = self._text(items)
        self.last = (tuple(items), text)
        return text

    def _text(self, items: list[Any]) -> str:
        memo = self.memo
        # Every item seen before (a listing read again): the texts looked up in C, then checked
        # to belong to these very items.
        entries: list[Any] = list(map(memo.get, map(id, items)))
        if None not in entries and all(map(operator.is_, map(_FIRST, entries), items)):
            return "[" + ",".join(map(_SECOND, entries)) + "]"
        parts = []
        for item in items:
            entry = memo.get(id(item))
            if entry is None or entry[0] is not item:
                if len(memo) >= ITEM_MEMO_MAX:
                    memo.clear()
                entry = memo[id(item)] = (item, compact(self.convert(item)))
            parts.append(entry[1])
        return "[" + ",".join(parts) + "]"


def _paged_text(shape: Shape) -> Callable[[dict[str, Any]], str] | None:
    """A writer for an output structure with a list-of-structures member, else None.

    Gives the text ``compact(to_wire(shape)(value))`` gives: members in the value's order,
    unknown and None members left out."""
    members: dict[str, tuple[str, Callable[[Any], str]]] = {}
    listed = False
    for name, member in shape.members.items():
        if member.serialization.get("location"):
            continue
        key = compact(wire_name(name, member)) + ":"
        if member.type_name == "list" and member.member.type_name == "structure":
            members[name] = (key, _ItemTexts(to_wire(member.member)))  # type: ignore[arg-type]
            listed = True
        else:
            members[name] = (key, _plain_text(to_wire(member)))
    if not listed:
        return None

    def write(value: dict[str, Any]) -> str:
        parts = []
        for name, item in value.items():
            spec = members.get(name)
            if spec is None or item is None:
                continue
            parts.append(spec[0] + spec[1](item))
        return "{" + ",".join(parts) + "}"

    return write


def _plain_text(convert: Callable[[Any], Any] | None) -> Callable[[Any], str]:
    if convert is None:
        return compact
    return lambda value: compact(convert(value))
