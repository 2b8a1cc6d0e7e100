"""gwmock: a fast, faithful, in-process fake of Amazon API Gateway for boto3 tests.

    from gwmock import mock_apigateway

    @mock_apigateway
    def test_deploy():
        client = boto3.client("apigateway", region_name="eu-west-1")
        ...

The public names load on first use (PEP 562), so importing the pytest plugin
(``gwmock.pytest_plugin``) costs nothing for suites that never use a mock.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING

if _TYPE_CHECKING:
    from gwmock.cloudformation import Stack, TemplateError
    from gwmock.errors import ApiError, GwmockError, StateUrlError
    from gwmock.intercept.hosts import NetworkBlocked
    from gwmock.mock import GatewayMock, mock_apigateway
    from gwmock.records import Call, Request

__version__ = "0.1.0"
__all__ = ["ApiError", "Call", "GatewayMock", "GwmockError", "NetworkBlocked", "Request", "Stack", "StateUrlError",
           "TemplateError", "__version__", "mock_apigateway"]

# Errors: GwmockError (misuse of the library: StateUrlError, TemplateError, NetworkBlocked, ...) and
# ApiError (an AWS answer a handler gives, with AWS's code, message and status).
_HOMES = {"ApiError": "gwmock.errors", "Call": "gwmock.records", "GatewayMock": "gwmock.mock",
          "GwmockError": "gwmock.errors", "NetworkBlocked": "gwmock.intercept.hosts", "Request": "gwmock.records",
          "Stack": "gwmock.cloudformation", "StateUrlError": "gwmock.errors", "TemplateError": "gwmock.cloudformation",
          "mock_apigateway": "gwmock.mock"}
_RENAMED = frozenset({"Call", "GatewayMock", "Request", "mock_apigateway"})  # shown as gwmock.<name>


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'gwmock' has no attribute {name!r}")
    value = getattr(_importlib.import_module(home), name)
    if name in _RENAMED:
        value.__module__ = "gwmock"  # reprs and tracebacks name the public path
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({name for name in globals() if name.startswith("__")} | set(__all__))
