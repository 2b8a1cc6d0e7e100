"""One request in, one response out: route, parse, validate, handle, serialize.

Shared by the in-process interception and by server mode, so both answer alike.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from botocore.model import OperationModel

from gwmock.context import Context
from gwmock.errors import ApiError, NotFound, NotImplementedByGwmock
from gwmock.protocol.models import operation_model
from gwmock.protocol.parser import parse_request
from gwmock.protocol.router import route
from gwmock.protocol.serializer import Response, serialize_error, serialize_result
from gwmock.protocol.validate import validate
from gwmock.records import Call, CallList
from gwmock.registry import Handler, handlers
from gwmock.state.base import Backend

log = logging.getLogger("gwmock")

DEFAULT_ACCOUNT = "123456789012"


def account_from_access_key(access_key: str | None) -> str:
    """A 12-digit access key id is taken as the account id; anything else is the default account."""
    if access_key and len(access_key) == 12 and access_key.isdigit():
        return access_key
    return DEFAULT_ACCOUNT


def handle_request(
    backend: Backend,
    service: str,
    method: str,
    path: str,
    query_string: str,
    headers: Mapping[str, str],
    body: bytes,
    account: str,
    region: str,
    calls: list[Any] | None = None,
    handle: Any = None,
) -> Response:
    query = parse_query(query_string) if query_string else {}
    found = route(service, method, path, query)
    if found is None:
        return _with_request_id(serialize_error(NotFound(f"No operation of {service} matches {method} {path}")))
    operation, labels = found
    op, handler = _operation(service, operation)
    params: dict[str, Any] = {}
    try:
        params = parse_request(op, labels, query, headers, body)
        validate(service, op, params)
        if handler is None:
            raise NotImplementedByGwmock(service, operation)
        ctx = Context(service, operation, account, region, backend, headers, handle)
        response = serialize_result(op, handler(ctx, params) if (service, operation) in _RUNS_USER_CODE
                                    else backend.run(handler, ctx, params))
    except ApiError as error:
        response = serialize_error(error)
    except Exception as exc:  # a gwmock bug: state was rolled back; answer as AWS does
        log.exception("gwmock: %s.%s failed", service, operation)
        response = serialize_error(ApiError(f"gwmock internal error in {service}.{operation}: {exc!r}"))
    if calls is not None:
        error_code = response[1].get("x-amzn-ErrorType")
        if type(calls) is CallList:
            calls.record(service, operation, params, response[0], error_code)
        else:
            calls.append(Call(service, operation, params, response[0], error_code))
    return _with_request_id(response)


# Operations that call user code (TestInvokeMethod runs the method's Lambda function,
# TestInvokeAuthorizer the authorizer's): they only
# read, and run outside a unit of work, so that the function may call the mock back from its own
# thread (a boto3 call to API Gateway, as on AWS) without waiting on the lock the unit would hold
# until the integration's timeout.
_RUNS_USER_CODE = frozenset({("apigateway", "TestInvokeMethod"), ("apigateway", "TestInvokeAuthorizer")})


def parse_query(query_string: str) -> dict[str, list[str]]:
    """``parse_qs(query_string, keep_blank_values=True)``; split by hand when nothing is
    escaped (``limit=25``), where ``unquote`` would change nothing, at a tenth of the cost."""
    if "%" in query_string or "+" in query_string:
        return parse_qs(query_string, keep_blank_values=True)
    query: dict[str, list[str]] = {}
    for field in query_string.split("&"):
        if field:
            name, _, value = field.partition("=")
            if name in query:
                query[name].append(value)
            else:
                query[name] = [value]
    return query


_OPERATIONS: dict[tuple[str, str], tuple[OperationModel, dict[str, Handler]]] = {}


def _operation(service: str, operation: str) -> tuple[OperationModel, Handler | None]:
    """An operation's model, found once (routed names only: bounded by the models), and its
    handler, read from the registry's table on each call (tests may change the table)."""
    found = _OPERATIONS.get((service, operation))
    if found is None:
        found = _OPERATIONS[(service, operation)] = (operation_model(service, operation), handlers(service))
    return found[0], found[1].get(operation)


def _request_id_prefix() -> str:
    h = os.urandom(10).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-"


# Request ids in uuid4's shape, unique per process: a random prefix (drawn again in a forked
# server worker) and a counter, one format per answer instead of 128 random bits cut in five.
_REQUEST_ID_PREFIX = _request_id_prefix()
_request_numbers = itertools.count()


def _new_prefix_after_fork() -> None:
    global _REQUEST_ID_PREFIX
    _REQUEST_ID_PREFIX = _request_id_prefix()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_prefix_after_fork)


def _with_request_id(response: Response) -> Response:
    response[1]["x-amzn-RequestId"] = f"{_REQUEST_ID_PREFIX}{next(_request_numbers) % 2**48:012x}"
    return response
