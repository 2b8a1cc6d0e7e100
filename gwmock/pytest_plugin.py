"""pytest fixtures and the ``gwmock`` marker, registered through the ``pytest11`` entry point.

* ``gwmock``: a started mock's handle (fresh state for each test).
* ``apigateway`` / ``apigatewayv2``: boto3 clients of both services answered by that mock,
  in the mock's region.
* ``@pytest.mark.gwmock(**options)``: runs the marked test inside a mock without asking
  for a fixture; options are ``mock_apigateway``'s, plus ``template=``/``parameters=``
  (deployed with ``gw.deploy_template`` after start).

The plugin is free for suites that do not use it: no autouse fixture, nothing of
gwmock or botocore imported until a test asks for a fixture or carries the marker
(the marker adds the ``gwmock`` fixture to that test at collection time).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from gwmock.mock import GatewayMock

MARKER = (
    "gwmock(**options): run the test inside mock_apigateway(**options) (state, backend, load, account, "
    "region, raise_lambda_errors, history) and, with template=... (and parameters={...}), deploy that "
    "CloudFormation/SAM template first; the handle is the gwmock fixture"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("gwmock") is None:
            continue
        names = getattr(item, "fixturenames", None)
        if names is not None and "gwmock" not in names:
            names.insert(0, "gwmock")


@pytest.fixture
def gwmock(request: pytest.FixtureRequest) -> Iterator[GatewayMock]:
    """A started ``mock_apigateway`` with fresh state; yields its handle (``calls``, ``requests``,
    ``add_lambda``, ``invoke``, ``deploy_template``, ``snapshot``/``restore``...). Options come from
    the test's ``@pytest.mark.gwmock(...)``."""
    from gwmock.mock import mock_apigateway  # noqa: PLC0415 - loaded only by tests that use it

    marker = request.node.get_closest_marker("gwmock")
    options = dict(marker.kwargs) if marker else {}
    template = options.pop("template", None)
    parameters = options.pop("parameters", None)
    with mock_apigateway(**options) as handle:
        if template is not None:
            handle.deploy_template(template, parameters=parameters)
        yield handle


def _client(service: str, handle: GatewayMock) -> Any:
    import boto3  # noqa: PLC0415 - a test dependency, not a runtime one

    return boto3.client(service, region_name=os.environ.get("AWS_DEFAULT_REGION") or handle.region)


@pytest.fixture
def apigateway(gwmock: GatewayMock) -> Any:
    """A boto3 ``apigateway`` (REST APIs, v1) client answered by the ``gwmock`` mock, in its region."""
    return _client("apigateway", gwmock)


@pytest.fixture
def apigatewayv2(gwmock: GatewayMock) -> Any:
    """A boto3 ``apigatewayv2`` (HTTP and WebSocket APIs) client answered by the ``gwmock`` mock,
    in its region."""
    return _client("apigatewayv2", gwmock)
