"""ImportApi / ReimportApi / ExportApi of HTTP APIs against the OpenAPI extensions' reference pages.

Evidence: "x-amazon-apigateway-tag-value property" ("If you specify a tag name without the
x-amazon-apigateway-tag-value property, API Gateway creates a tag with an empty string for a
value", with the Owner/Prod example) and "x-amazon-apigateway-auth object" ("NONE" or "AWS_IAM",
case insensitive). Guesses (gwmock/openapi/v2_import.py): HTTP APIs read x-amazon-apigateway-auth
as REST APIs do, and another type is a warning.
"""

from __future__ import annotations

import json
from typing import Any

from helpers import assert_error, error_of

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:f"
LAMBDA = {"type": "aws_proxy", "httpMethod": "POST", "uri": FUNCTION, "payloadFormatVersion": "2.0"}


def _doc(**extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "probe", "version": "1"},
            "paths": {"/a": {"get": {"responses": {}, "x-amazon-apigateway-integration": LAMBDA}}}, **extra}


def _body(document: dict[str, Any]) -> str:
    return json.dumps(document)


def _export(client: Any, api_id: str) -> dict[str, Any]:
    answer = client.export_api(ApiId=api_id, OutputType="JSON", Specification="OAS30")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    return json.loads(answer["body"].read())


def _route(client: Any, api_id: str, key: str) -> dict[str, Any]:
    return next(r for r in client.get_routes(ApiId=api_id)["Items"] if r["RouteKey"] == key)


def test_tag_without_a_value_gets_the_empty_string(apigatewayv2):
    document = _doc(tags=[{"name": "Owner", "x-amazon-apigateway-tag-value": "Admin"}, {"name": "Prod"}])

    api = apigatewayv2.import_api(Body=_body(document))

    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["Tags"] == {"Owner": "Admin", "Prod": ""}
    assert apigatewayv2.get_tags(ResourceArn=f"arn:aws:apigateway:us-east-1::/apis/{api['ApiId']}")["Tags"] == {
        "Owner": "Admin", "Prod": ""}


def test_tag_without_a_value_round_trips_through_export(apigatewayv2):
    api_id = apigatewayv2.import_api(Body=_body(_doc(tags=[{"name": "Prod"}])))["ApiId"]

    exported = _export(apigatewayv2, api_id)
    again = apigatewayv2.import_api(Body=json.dumps(exported))

    assert exported["tags"] == [{"name": "Prod", "x-amazon-apigateway-tag-value": ""}]
    assert again["Tags"] == {"Prod": ""}


def test_auth_extension_makes_an_aws_iam_route(apigatewayv2):
    document = _doc()
    document["paths"]["/a"]["get"]["x-amazon-apigateway-auth"] = {"type": "aws_iam"}

    api = apigatewayv2.import_api(Body=_body(document))

    assert "Warnings" not in api
    assert _route(apigatewayv2, api["ApiId"], "GET /a")["AuthorizationType"] == "AWS_IAM"


def test_auth_extension_route_exports_as_sigv4_and_reimports(apigatewayv2):
    document = _doc()
    document["paths"]["/a"]["get"]["x-amazon-apigateway-auth"] = {"type": "AWS_IAM"}
    api_id = apigatewayv2.import_api(Body=_body(document))["ApiId"]

    exported = _export(apigatewayv2, api_id)
    reimported = apigatewayv2.reimport_api(ApiId=api_id, Body=json.dumps(exported))

    assert exported["paths"]["/a"]["get"]["security"] == [{"sigv4": []}]
    assert reimported["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert _route(apigatewayv2, api_id, "GET /a")["AuthorizationType"] == "AWS_IAM"


def test_auth_extension_none_wins_over_a_jwt_security_requirement(apigatewayv2):
    document = _doc(components={"securitySchemes": {"jwt": {"type": "oauth2", "x-amazon-apigateway-authorizer": {
        "type": "jwt", "identitySource": "$request.header.Authorization",
        "jwtConfiguration": {"issuer": "https://issuer.example.com", "audience": ["a"]}}}}})
    document["paths"]["/a"]["get"].update({"security": [{"jwt": ["read"]}],
                                           "x-amazon-apigateway-auth": {"type": "NONE"}})

    api_id = apigatewayv2.import_api(Body=_body(document))["ApiId"]

    route = _route(apigatewayv2, api_id, "GET /a")
    assert route["AuthorizationType"] == "NONE"
    assert "AuthorizerId" not in route and "AuthorizationScopes" not in route


def test_auth_extension_of_another_type_is_a_warning(apigatewayv2):
    document = _doc()
    document["paths"]["/a"]["get"]["x-amazon-apigateway-auth"] = {"type": "JWT"}

    api = apigatewayv2.import_api(Body=_body(document))
    refused = error_of(apigatewayv2.import_api, Body=_body(document), FailOnWarnings=True)

    warning = "Invalid authorization type 'JWT' for route 'GET /a'. Ignoring."
    assert api["Warnings"] == [warning]
    assert _route(apigatewayv2, api["ApiId"], "GET /a")["AuthorizationType"] == "NONE"
    assert_error(refused, "BadRequestException", "Warnings found during import:\n\t" + warning, 400)
    assert len(apigatewayv2.get_apis()["Items"]) == 1


def test_an_import_refuses_credentials_for_any_origin_as_create_api_does(apigatewayv2):
    document = {"openapi": "3.0.1", "info": {"title": "c", "version": "1"}, "paths": {},
                "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowCredentials": True}}
    error = error_of(apigatewayv2.import_api, Body=json.dumps(document))
    assert error["Error"]["Code"] == "BadRequestException"
    assert "allow-credentials is not supported if 'allow-origin' is *" in error["Error"]["Message"]
    assert apigatewayv2.get_apis()["Items"] == []
