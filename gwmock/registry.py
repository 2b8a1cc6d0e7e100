"""Operation name -> handler function, discovered from the family modules.

A family module (``gwmock/apigateway/deployments.py``) defines one top-level
function per operation, named as boto3 names the client method
(``delete_deployment``); the registry pairs it with the model's operation
(``DeleteDeployment``). No table to keep in sync, and a test compares the result
with botocore's model. Discovery runs once, on the first call.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

from botocore import xform_name

from gwmock.protocol.models import SERVICES, operation_names

Handler = Callable[[Any, dict[str, Any]], Any]

_PACKAGES = {"apigateway": "gwmock.apigateway", "apigatewayv2": "gwmock.apigatewayv2"}


@functools.cache
def handlers(service: str) -> dict[str, Handler]:
    by_method = {xform_name(op): op for op in operation_names(service)}
    package = importlib.import_module(_PACKAGES[service])
    found: dict[str, Handler] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, fn in vars(module).items():
            op = by_method.get(name)
            if op is None or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            if op in found:
                raise RuntimeError(f"{service}.{op} has two handlers: {found[op].__module__} and {module.__name__}")
            found[op] = fn
    return found


def handler_for(service: str, operation: str) -> Handler | None:
    return handlers(service).get(operation)


def coverage() -> dict[str, tuple[list[str], list[str]]]:
    """Per service: (implemented operations, missing operations), sorted."""
    out = {}
    for service in SERVICES:
        have = handlers(service)
        ops = sorted(operation_names(service))
        out[service] = ([o for o in ops if o in have], [o for o in ops if o not in have])
    return out
