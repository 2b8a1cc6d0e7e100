"""Compiled converters between wire form and member-named dicts, one per shape.

rest-json puts a member on the wire under its ``locationName`` when it has one
(every v2 member: ``ApiId`` travels as ``apiId``; in v1 only a few, such as
``items`` as ``item``). Converters are built once per shape and are ``None`` when
a shape needs no conversion at all, so most v1 payloads pass through untouched.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from botocore.model import Shape

Converter = Callable[[Any], Any]


def wire_name(name: str, shape: Shape) -> str:
    return shape.serialization.get("name", name)  # type: ignore[no-any-return]


# --- wire -> members (requests) -------------------------------------------------


@functools.cache
def from_wire(shape: Shape) -> Converter | None:
    kind = shape.type_name
    if kind == "structure":
        members: dict[str, tuple[str, Converter | None]] = {}
        needed = False
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            wire = wire_name(name, member)
            conv = from_wire(member)
            members[wire] = (name, conv)
            needed = needed or wire != name or conv is not None
        if not needed:
            return None

        def structure(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            out = {}
            for key, item in value.items():
                spec = members.get(key)
                if spec is None:
                    continue
                name, conv = spec
                out[name] = item if conv is None or item is None else conv(item)
            return out

        return structure
    if kind == "list":
        member_conv = from_wire(shape.member)
        if member_conv is None:
            return None
        return lambda value: [member_conv(v) for v in value] if isinstance(value, list) else value
    if kind == "map":
        value_conv = from_wire(shape.value)
        if value_conv is None:
            return None
        return lambda value: {k: value_conv(v) for k, v in value.items()} if isinstance(value, dict) else value
    if kind == "blob":
        return _decode_blob
    if kind == "timestamp":
        return _parse_timestamp
    return None


def _decode_blob(value: Any) -> Any:
    return base64.b64decode(value) if isinstance(value, str) else value


def _parse_timestamp(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return value
    return value


# --- members -> wire (responses) ------------------------------------------------


@functools.cache
def to_wire(shape: Shape) -> Converter | None:
    """Converter for a response value; structures always drop keys the shape lacks.

    A converter gives back the value itself when it would give an equal copy (a v1 record
    with only its shape's members, none of them None: most of v1's answers), so an answer is
    encoded straight from the stored record, without building it again."""
    kind = shape.type_name
    if kind == "structure":
        members: dict[str, tuple[str, Converter | None]] = {}
        for name, member in shape.members.items():
            if member.serialization.get("location"):
                continue
            members[name] = (wire_name(name, member), to_wire(member))
        known = frozenset(members)
        nested = tuple((name, conv) for name, (_, conv) in members.items() if conv is not None)
        if any(wire != name for name, (wire, _) in members.items()):
            def renamed(value: Any) -> Any:
                out = {}
                for key, item in value.items():
                    spec = members.get(key)
                    if spec is None or item is None:
                        continue
                    name, conv = spec
                    out[name] = item if conv is None else conv(item)
                return out

            return renamed

        def structure(value: Any) -> Any:
            if known.issuperset(value) and None not in value.values():
                out = value
                for name, conv in nested:  # members that may change: copied on the first change
                    item = value.get(name)
                    if item is not None:
                        new = conv(item)
                        if new is not item:
                            if out is value:
                                out = value.copy()
                            out[name] = new
                return out
            out = {}
            for key, item in value.items():
                spec = members.get(key)
                if spec is None or item is None:
                    continue
                plain = spec[1]
                out[key] = item if plain is None else plain(item)
            return out

        return structure
    if kind == "list":
        member_out = to_wire(shape.member)
        if member_out is None:
            return None

        return _copied_on_change(member_out, enumerate, list)
    if kind == "map":
        value_out = to_wire(shape.value)
        if value_out is None:
            return None

        return _copied_on_change(value_out, dict.items, dict)
    if kind == "blob":
        return _encode_blob
    if kind == "timestamp":
        if shape.serialization.get("timestampFormat") == "iso8601":
            return _iso8601
        return None
    return None


def _copied_on_change(convert: Callable[[Any], Any], entries: Callable[[Any], Any],
                      copy: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A converter of a list (``enumerate``, ``list``) or map (``dict.items``, ``dict``) that
    converts each item and copies the container only when an item changed."""

    def convert_all(value: Any) -> Any:
        out = value
        for key, item in entries(value):
            new = convert(item)
            if new is not item:
                if out is value:
                    out = copy(value)
                out[key] = new
        return out

    return convert_all


def _encode_blob(value: Any) -> Any:
    if isinstance(value, str):
        value = value.encode()
    return base64.b64encode(value).decode()


def _iso8601(value: Any) -> Any:
    if isinstance(value, (int, float)):
        text = _ISO_TEXTS.get(value)
        if text is None:
            if len(_ISO_TEXTS) >= 256:
                _ISO_TEXTS.clear()
            text = _ISO_TEXTS[value] = datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return text
    return value


# Timestamps are whole seconds, and the records a test writes share a few of them: their texts
# are kept (datetime and strftime cost more than the rest of a v2 answer's conversion).
_ISO_TEXTS: dict[float, str] = {}
