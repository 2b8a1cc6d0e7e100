"""The registry against botocore's models, and the coverage table in docs/."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from gwmock.__main__ import coverage
from gwmock.protocol.models import operation_names
from gwmock.registry import handlers

DOCS = Path(__file__).resolve().parents[2] / "docs" / "coverage.md"


def test_every_handler_is_an_operation_of_the_model():
    for service in ("apigateway", "apigatewayv2"):
        ops = set(operation_names(service))
        for op, fn in handlers(service).items():
            assert op in ops
            assert list(inspect.signature(fn).parameters) == ["ctx", "params"], fn


def test_every_operation_has_a_handler():
    missing = {s: sorted(set(operation_names(s)) - set(handlers(s))) for s in ("apigateway", "apigatewayv2")}
    assert missing == {"apigateway": [], "apigatewayv2": []}


def test_coverage_table_in_docs_is_current(tmp_path, capsys):
    from helpers import MISSING_FROM_MODEL

    if MISSING_FROM_MODEL:  # the table is generated against the newest botocore model
        pytest.skip(f"this botocore's model lacks {len(MISSING_FROM_MODEL)} newer names; docs/coverage.md is "
                    "generated against the newest")
    coverage(str(tmp_path / "coverage.md"))
    assert DOCS.read_text() == (tmp_path / "coverage.md").read_text(), (
        "docs/coverage.md is stale: run `python -m gwmock coverage docs/coverage.md`")


def test_unimplemented_operations_name_themselves():
    from gwmock.dispatch import handle_request
    from gwmock.registry import handlers as registry
    from gwmock.state import MemoryBackend

    saved = registry("apigateway").pop("GetRestApis")
    try:
        status, headers, body = handle_request(MemoryBackend(), "apigateway", "GET", "/restapis", "", {}, b"",
                                               "123456789012", "us-east-1")
    finally:
        registry("apigateway")["GetRestApis"] = saved
    assert status == 501 and b"apigateway.GetRestApis is not implemented by gwmock" in body
