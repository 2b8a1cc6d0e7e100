"""What every resource builder shares: the created record, calling handlers, converting properties.

A builder (``resources_v1``, ``resources_v2``, ``others``, ``lambdas``) gets a ``Builder``
for one logical resource and its resolved properties, makes the API Gateway calls
through the same handler functions and input validation the boto3 operations use
(so defaults, validation and AWS's error messages are the same), and returns a
``Created``: what ``Ref`` answers, the ``Fn::GetAtt`` attributes, and the calls that
delete it again.

Properties are checked first as CloudFormation's resource schemas do (messages as
CloudFormation words them: ``#: required key [RestApiId] not found``,
``#/Name: expected type: String, found: JSONArray``, ``#: extraneous key [Foo] is not
permitted``), then mapped onto the operation's members by name (CloudFormation's
``PascalCase`` property is the model's member, case aside), recursively through the
input shape; ``[{Key, Value}]`` tag lists become maps; numbers and booleans given as
strings are converted as CloudFormation does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from botocore.model import Shape

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.schema import TYPES
from gwmock.context import Context
from gwmock.errors import ApiError, NotFound
from gwmock.protocol.models import operation_model
from gwmock.protocol.validate import validate
from gwmock.registry import handler_for
from gwmock.state.base import Backend

Undo = tuple[str, str, dict[str, Any]]  # (service, operation, params) that deletes what was made


@dataclass
class Created:
    """One resource of a stack once it exists."""

    ref: Any
    attributes: dict[str, Any] = field(default_factory=dict)
    undo: list[Undo] = field(default_factory=list)
    created: bool = True  # False: another service's resource, given ids only
    lambdas: list[str] = field(default_factory=list)  # names/ARNs registered with handle.add_lambda


class Builder:
    """One resource being created: its names, the stack's environment, and the handlers."""

    def __init__(self, *, handle: Any, backend: Backend, account: str, region: str, stack_name: str,
                 stack_id: str, base_dir: Path, logical_id: str, resource_type: str,
                 definition: dict[str, Any], suffix: str) -> None:
        self.handle = handle
        self.backend = backend
        self.account = account
        self.region = region
        self.stack_name = stack_name
        self.stack_id = stack_id
        self.base_dir = base_dir
        self.logical_id = logical_id
        self.type = resource_type
        self.definition = definition
        self.suffix = suffix

    def generated_name(self, limit: int = 128) -> str:
        """A physical name the way CloudFormation makes one: stack-logical-RANDOM."""
        return f"{self.stack_name}-{self.logical_id}"[: limit - 13] + "-" + self.suffix

    def error(self, reason: str, prop: str | None = None) -> TemplateError:
        return TemplateError(reason, logical_id=self.logical_id, prop=prop)

    def call(self, service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """Run one operation's handler as a boto3 call would, turning AWS's error into a TemplateError."""
        op = operation_model(service, operation)
        params = {k: v for k, v in params.items() if v is not None}
        handler = handler_for(service, operation)
        if handler is None:  # every operation has a handler (tests/core/test_registry.py)
            raise self.error(f"{service}.{operation} has no handler in gwmock")
        try:
            validate(service, op, params)
            ctx = Context(service, operation, self.account, self.region, self.backend, {}, self.handle)
            with self.backend.unit_of_work():
                result = handler(ctx, params)
        except ApiError as error:
            raise TemplateError(
                f'Resource handler returned message: "{error.message}" (Service: '
                f'{"ApiGateway" if service == "apigateway" else "ApiGatewayV2"}, Status Code: {error.status}, '
                f"Error Code: {error.code})",
                logical_id=self.logical_id, aws_code=error.code, aws_message=error.message,
            ) from error
        return dict(result or {})

    def tag_with_stack(self, key: tuple[str, ...]) -> None:
        """Give the record at ``key`` the tags CloudFormation puts on what a stack creates
        (``aws:cloudformation:logical-id``, ``stack-id``, ``stack-name``, beside the template's
        own: users' ``get-rest-apis`` output of SAM stacks shows them). Written to the record
        directly: TagResource refuses the ``aws:`` prefix to callers, as AWS does."""
        ctx = Context("apigateway", "TagResource", self.account, self.region, self.backend, {}, self.handle)
        with self.backend.unit_of_work():
            record = ctx.store.get(key)
            if record is not None:
                tags = {**(record.get("tags") or {}), "aws:cloudformation:logical-id": self.logical_id,
                        "aws:cloudformation:stack-id": self.stack_id, "aws:cloudformation:stack-name": self.stack_name}
                ctx.store.put(key, {**record, "tags": tags})

    def members(self, service: str, operation: str, props: dict[str, Any], *, skip: tuple[str, ...] = (),
                rename: dict[str, str] | None = None) -> dict[str, Any]:
        """``props`` as the operation's input members (``skip``: handled by the builder itself)."""
        shape = operation_model(service, operation).input_shape
        rename = rename or {}
        out: dict[str, Any] = {}
        for name, value in props.items():
            if name in skip:
                continue
            member = rename.get(name) or _member_names(shape).get(name.lower())
            if member is None:
                raise self.error("Encountered unsupported property " + name, name)
            out[member] = convert(value, shape.members[member], name, self)
        return out


@cache
def _member_names(shape: Shape) -> dict[str, str]:
    return {name.lower(): name for name in getattr(shape, "members", {})}


_FOUND = {dict: "JSONObject", list: "JSONArray", str: "String", bool: "Boolean", int: "Integer", float: "Number"}


def found_type(value: Any) -> str:
    """A value's type as CloudFormation's schema errors name it (``found: JSONArray``)."""
    return _FOUND.get(type(value), type(value).__name__)


_found = found_type


def convert(value: Any, shape: Shape, path: str, builder: Builder) -> Any:
    """A resolved CloudFormation value as the member ``shape`` expects it."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise builder.error(f"#/{path}: expected type: JSONObject, found: {_found(value)}", path)
        names = _member_names(shape)
        out = {}
        for key, item in value.items():
            member = names.get(key.lower())
            if member is None:
                raise builder.error(f"#/{path}: extraneous key [{key}] is not permitted", path)
            out[member] = convert(item, shape.members[member], f"{path}/{key}", builder)
        return out
    if kind == "list":
        if not isinstance(value, list):
            raise builder.error(f"#/{path}: expected type: JSONArray, found: {_found(value)}", path)
        return [convert(item, shape.member, f"{path}/{i}", builder) for i, item in enumerate(value)]
    if kind == "map":
        if isinstance(value, list) and all(isinstance(t, dict) and "Key" in t for t in value):
            for i, tag in enumerate(value):
                if not isinstance(tag["Key"], (str, int, float)) or isinstance(tag["Key"], bool):
                    raise builder.error(f"#/{path}/{i}/Key: expected type: String, found: {_found(tag['Key'])}",
                                        path)
            value = {t["Key"]: t.get("Value", "") for t in value}  # CloudFormation's tag list
        if not isinstance(value, dict):
            raise builder.error(f"#/{path}: expected type: JSONObject, found: {_found(value)}", path)
        return {str(k): convert(v, shape.value, f"{path}/{k}", builder) for k, v in value.items()}
    if kind == "string":
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, (int, float, str)):
            return str(value)
        if isinstance(value, dict):  # policies and schemas may be given as objects
            return json.dumps(value)
        raise builder.error(f"#/{path}: expected type: String, found: {_found(value)}", path)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise builder.error(f"#/{path}: expected type: Boolean, found: {_found(value)}", path)
    if kind in ("integer", "long"):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise builder.error(f"#/{path}: expected type: Integer, found: {_found(value)}", path)
    if kind in ("double", "float"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise builder.error(f"#/{path}: expected type: Number, found: {_found(value)}", path) from None
    if kind == "blob":
        return value.encode() if isinstance(value, str) else json.dumps(value).encode()
    return value


_KINDS = {"s": (str,), "i": (int, str), "n": (int, float, str), "b": (bool, str), "a": (list,), "o": (dict,),
          "so": (str, dict)}
_KIND_NAMES = {"s": "String", "i": "Integer", "n": "Number", "b": "Boolean", "a": "JSONArray", "o": "JSONObject",
               "so": "String or JSONObject"}


def check_schema(builder: Builder, props: dict[str, Any]) -> None:
    """Required, extraneous and mistyped top-level properties, as CloudFormation's schemas catch them."""
    spec = TYPES.get(builder.type)
    if spec is None:
        return
    required, kinds, _ = spec
    for name in required:
        if name not in props:
            raise builder.error(f"Properties validation failed: #: required key [{name}] not found", name)
    for name, value in props.items():
        kind = kinds.get(name)
        if kind is None:
            raise builder.error(f"Properties validation failed: #: extraneous key [{name}] is not permitted", name)
        ok = isinstance(value, _KINDS[kind]) and not (kind in ("i", "n") and isinstance(value, bool))
        if ok and kind in ("i", "n") and isinstance(value, str):
            try:
                float(value)
            except ValueError:
                ok = False
        if ok and kind == "b" and isinstance(value, str):
            ok = value.lower() in ("true", "false")
        if ok and kind == "s" and isinstance(value, (dict, list)):
            ok = False
        if not ok and kind == "s" and isinstance(value, (int, float)) and not isinstance(value, bool):
            ok = True  # CloudFormation turns numbers into strings
        if not ok:
            raise builder.error(f"Properties validation failed: #/{name}: expected type: {_KIND_NAMES[kind]}, "
                                f"found: {_found(value)}", name)


def undo_calls(builder: Builder, undo: list[Undo]) -> None:
    """Run delete calls newest first; something already gone with its parent is fine."""
    for service, operation, params in reversed(undo):
        try:
            builder.call(service, operation, params)
        except TemplateError as error:
            if not isinstance(error.__cause__, NotFound):
                raise


BuildFn = Callable[[Builder, dict[str, Any]], Created]
