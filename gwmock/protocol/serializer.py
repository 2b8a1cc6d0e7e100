"""Response serialization: botocore's ``BaseRestParser`` run backwards."""

from __future__ import annotations

import functools
from typing import Any

from botocore.model import OperationModel

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
        self.has_body = False
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


@functools.cache
def _plan(op: OperationModel) -> _Plan:
    return _Plan(op)


def serialize_result(op: OperationModel, result: dict[str, Any] | None) -> Response:
    plan = _plan(op)
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
    return status, headers, compact(plan.body(result)).encode()


def serialize_error(error: ApiError) -> Response:
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": error.code}
    return error.status, headers, spaced({"message": error.message, **error.fields}).encode()
