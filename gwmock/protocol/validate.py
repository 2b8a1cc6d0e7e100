"""One generic pass over an operation's input: AWS's ValidationException.

Like botocore's ``validate.py`` it collects every violation (required members,
enums, patterns, lengths and ranges) before answering, and words each one as AWS
does (aws-recorded: test_create_rest_api_with_endpoint_configuration,
test_update_method_response_wrong_operations). Body members are named
``<operation>Input.<member>``, URI and query members by their bare name, list
elements as ``<list>.<1-based index>.member``. Values of the wrong JSON type are
AWS's SerializationException and are reported first, alone.

The same pass settles JSON ``null`` before any handler runs, so no handler ever
meets one it did not ask for:

* a ``null`` structure member is an absent member (Jackson's reading); the key is
  removed, and a required one is the recorded "Member must not be null" error;
* a ``null`` list item is a constraint violation, worded as AWS's validator words
  list-member constraints (the recorded enum-list message's frame):
  ``Value '[null]' at 'updateRestApiInput.patchOperations' failed to satisfy
  constraint: Member must satisfy constraint: [Member must not be null]``
  (guess: the wording is the one other Coral services answer for null list items);
* a ``null`` map value is kept in v1: AWS stores and answers it (aws-recorded:
  test_put_integration_response_templates, ``responseTemplates`` ``{"application/json":
  null}``); handlers read such values as "no value".

apigatewayv2 answers every input error as ``BadRequestException`` (its model has no
ValidationException): the same texts under that code, and null list items and null
map values are refused there too (guess: no recording of v2's wording).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from botocore.model import OperationModel, Shape

from gwmock.errors import BadRequest, SerializationError, ValidationError
from gwmock.protocol.shapes import wire_name

# AWS prints enum sets in its own (Java set) order, not the model's.
AWS_ENUM_ORDER = {
    "Op": ["add", "remove", "move", "test", "replace", "copy"],
    "EndpointType": ["PRIVATE", "EDGE", "REGIONAL"],
    "IntegrationType": ["HTTP", "MOCK", "AWS_PROXY", "HTTP_PROXY", "AWS"],
    "DocumentationPartType": [
        "RESPONSE_BODY", "RESPONSE", "METHOD", "MODEL", "AUTHORIZER", "RESPONSE_HEADER", "RESOURCE",
        "PATH_PARAMETER", "REQUEST_BODY", "QUERY_PARAMETER", "API", "REQUEST_HEADER",
    ],
    "GatewayResponseType": [
        "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "AUTHORIZER_CONFIGURATION_ERROR",
        "MISSING_AUTHENTICATION_TOKEN", "BAD_REQUEST_BODY", "INVALID_SIGNATURE", "INVALID_API_KEY",
        "BAD_REQUEST_PARAMETERS", "AUTHORIZER_FAILURE", "UNAUTHORIZED", "INTEGRATION_TIMEOUT", "ACCESS_DENIED",
        "DEFAULT_4XX", "DEFAULT_5XX", "WAF_FILTERED", "QUOTA_EXCEEDED", "THROTTLED", "API_CONFIGURATION_ERROR",
        "UNSUPPORTED_MEDIA_TYPE", "INTEGRATION_FAILURE", "EXPIRED_TOKEN",
    ],
}

_JAVA_TYPE = {bool: "java.lang.Boolean", int: "com.amazon.coral.value.json.numbers.TruncatingBigNumber",
              float: "com.amazon.coral.value.json.numbers.TruncatingBigNumber"}


_EPOCH_RANGE = (-62135596800.0, 253402300799.0)  # years 1 to 9999: what a datetime can print
_JAVA_BOUND = {"integer": 2**31, "long": 2**63}
_JAVA_NAME = {"integer": "int", "long": "long"}


def validate(service: str, op: OperationModel, params: dict[str, Any]) -> None:
    """Check ``params`` against the input shape (dropping null members); raise AWS's error."""
    plan = _plan(op) if op.input_shape is not None else ()
    if not plan:
        return
    v1 = service == "apigateway"
    # At a glance first: the members the request holds (usually a few of the plan's), strings
    # checked inline; any doubt (a null, a failure, a missing required member) and the full
    # pass below decides, in AWS's order, as if this one had not run.
    checks, needed = _glance(op)
    for name in needed:
        if params.get(name) is None:
            break
    else:
        errors: list[str] = []
        try:
            for name, value in params.items():
                check = checks.get(name)
                if check is None:
                    continue
                if check is _PLAIN:
                    if type(value) is str:
                        continue
                elif type(check) is frozenset:
                    if type(value) is str and value in check:
                        continue
                elif type(check) is range:  # an integer within its bounds (never a bool: not an int by type)
                    if type(value) is int and value in check:
                        continue
                elif check is _BOOLEAN:
                    if type(value) is bool:
                        continue
                elif value is not None and check is not _FULL:
                    _check(value, check[0], check[1], errors, v1)
                    if not errors:
                        continue
                break
            else:
                return
        except SerializationError:
            pass
    errors = []
    try:
        for name, member, path, required in plan:
            value = params.get(name)
            if value is not None:
                _check(value, member, path, errors, v1)
            elif required or name in params:  # most optional members are simply absent
                _absent(params, name, required, path, errors)
    except SerializationError as error:
        if v1:
            raise
        raise BadRequest(error.message) from None
    if errors:
        n = len(errors)
        message = f"{n} validation error{'s' if n > 1 else ''} detected: " + "; ".join(errors)
        raise ValidationError(message) if v1 else BadRequest(message)


@functools.cache
def _plan(op: OperationModel) -> tuple[tuple[str, Shape, str, bool], ...]:
    """The input members that can fail, in AWS's reporting order (body members first), with
    their paths. Members that cannot fail are left out (a URI label without rules, which the
    router always fills: ``restApiId``), so ``GetRestApi``'s plan is empty."""
    shape = op.input_shape
    prefix = op.name[0].lower() + op.name[1:] + "Input"
    required = set(shape.required_members)
    body, located = [], []
    for name, member in shape.members.items():
        if not member.serialization.get("location"):
            body.append((name, member, f"{prefix}.{wire_name(name, member)}", name in required))
        elif not _always_valid(member, name in required):
            located.append((name, member, name, name in required))
    return tuple(body + located)


_PLAIN = object()  # a string member without rules: any string passes
_FULL = object()  # a member the full pass checks
_BOOLEAN = object()  # a boolean member: any bool passes


def _holds_structure(shape: Shape, depth: int = 0) -> bool:
    kind = shape.type_name
    if kind == "structure" or depth > 20:
        return True
    if kind == "list":
        return _holds_structure(shape.member, depth + 1)
    if kind == "map":
        return _holds_structure(shape.value, depth + 1)
    return False


@functools.cache
def _glance(op: OperationModel) -> tuple[dict[str, Any], tuple[str, ...]]:
    """``_plan(op)`` by member name: ``_PLAIN``, an enum string's values, or ``(shape, path)``;
    and the required members."""
    checks: dict[str, Any] = {}
    for name, member, path, _ in _plan(op):
        rules = _string_rules(member) if member.type_name == "string" else None
        if rules == (frozenset(), None, False):
            checks[name] = _PLAIN
        elif rules is not None and rules[0] and rules[1] is None and not rules[2]:
            checks[name] = rules[0]
        elif member.type_name in ("integer", "long") and all(
                type(member.metadata.get(k, 0)) is int for k in ("min", "max")):
            bound = _JAVA_BOUND[member.type_name]
            low, high = member.metadata.get("min"), member.metadata.get("max")
            checks[name] = range(max(-bound, -bound if low is None else low),
                                 min(bound, bound if high is None else high + 1))
        elif member.type_name == "boolean":
            checks[name] = _BOOLEAN
        elif _holds_structure(member):
            checks[name] = _FULL  # checking it drops its null members: the full pass does that, in order
        else:
            checks[name] = (member, path)
    return checks, tuple(name for name, _, _, required in _plan(op) if required)


def _always_valid(member: Shape, required: bool) -> bool:
    """A string from the URI, query or headers without rules: the parser gives a string or
    nothing, and a required one can only be a URI label, which routing always fills."""
    location = member.serialization.get("location")
    return (member.type_name == "string" and _string_rules(member) == (frozenset(), None, False)
            and (location == "uri" if required else location in ("uri", "querystring", "header")))


@functools.cache
def _members(shape: Shape) -> tuple[tuple[str, Shape, str, bool], ...]:
    """A nested structure's members: (name, shape, wire name, required)."""
    required = set(shape.required_members)
    return tuple((name, member, wire_name(name, member), name in required) for name, member in shape.members.items())


def _absent(parent: dict[str, Any], name: str, required: bool, path: str, errors: list[str]) -> None:
    if name in parent:
        del parent[name]  # an explicit null is an absent member
    if required:
        errors.append(f"Value null at '{path}' failed to satisfy constraint: Member must not be null")


def _check(value: Any, shape: Shape, path: str, errors: list[str], v1: bool) -> None:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise SerializationError(f"Expected an object at '{path}'")
        for name, member, wire, required in _members(shape):
            item = value.get(name)
            if item is None:
                if required or name in value:
                    _absent(value, name, required, f"{path}.{wire}", errors)
            else:
                _check(item, member, f"{path}.{wire}", errors, v1)
        return
    if kind == "list":
        if not isinstance(value, list):
            raise SerializationError(f"Expected a list at '{path}'")
        member = shape.member
        if None in value:
            errors.append(f"Value '{_java(value)}' at '{path}' failed to satisfy constraint: "
                          "Member must satisfy constraint: [Member must not be null]")
            return
        if getattr(member, "enum", None) and all(isinstance(v, str) for v in value):
            bad = [v for v in value if v not in member.enum]
            if bad:
                errors.append(
                    f"Value '[{', '.join(value)}]' at '{path}' failed to satisfy constraint: "
                    f"Member must satisfy constraint: [Member must satisfy enum value set: [{_enum(member)}]]"
                )
            return
        for i, item in enumerate(value, 1):
            _check(item, member, f"{path}.{i}.member", errors, v1)
        _check_range(len(value), shape, path, errors, "length")
        return
    if kind == "map":
        if not isinstance(value, dict):
            raise SerializationError(f"Expected a map at '{path}'")
        if not v1 and None in value.values():
            errors.append(f"Value '{_java(value)}' at '{path}' failed to satisfy constraint: "
                          "Map value must satisfy constraint: [Member must not be null]")
            return
        for key, item in value.items():
            if item is not None and shape.value.type_name != "string":
                _check(item, shape.value, f"{path}.{key}", errors, v1)
            elif item is not None and not isinstance(item, str):
                raise SerializationError(f"class {_JAVA_TYPE.get(type(item), 'java.lang.Object')} "
                                         "can not be converted to an String")
        return
    if kind == "string":
        if not isinstance(value, str):
            raise SerializationError(f"class {_JAVA_TYPE.get(type(value), 'java.lang.Object')} "
                                     "can not be converted to an String")
        enum, pattern, bounded = _string_rules(shape)
        if enum and value not in enum:
            errors.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                          f"Member must satisfy enum value set: [{_enum(shape)}]")
            return
        if pattern and not _pattern(pattern).fullmatch(value):
            errors.append(f"Value '{value}' at '{path}' failed to satisfy constraint: "
                          f"Member must satisfy regular expression pattern: {pattern}")
            return
        if bounded:
            _check_range(len(value), shape, path, errors, "length", value)
        return
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise SerializationError(f"Unable to parse {value!r} at '{path}' as an integer")
        if not -_JAVA_BOUND[kind] <= value < _JAVA_BOUND[kind]:  # guess: Java's int/long overflow refused
            raise SerializationError(f"Numeric value ({value}) at '{path}' out of range of {_JAVA_NAME[kind]}")
        _check_range(value, shape, path, errors, "value", value)
        return
    if kind == "boolean" and not isinstance(value, bool):
        raise SerializationError(f"Unable to parse {value!r} at '{path}' as a boolean")
    if kind in ("double", "float") and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise SerializationError(f"Unable to parse {value!r} at '{path}' as a number")
    if kind == "timestamp" and (isinstance(value, bool) or not isinstance(value, (int, float))
                                or not _EPOCH_RANGE[0] <= value <= _EPOCH_RANGE[1]):
        # the wire layer turned every valid timestamp into epoch seconds; what is left is not one
        shown = value if isinstance(value, str) else _java(value)
        raise SerializationError(f"Unable to parse '{shown[:100]}' at '{path}' as a timestamp")


def _java(value: Any) -> str:
    """A value as AWS's (Java) validator prints it: ``[a, null]``, ``{k=v}``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_java(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java(v)}" for k, v in value.items()) + "}"
    return str(value)


def _check_range(n: int, shape: Shape, path: str, errors: list[str], what: str, value: Any = None) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    shown = f"'{value}'" if value is not None else "null"
    if low is not None and n < low:
        errors.append(f"Value {shown} at '{path}' failed to satisfy constraint: "
                      f"Member must have {what} greater than or equal to {low}")
    elif high is not None and n > high:
        errors.append(f"Value {shown} at '{path}' failed to satisfy constraint: "
                      f"Member must have {what} less than or equal to {high}")


def _enum(shape: Shape) -> str:
    return ", ".join(AWS_ENUM_ORDER.get(shape.name, shape.enum))


@functools.cache
def _string_rules(shape: Shape) -> tuple[frozenset[str], str | None, bool]:
    """A string shape's enum, pattern and whether it has a length range, read once."""
    meta = shape.metadata
    enum = frozenset(getattr(shape, "enum", None) or ())
    return enum, meta.get("pattern"), meta.get("min") is not None or meta.get("max") is not None


@functools.cache
def _pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
