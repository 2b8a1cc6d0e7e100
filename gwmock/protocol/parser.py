"""Request parsing: botocore's ``_partition_parameters`` run backwards.

A JSON body is read by ``gwmock.documents.parse_json`` within limits (nesting depth
``MAX_BODY_DEPTH``, size, value count), so a body nested a million deep is a 400 in
bounded time, never a RecursionError. Bodies that are not JSON objects are v1's
``SerializationException``; apigatewayv2 answers ``BadRequestException`` for the same
(guess: the wording of both is gwmock's, no recording).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from botocore.model import OperationModel, Shape

from gwmock.documents import _SCAN, DocumentError, parse_json
from gwmock.errors import ApiError, BadRequest, SerializationError
from gwmock.protocol.shapes import from_wire, wire_name


class _Plan:
    """Where each input member of one operation lives on the wire."""

    def __init__(self, op: OperationModel) -> None:
        shape = op.input_shape
        self.uri: list[tuple[str, str, Shape]] = []
        self.query: list[tuple[str, str, Shape]] = []
        self.query_map: tuple[str, Shape] | None = None
        self.headers: list[tuple[str, str, Shape]] = []
        self.payload: tuple[str, Shape] | None = None
        self.body: Shape | None = None
        qs = op.http["requestUri"].partition("?")[2]
        self.route_query = {p.split("=", 1)[0] for p in qs.split("&") if p}  # e.g. v1's ?mode=import
        if shape is None:
            return
        payload = shape.serialization.get("payload")
        has_body = False
        for name, member in shape.members.items():
            loc = member.serialization.get("location")
            wire = wire_name(name, member)
            if loc == "uri":
                self.uri.append((name, wire, member))
            elif loc == "querystring":
                if member.type_name == "map":
                    self.query_map = (name, member)
                else:
                    self.query.append((name, wire, member))
            elif loc == "header":
                self.headers.append((name, wire, member))
            elif name == payload:
                self.payload = (name, member)
            elif loc is None:
                has_body = True
        if has_body and self.payload is None:
            self.body = shape
        self.body_converter = from_wire(shape) if self.body is not None else None
        # what ``body_converter`` does at the top level (wire name -> member name, converter),
        # for ``parse_request`` to do in its own frame; None when no conversion is needed
        self.body_members: dict[str, tuple[str, Any]] | None = None
        if self.body_converter is not None:
            self.body_members = {wire_name(name, member): (name, from_wire(member))
                                 for name, member in shape.members.items()
                                 if not member.serialization.get("location")}
        # URI labels that are strings (nearly all): copied as routed, without ``_scalar``
        self.uri_strings = tuple((name, wire) for name, wire, member in self.uri if member.type_name == "string")
        self.uri_others = tuple(entry for entry in self.uri if entry[2].type_name != "string")


@functools.cache
def _plan(op: OperationModel) -> _Plan:
    return _Plan(op)


_JAVA_INTEGER = re.compile(r"[+-]?[0-9]{1,100}")

# Far above any body the models describe (about 10 levels), far below Python's recursion limit.
MAX_BODY_DEPTH = 100


def _json_body(op: OperationModel, body: bytes) -> Any:
    try:
        return parse_json(body, max_depth=MAX_BODY_DEPTH)
    except DocumentError as exc:
        raise _input_error(op, f"Unable to parse request body as JSON: {exc}") from None


def _input_error(op: OperationModel, message: str) -> ApiError:
    if op.service_model.service_name == "apigateway":
        return SerializationError(message)
    return BadRequest(message)


def parse_request(
    op: OperationModel,
    labels: Mapping[str, str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """Turn one HTTP request into the params dict a handler receives.

    One function for all of the request's parts (it was two, and a string label went through
    ``_scalar``): it runs on every call, and each frame is more code and data for the CPU to
    fetch again inside a client's call."""
    plan = _plan(op)
    params: dict[str, Any] = {}
    try:
        if plan.body is not None and body:
            # ``_fast_json`` written out (botocore's body: one JSON object, no space around it)
            document = None
            if type(body) is bytes and body[:1] == b"{" and len(body) <= _FAST_BODY_BYTES:
                try:
                    text = body.decode()
                    if text.count("{") + text.count("[") <= MAX_BODY_DEPTH:
                        value, end = _SCAN(text, 0)
                        if end == len(text):
                            document = value
                except (UnicodeDecodeError, StopIteration, ValueError, RecursionError):
                    pass
            if document is None:  # anything but a plain JSON object: the bounded parser, its errors
                document = _json_body(op, body)
                if not isinstance(document, dict):
                    raise _input_error(op, "Request body must be a JSON object")
            members = plan.body_members
            if members is None:
                params = document
            else:  # ``body_converter(document)`` written out
                params = {}
                for key, item in document.items():
                    spec = members.get(key)
                    if spec is not None:
                        conv = spec[1]
                        params[spec[0]] = item if conv is None or item is None else conv(item)
        elif plan.payload is not None:
            name, shape = plan.payload
            if shape.type_name == "blob":
                if body:
                    params[name] = body
            elif body:
                params[name] = _json_body(op, body)
        for name, wire in plan.uri_strings:
            if wire in labels:
                params[name] = labels[wire]
        for name, wire, shape in plan.uri_others:
            if wire in labels:
                params[name] = _scalar(labels[wire], shape, name)
        if query:
            bound = set()
            for name, wire, shape in plan.query:
                values = query.get(wire)
                if values is None:
                    continue
                bound.add(wire)
                params[name] = [_scalar(v, shape.member, name) for v in values] if shape.type_name == "list" else (
                    _scalar(values[-1], shape, name)
                )
            if plan.query_map is not None:
                name, shape = plan.query_map
                rest = {k: v for k, v in query.items() if k not in bound and k not in plan.route_query}
                if rest:
                    multi = shape.value.type_name == "list"
                    params[name] = {k: (v if multi else v[-1]) for k, v in rest.items()}
        for name, wire, shape in plan.headers:
            value = headers.get(wire)
            if value is not None:
                if isinstance(value, bytes):  # botocore's prepared requests carry bytes header values
                    value = value.decode("latin-1")
                params[name] = _scalar(value, shape, name)
    except SerializationError as error:
        raise _input_error(op, error.message) from None
    return params


# A body below both limits by its size alone: nesting cannot pass MAX_BODY_DEPTH with fewer
# brackets, and a document of n characters holds fewer than n values.
_FAST_BODY_BYTES = 1_000_000


def _fast_json(body: bytes) -> dict[str, Any] | None:
    """A request body that is one JSON object with no space around it (what botocore sends),
    decoded as ``documents.parse_json`` decodes it, in one frame; None for anything else (other
    types, space, a BOM, bad UTF-8 or JSON, many brackets), which the full parser then reads."""
    if type(body) is not bytes or body[:1] != b"{" or len(body) > _FAST_BODY_BYTES:
        return None
    try:
        text = body.decode()
    except UnicodeDecodeError:
        return None
    if text.count("{") + text.count("[") > MAX_BODY_DEPTH:
        return None
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    return value if end == len(text) else None


def _scalar(value: str, shape: Shape, name: str) -> Any:
    kind = shape.type_name
    if kind == "string":
        return value
    if kind in ("integer", "long"):
        # Java's parseInt: ASCII digits and a sign only (Python's int() also takes "1_0", " 5", "٣")
        if type(value) is str:  # ``_JAVA_INTEGER``'s case without the regex engine
            digits = value[1:] if value[:1] in ("+", "-") else value
            if 0 < len(digits) <= 100 and digits.isascii() and digits.isdigit():
                return int(value)
        if not _JAVA_INTEGER.fullmatch(str(value)):
            raise SerializationError(f"Unable to parse '{value[:100]}' as an integer for {name}")
        return int(value)
    if kind == "boolean":
        if value.lower() not in ("true", "false"):
            raise SerializationError(f"Unable to parse '{value}' as a boolean for {name}")
        return value.lower() == "true"
    if kind in ("double", "float"):
        try:
            if isinstance(value, str) and ("_" in value or value != value.strip()):
                raise ValueError(value)
            return float(value)
        except ValueError:
            raise SerializationError(f"Unable to parse '{value}' as a number for {name}") from None
    return value
