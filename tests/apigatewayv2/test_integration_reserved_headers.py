"""HTTP API parameter mappings may not name a reserved header: CreateIntegration, UpdateIntegration and
ImportApi/ReimportApi refuse them, and nothing changes.

The list is the developer guide's ("Transform API requests and responses for HTTP APIs", Reserved
headers: "You can't configure request or response mappings for these headers"), matched without
regard to case. ``Host`` is not on it. The message's frame is AWS's for v2 mapping errors
(hashicorp/terraform-provider-aws#17997); the words inside the brackets are a guess.
"""

from __future__ import annotations

import json

import pytest
from helpers import assert_error, error_of

URL = "https://backend.example.com"
FRAME = "Invalid mapping expression specified: Validation Result: warnings : [], errors : [{}]"
RESERVED = ["Authorization", "connection", "Content-Encoding", "Content-Length", "Content-Location", "Forwarded",
            "Keep-Alive", "Origin", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailers",
            "Transfer-Encoding", "Upgrade", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Via",
            "Access-Control-Allow-Origin", "apigw-requestid", "X-Amz-Date", "x-amzn-trace-id"]
ALLOWED = ["Host", "X-Custom", "x-am", "x-amzfoo", "Accept", "Content-Type", "X-Forwarded-Port", "apigw"]


def _restricted(header: str) -> str:
    return FRAME.format(f"Operations on header {header} are restricted")


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="reserved", ProtocolType="HTTP")["ApiId"]


def _create(client, api_id, **extra):
    return client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri=URL,
                                     IntegrationMethod="ANY", PayloadFormatVersion="1.0", **extra)


def _integrations(client, api_id):
    return client.get_integrations(ApiId=api_id)["Items"]


@pytest.mark.parametrize("header", RESERVED)
@pytest.mark.parametrize("action", ["append", "overwrite", "remove"])
def test_create_refuses_a_reserved_request_header(apigatewayv2, http_api, header, action):
    """(guess) the bracketed words; the list and the refusal are the developer guide's."""
    error = error_of(_create, apigatewayv2, http_api, RequestParameters={f"{action}:header.{header}": "'x'"})

    assert_error(error, "BadRequestException", _restricted(header), 400)
    assert _integrations(apigatewayv2, http_api) == []


@pytest.mark.parametrize("header", RESERVED)
def test_create_refuses_a_reserved_response_header(apigatewayv2, http_api, header):
    """(guess) the bracketed words."""
    error = error_of(_create, apigatewayv2, http_api,
                     ResponseParameters={"500": {f"overwrite:header.{header}": "'x'"}})

    assert_error(error, "BadRequestException", _restricted(header), 400)
    assert _integrations(apigatewayv2, http_api) == []


@pytest.mark.parametrize("header", ALLOWED)
def test_other_headers_may_be_mapped(apigatewayv2, http_api, header):
    created = _create(apigatewayv2, http_api, RequestParameters={f"overwrite:header.{header}": "'x'"},
                      ResponseParameters={"200": {f"append:header.{header}": "$context.requestId"}})

    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["RequestParameters"] == {f"overwrite:header.{header}": "'x'"}
    assert created["ResponseParameters"] == {"200": {f"append:header.{header}": "$context.requestId"}}


def test_a_reserved_name_as_a_query_string_or_a_source_is_not_refused(apigatewayv2, http_api):
    """Only header mappings are restricted: a query string named like a header, or a reserved header
    read as a value, is taken."""
    mappings = {"overwrite:querystring.Authorization": "$request.header.Authorization"}

    created = _create(apigatewayv2, http_api, RequestParameters=mappings)

    assert created["RequestParameters"] == mappings


def test_update_refuses_a_reserved_header_and_keeps_the_integration(apigatewayv2, http_api):
    """(guess) the bracketed words."""
    integration = _create(apigatewayv2, http_api, RequestParameters={"append:header.X-Custom": "'a'"})
    before = _integrations(apigatewayv2, http_api)

    for params in ({"RequestParameters": {"overwrite:header.Transfer-Encoding": "'chunked'"}},
                   {"ResponseParameters": {"404": {"remove:header.x-amz-apigw-id": "''"}}}):
        error = error_of(apigatewayv2.update_integration, ApiId=http_api,
                         IntegrationId=integration["IntegrationId"], **params)
        header = "Transfer-Encoding" if "RequestParameters" in params else "x-amz-apigw-id"
        assert_error(error, "BadRequestException", _restricted(header), 400)

    assert _integrations(apigatewayv2, http_api) == before


def test_websocket_mappings_are_not_checked_against_the_http_list(apigatewayv2):
    """The reserved list is the HTTP APIs' one; WebSocket integrations map integration.request.*."""
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]

    created = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="HTTP", IntegrationUri=URL, IntegrationMethod="POST",
        RequestParameters={"integration.request.header.Authorization": "'x'"})

    assert created["RequestParameters"] == {"integration.request.header.Authorization": "'x'"}


# --- ImportApi / ReimportApi -------------------------------------------------------------------------


def _document(request=None, response=None):
    integration = {"type": "http_proxy", "httpMethod": "ANY", "uri": URL, "payloadFormatVersion": "1.0"}
    if request is not None:
        integration["requestParameters"] = request
    if response is not None:
        integration["responseParameters"] = response
    return json.dumps({"openapi": "3.0.1", "info": {"title": "reserved", "version": "1"}, "paths": {
        "/a": {"get": {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": integration}}}})


def _state(client):
    out = []
    for api in client.get_apis()["Items"]:
        out.append((api, client.get_routes(ApiId=api["ApiId"])["Items"], _integrations(client, api["ApiId"])))
    return out


@pytest.mark.parametrize(("request_", "response", "header"), [
    ({"overwrite:header.Content-Length": "'1'"}, None, "Content-Length"),
    (None, {"200": {"append:header.Access-Control-Allow-Origin": "'*'"}}, "Access-Control-Allow-Origin"),
], ids=["request", "response"])
def test_import_and_reimport_refuse_a_reserved_header(apigatewayv2, request_, response, header):
    """(guess) the bracketed words; the line's prefix is the importer's for CreateIntegration refusals."""
    kept = apigatewayv2.import_api(Body=_document())["ApiId"]
    before = _state(apigatewayv2)
    expected = ("Errors found during import:\n\tUnable to create integration for route 'GET /a': "
                + _restricted(header))

    error = error_of(apigatewayv2.import_api, Body=_document(request_, response))
    assert_error(error, "BadRequestException", expected, 400)
    error = error_of(apigatewayv2.reimport_api, ApiId=kept, Body=_document(request_, response))
    assert_error(error, "BadRequestException", expected, 400)

    assert _state(apigatewayv2) == before


def test_import_takes_other_headers(apigatewayv2):
    api_id = apigatewayv2.import_api(Body=_document({"overwrite:header.Host": "'internal.example.com'"}))["ApiId"]

    [integration] = _integrations(apigatewayv2, api_id)
    assert integration["RequestParameters"] == {"overwrite:header.Host": "'internal.example.com'"}


def test_a_huge_header_name_is_answered_not_crashed(apigatewayv2, http_api):
    header = "x-amz-" + "a" * 100_000

    error = error_of(_create, apigatewayv2, http_api, RequestParameters={f"append:header.{header}": "'x'"})

    assert_error(error, "BadRequestException", _restricted(header), 400)
