"""pytest fixtures and the ``gwmock`` marker, registered through the ``pytest11`` entry point.

* ``gwmock``: a started mock's handle (fresh state for each test, even inside another active mock).
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


_REGION = pytest.StashKey[str]()  # a marked test's region=, pinned while the test runs


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marker = item.get_closest_marker("gwmock")
        if marker is None:
            continue
        names = getattr(item, "fixturenames", None)
        if names is not None:
            # the first function-scoped fixture, even when the test asks for it: every other one
            # (autouse ones, setup_method) runs inside the mock, and no wider-scoped one does
            if "gwmock" in names:
                names.remove("gwmock")
            names.insert(_first_function_scoped(item, names), "gwmock")
        region = marker.kwargs.get("region")
        if isinstance(region, str) and region:
            item.stash[_REGION] = region


def _first_function_scoped(item: pytest.Item, names: list[str]) -> int:
    """Where the function-scoped fixtures start in ``names`` (pytest orders them by scope, widest
    first): a session, module or class fixture set up inside the test's mock would be answered by
    it, and lose what it built when the test ends."""
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for index, name in enumerate(names):
        found = definitions.get(name)
        if not found or getattr(found[-1], "scope", "function") == "function":
            return index
    return len(names)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """The marker's ``region=`` is the test's even when a fixture set up after the mock started
    (an autouse one, for a marker-only test) changed ``AWS_DEFAULT_REGION``."""
    region = item.stash.get(_REGION, None)
    if region is None:
        yield
        return
    keys = ["AWS_DEFAULT_REGION"] + (["AWS_REGION"] if os.environ.get("AWS_REGION") else [])
    saved = {key: os.environ.get(key) for key in keys}
    os.environ.update(dict.fromkeys(keys, region))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def gwmock(request: pytest.FixtureRequest) -> Iterator[GatewayMock]:
    """A started ``mock_apigateway`` with fresh state, even inside a mock that is already active
    (a session-wide one, a decorated class); yields its handle (``calls``, ``requests``,
    ``add_lambda``, ``invoke``, ``deploy_template``, ``snapshot``/``restore``...). Options come from
    the test's ``@pytest.mark.gwmock(...)``."""
    from gwmock.mock import each_example_alike, mock_apigateway  # noqa: PLC0415 - only for tests using it

    marker = request.node.get_closest_marker("gwmock")
    options = dict(marker.kwargs) if marker else {}
    template = options.pop("template", None)
    parameters = options.pop("parameters", None)
    if options.get("backend") is None and not options.get("state"):
        # a state of its own: a nested mock would otherwise share the outer one's
        options["state"] = os.environ.get("GWMOCK_STATE") or "memory://"
    with mock_apigateway(**options) as handle:
        if template is not None:
            handle.deploy_template(template, parameters=parameters)
        # a hypothesis test: each example starts from the state the test started with
        undo = each_example_alike(getattr(request.node, "obj", None), handle)
        try:
            yield handle
        finally:
            undo()


def _client(service: str, handle: GatewayMock, request: pytest.FixtureRequest) -> Any:
    import boto3  # noqa: PLC0415 - a test dependency, not a runtime one

    # the marker's region=, even over a fixture set up inside the mock that changed the environment
    region = request.node.stash.get(_REGION, None) or os.environ.get("AWS_DEFAULT_REGION") or handle.region
    return boto3.client(service, region_name=region)


@pytest.fixture
def apigateway(gwmock: GatewayMock, request: pytest.FixtureRequest) -> Any:
    """A boto3 ``apigateway`` (REST APIs, v1) client answered by the ``gwmock`` mock, in its region."""
    return _client("apigateway", gwmock, request)


@pytest.fixture
def apigatewayv2(gwmock: GatewayMock, request: pytest.FixtureRequest) -> Any:
    """A boto3 ``apigatewayv2`` (HTTP and WebSocket APIs) client answered by the ``gwmock`` mock,
    in its region."""
    return _client("apigatewayv2", gwmock, request)
