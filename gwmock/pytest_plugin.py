"""pytest fixtures, registered through the ``pytest11`` entry point.

* ``gwmock``: the active mock's handle (fresh state for each test).
* ``apigateway`` / ``apigatewayv2``: boto3 clients of both services in
  ``us-east-1``, answered by that mock.
* ``@pytest.mark.gwmock``: runs the marked test inside a mock without asking for
  a fixture; the marker's keyword arguments are ``mock_apigateway``'s options.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gwmock.mock import GatewayMock, mock_apigateway


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "gwmock(**options): run the test inside mock_apigateway(**options)")


@pytest.fixture
def gwmock(request: pytest.FixtureRequest) -> Iterator[GatewayMock]:
    marker = request.node.get_closest_marker("gwmock")
    with mock_apigateway(**(marker.kwargs if marker else {})) as handle:
        yield handle


@pytest.fixture(autouse=True)
def _gwmock_marker(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("gwmock") is None or "gwmock" in request.fixturenames:
        yield
        return
    request.getfixturevalue("gwmock")
    yield


def _client(service: str) -> Any:
    import boto3  # noqa: PLC0415 - a test dependency, not a runtime one

    return boto3.client(service, region_name="us-east-1")


@pytest.fixture
def apigateway(gwmock: GatewayMock) -> Any:
    return _client("apigateway")


@pytest.fixture
def apigatewayv2(gwmock: GatewayMock) -> Any:
    return _client("apigatewayv2")
