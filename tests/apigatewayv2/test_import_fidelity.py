"""ImportApi, ReimportApi and ExportApi against what AWS refuses or answers: malformed values, what
CreateApi, CreateRoute and CreateIntegration would refuse, OAS 3 base path variables, and a stage's
export being its deployment.

There are no v2 recordings: the error frame and each line's prefix are guesses written in
gwmock/openapi/v2_import.py's docstring; the control plane's messages are its own.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from apigateway.test_import_fidelity import AREAS, FUZZ, answered, documents  # tests/ is on sys.path
from helpers import assert_error, error_of
from hypothesis import given
from hypothesis import strategies as st

INVALID = "Invalid OpenAPI input."
ERRORS = "Errors found during import:\n\t"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:f"


def _doc(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "fidelity", "version": "1"}, "paths": paths or {}, **extra}


def _route(integration: dict[str, Any], path: str = "/a") -> dict[str, Any]:
    return {path: {"get": {"x-amazon-apigateway-integration": integration}}}


def _http(**extra: Any) -> dict[str, Any]:
    return {"type": "http_proxy", "httpMethod": "GET", "uri": "https://e.com", **extra}


def _state(client: Any) -> list[Any]:
    return [(api, client.get_routes(ApiId=api["ApiId"])["Items"], client.get_integrations(ApiId=api["ApiId"])["Items"],
             client.get_authorizers(ApiId=api["ApiId"])["Items"]) for api in client.get_apis()["Items"]]


def _refused(client: Any, document: dict[str, Any], message: str) -> None:
    """ImportApi and ReimportApi both refuse the document with ``message``; nothing changes."""
    kept = client.import_api(Body=json.dumps(_doc(_route(_http()))))["ApiId"]
    before = _state(client)
    assert_error(error_of(client.import_api, Body=json.dumps(document)), "BadRequestException", message, 400)
    error = error_of(client.reimport_api, ApiId=kept, Body=json.dumps(document))
    assert_error(error, "BadRequestException", message, 400)
    assert _state(client) == before


# --- malformed values ------------------------------------------------------------------------------


@pytest.mark.parametrize("document", [
    _doc(_route(_http(timeoutInMillis="abc"))),
    _doc(components={"securitySchemes": {"j": {"type": "oauth2", "x-amazon-apigateway-authorizer": {
        "type": "jwt", "jwtConfiguration": "x"}}}}),
    _doc(**{"x-amazon-apigateway-cors": {"maxAge": "x"}}),
    _doc(**{"x-amazon-apigateway-cors": {"allowOrigins": "*"}}),
    _doc(components={"securitySchemes": {"l": {"type": "apiKey", "name": "A", "in": "header",
                                               "x-amazon-apigateway-authorizer": {
                                                   "type": "request", "authorizerResultTtlInSeconds": "abc"}}}}),
    _doc(tags="x"),
], ids=["timeout-text", "jwt-configuration-text", "cors-max-age-text", "cors-origins-text",
        "authorizer-ttl-text", "tags-text"])
def test_malformed_values_are_invalid_input(apigatewayv2, document):
    _refused(apigatewayv2, document, INVALID)

    assert apigatewayv2.get_apis()["ResponseMetadata"]["HTTPStatusCode"] == 200  # every API still reads back


# --- CORS as CreateApi checks it ---------------------------------------------------------------------


def test_cors_max_age_beyond_create_api_limit_is_refused(apigatewayv2):
    create = error_of(apigatewayv2.create_api, Name="x", ProtocolType="HTTP", CorsConfiguration={"MaxAge": 999999})

    _refused(apigatewayv2, _doc(**{"x-amazon-apigateway-cors": {"maxAge": 999999}}),
             ERRORS + "Invalid CORS configuration: " + create["Error"]["Message"])
    assert create["Error"]["Message"] == (
        "1 validation error detected: Value '999999' at 'createApiInput.corsConfiguration.maxAge' failed to "
        "satisfy constraint: Member must have value less than or equal to 86400")


def test_cors_within_limits_is_kept(apigatewayv2):
    cors = {"allowOrigins": ["https://a.com"], "maxAge": "600", "allowCredentials": "true", "exposeHeaders": None}

    api = apigatewayv2.import_api(Body=json.dumps(_doc(**{"x-amazon-apigateway-cors": cors})))

    assert api["CorsConfiguration"] == {"AllowOrigins": ["https://a.com"], "MaxAge": 600, "AllowCredentials": True}
    assert apigatewayv2.get_api(ApiId=api["ApiId"])["CorsConfiguration"] == api["CorsConfiguration"]


# --- routes and integrations as CreateRoute and CreateIntegration check them -------------------------


CREATE_INTEGRATION = {
    "timeout-too-long": (_http(timeoutInMillis=999999),
                         "1 validation error detected: Value '999999' at 'createIntegrationInput.timeoutInMillis' "
                         "failed to satisfy constraint: Member must have value less than or equal to 30000"),
    "payload-format-3": ({"type": "aws_proxy", "uri": LAMBDA, "payloadFormatVersion": "3.0"},
                         "Invalid payload format version specified: 3.0. Must be one of: [1.0, 2.0]"),
    "payload-format-2-on-http": (_http(payloadFormatVersion="2.0"),
                                 "Payload format version 2.0 is supported only for Lambda proxy integrations"),
    "lambda-without-uri": ({"type": "aws_proxy", "payloadFormatVersion": "2.0"},
                           "IntegrationUri must be specified for integration type AWS_PROXY"),
    "bad-parameter-mapping": (_http(requestParameters={"header.x": "a"}),
                              "Invalid mapping expression specified: header.x. Must be of the form "
                              "{append|overwrite|remove}:{header|querystring}.{name} or overwrite:path"),
}


@pytest.mark.parametrize("case", sorted(CREATE_INTEGRATION))
def test_integrations_create_integration_refuses_are_refused(apigatewayv2, case):
    integration, message = CREATE_INTEGRATION[case]

    _refused(apigatewayv2, _doc(_route(integration)),
             f"{ERRORS}Unable to create integration for route 'GET /a': {message}")


def test_route_key_create_route_refuses_is_refused(apigatewayv2):
    create = error_of(apigatewayv2.create_route, ApiId=apigatewayv2.create_api(Name="x", ProtocolType="HTTP")["ApiId"],
                      RouteKey="GET a")

    _refused(apigatewayv2, _doc({"a": {"get": {}}}), f"{ERRORS}Unable to create route 'GET a': "
             + create["Error"]["Message"])


def test_every_refusal_is_listed_before_any_warning(apigatewayv2):
    document = _doc({"a": {"get": {"x-amazon-apigateway-integration": _http(timeoutInMillis=10)}},
                     "/b": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}}}},
                    **{"x-amazon-apigateway-cors": {"maxAge": -5}})

    error = error_of(apigatewayv2.import_api, Body=json.dumps(document), FailOnWarnings=True)

    assert_error(error, "BadRequestException", ERRORS + "\n\t".join([
        "Invalid CORS configuration: 1 validation error detected: Value '-5' at "
        "'createApiInput.corsConfiguration.maxAge' failed to satisfy constraint: Member must have value greater "
        "than or equal to -1",
        "Unable to create route 'GET a': The provided route key is not formatted properly for HTTP protocol. "
        'Format should be "<HTTP METHOD> /<RESOURCE PATH>" or "$default"',
        "Unable to create integration for route 'GET a': 1 validation error detected: Value '10' at "
        "'createIntegrationInput.timeoutInMillis' failed to satisfy constraint: Member must have value greater "
        "than or equal to 50"]), 400)
    assert apigatewayv2.get_apis()["Items"] == []


def test_a_base_path_makes_a_relative_path_a_route(apigatewayv2):
    document = _doc({"a": {"get": {}}}, servers=[{"url": "https://e.com/v1"}])

    api_id = apigatewayv2.import_api(Body=json.dumps(document), Basepath="prepend")["ApiId"]

    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == ["GET /v1/a"]


# --- OAS 3 base path variables ------------------------------------------------------------------------


@pytest.mark.parametrize(("servers", "key"), [
    ([{"url": "https://example.com", "variables": {"basePath": {"default": "/v1"}}}], "GET /v1/e"),
    ([{"url": "https://example.com"},
      {"url": "https://e2.com/{basePath}", "variables": {"basePath": {"default": "v2"}}}], "GET /v2/e"),
    ([{"url": "https://e.com/{stage}/x", "variables": {"stage": {"default": "dev"}}}], "GET /dev/x/e"),
], ids=["not-in-the-url", "on-a-later-server", "no-base-path-variable"])
def test_base_path_variable_is_the_base_path(apigatewayv2, servers, key):
    document = _doc({"/e": {"get": {}}}, servers=servers)

    api_id = apigatewayv2.import_api(Body=json.dumps(document), Basepath="prepend")["ApiId"]

    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == [key]


# --- ExportApi: a stage exports its deployment ------------------------------------------------------------


def _export(client: Any, api_id: str, **kwargs: Any) -> dict[str, Any]:
    body = client.export_api(ApiId=api_id, OutputType="JSON", Specification="OAS30", **kwargs)["body"].read()
    return json.loads(body)  # type: ignore[no-any-return]


def test_stage_export_is_the_stage_deployment_not_the_latest_configuration(apigatewayv2):
    cors = {"allowOrigins": ["https://a.com"]}
    api_id = apigatewayv2.import_api(Body=json.dumps(_doc(_route(_http(), "/deployed"),
                                                          **{"x-amazon-apigateway-cors": cors})))["ApiId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="prod")
    apigatewayv2.create_deployment(ApiId=api_id, StageName="prod")
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /undeployed")
    apigatewayv2.delete_cors_configuration(ApiId=api_id)

    staged, latest = _export(apigatewayv2, api_id, StageName="prod"), _export(apigatewayv2, api_id)

    assert list(staged["paths"]) == ["/deployed"]
    assert staged["paths"]["/deployed"]["get"]["x-amazon-apigateway-integration"]["uri"] == "https://e.com"
    assert staged["x-amazon-apigateway-cors"] == {"allowOrigins": ["https://a.com"]}
    assert list(latest["paths"]) == ["/deployed", "/undeployed"]
    assert "x-amazon-apigateway-cors" not in latest


def test_stage_without_deployment_exports_no_paths(apigatewayv2):
    api_id = apigatewayv2.import_api(Body=json.dumps(_doc(_route(_http()))))["ApiId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="empty")

    document = _export(apigatewayv2, api_id, StageName="empty")

    assert document["paths"] == {}
    assert document["servers"][0]["variables"]["basePath"]["default"] == "empty"


# --- fuzz: any OpenAPI-shaped document is answered, never a 500 -------------------------------------------


@pytest.mark.parametrize("area", sorted(AREAS))
def test_fuzzed_documents_are_answered_never_failed(apigatewayv2, area):
    """The REST API suite's documents (tests/apigateway/test_import_fidelity.py), here imported as HTTP APIs."""
    @FUZZ
    @given(document=documents(area), basepath=st.sampled_from(["ignore", "prepend", "split"]))
    def imported(document: dict[str, Any], basepath: str) -> None:
        _import_and_read(apigatewayv2, document, basepath)

    imported()


def _import_and_read(apigatewayv2: Any, document: dict[str, Any], basepath: str) -> None:
    body = json.dumps(document)
    created = answered(apigatewayv2.import_api, Body=body, Basepath=basepath)
    if created is None:
        return
    api_id = created["ApiId"]
    answered(apigatewayv2.reimport_api, ApiId=api_id, Body=body, Basepath=basepath)
    apigatewayv2.get_api(ApiId=api_id)
    apigatewayv2.get_apis()
    apigatewayv2.get_routes(ApiId=api_id)
    apigatewayv2.get_integrations(ApiId=api_id)
    apigatewayv2.get_authorizers(ApiId=api_id)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    if answered(apigatewayv2.create_deployment, ApiId=api_id, StageName="dev") is not None:
        answered(apigatewayv2.export_api, ApiId=api_id, OutputType="JSON", Specification="OAS30", StageName="dev")
    answered(apigatewayv2.export_api, ApiId=api_id, OutputType="YAML", Specification="OAS30")
    apigatewayv2.delete_api(ApiId=api_id)
