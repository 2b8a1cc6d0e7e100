"""A call no route matches, answered by a customised MISSING_AUTHENTICATION_TOKEN (or DEFAULT_4XX)
gateway response that sees the request: AWS's "Set up a gateway response for a REST API using the
API Gateway console" (``.../custErr/pets/5/type?q=1`` answers ``x-request-query: 1``,
``x-request-path: 5``, ``"stage": custErr``, ``"resourcePath": /pets/{petId}``)."""

from __future__ import annotations

import re

import requests

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
CONTEXT = ('{"requestId": "$context.requestId", "extendedRequestId": "$context.extendedRequestId", '
           '"apiId": "$context.apiId", "accountId": "$context.accountId", "stage": "$context.stage", '
           '"path": "$context.path", "httpMethod": "$context.httpMethod", "sourceIp": "$context.identity.sourceIp", '
           '"userAgent": "$context.identity.userAgent", "domainName": "$context.domainName", '
           '"protocol": "$context.protocol", "requestTime": "$context.requestTime", '
           '"resourcePath": "$context.resourcePath", "resourceId": "$context.resourceId", '
           '"q": "$input.params(\'q\')", "type": "$context.error.responseType"}')


def _pets_api(client):
    """GET /pets/{petId} (MOCK), as in AWS's walkthrough."""
    api = client.create_rest_api(name="custom-errors")
    api_id = api["id"]
    pets = client.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="pets")["id"]
    pet = client.create_resource(restApiId=api_id, parentId=pets, pathPart="{petId}")["id"]
    client.put_method(restApiId=api_id, resourceId=pet, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=pet, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=pet, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=pet, httpMethod="GET", statusCode="200")
    return api_id, api["rootResourceId"], pet


def test_the_console_walkthrough_of_missing_authentication_token(apigateway):
    api_id, _, _ = _pets_api(apigateway)
    apigateway.put_gateway_response(
        restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN", statusCode="404",
        responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'a.b.c'",
                            "gatewayresponse.header.x-request-id": "method.request.header.x-amzn-RequestId",
                            "gatewayresponse.header.x-request-path": "method.request.path.petId",
                            "gatewayresponse.header.x-request-query": "method.request.querystring.q"},
        responseTemplates={"application/json": '{"message":$context.error.messageString, '
                           '"type": "$context.error.responseType", "statusCode": "\'404\'", '
                           '"stage": "$context.stage", "resourcePath": "$context.resourcePath", '
                           '"stageVariables.a": "$stageVariables.a"}'})
    apigateway.create_deployment(restApiId=api_id, stageName="custErr", variables={"a": "a"})
    response = requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/custErr/pets/5/type?q=1",
                            headers={"x-amzn-RequestId": "123344566"}, timeout=5)
    assert response.status_code == 404
    assert response.json() == {"message": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN",
                               "statusCode": "'404'", "stage": "custErr", "resourcePath": "/pets/{petId}",
                               "stageVariables.a": "a"}
    assert {name: response.headers.get(name) for name in (
        "Access-Control-Allow-Origin", "x-amzn-ErrorType", "x-request-id", "x-request-path", "x-request-query")} == {
        "Access-Control-Allow-Origin": "a.b.c", "x-amzn-ErrorType": "MissingAuthenticationTokenException",
        "x-request-id": "123344566", "x-request-path": "5", "x-request-query": "1"}


def test_the_context_of_an_unmatched_route(apigateway):
    api_id, root, _ = _pets_api(apigateway)
    apigateway.put_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN",
                                    responseTemplates={"application/json": CONTEXT})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/nope/deeper?q=1",
                            headers={"User-Agent": "scanner/1.0", "X-Forwarded-For": "203.0.113.9"}, timeout=5)
    assert response.status_code == 403
    body = response.json()
    assert re.fullmatch(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000", body.pop("requestTime"))
    assert body == {
        "requestId": response.headers["x-amzn-RequestId"], "extendedRequestId": response.headers["x-amz-apigw-id"],
        "apiId": api_id, "accountId": DEFAULT_ACCOUNT, "stage": "dev", "path": "/dev/nope/deeper",
        "httpMethod": "GET", "sourceIp": "203.0.113.9", "userAgent": "scanner/1.0",
        "domainName": f"{api_id}.execute-api.{REGION}.amazonaws.com", "protocol": "HTTP/1.1",
        "resourcePath": "/", "resourceId": root,  # guess: the deepest resource on the path, the root here
        "q": "1", "type": "MISSING_AUTHENTICATION_TOKEN"}


def test_a_resource_without_the_method_names_that_resource(apigateway):
    api_id, _, pet = _pets_api(apigateway)
    apigateway.put_gateway_response(
        restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN",
        responseParameters={"gatewayresponse.header.X-Pet": "method.request.path.petId",
                            "gatewayresponse.header.X-In": "method.request.header.X-In"},
        responseTemplates={"application/json": '{"rp": "$context.resourcePath", "rid": "$context.resourceId", '
                           '"m": "$context.httpMethod", "pet": "$input.params(\'petId\')"}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.post(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/pets/5",
                             headers={"X-In": "hin"}, timeout=5)
    assert (response.status_code, response.json()) == (403, {"rp": "/pets/{petId}", "rid": pet, "m": "POST",
                                                             "pet": "5"})
    assert (response.headers["X-Pet"], response.headers["X-In"]) == ("5", "hin")


def test_default_4xx_sees_the_request_too(apigateway):
    api_id, _, _ = _pets_api(apigateway)
    apigateway.put_gateway_response(
        restApiId=api_id, responseType="DEFAULT_4XX",
        responseParameters={"gatewayresponse.header.X-Q": "method.request.querystring.q",
                            "gatewayresponse.header.X-Path": "method.request.path.petId"},
        responseTemplates={"application/json": '{"stage": "$context.stage", "m": $context.error.messageString}'})
    apigateway.create_deployment(restApiId=api_id, stageName="live")
    response = requests.delete(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/live/other?q=x", timeout=5)
    assert (response.status_code, response.json()) == (403, {"stage": "live", "m": "Missing Authentication Token"})
    assert response.headers["X-Q"] == "x"
    assert "X-Path" not in response.headers  # no path parameter on the root


def test_without_a_customised_response_the_answer_is_aws_default(apigateway):
    api_id, _, _ = _pets_api(apigateway)
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_5XX",  # not for a 403
                                    responseTemplates={"application/json": '{"five": 5}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    for url in (f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/nope?q=1",
                f"https://{api_id}.execute-api.{REGION}.amazonaws.com/nostage/pets/1"):
        response = requests.get(url, timeout=5)
        assert (response.status_code, response.text) == (403, '{"message":"Missing Authentication Token"}')
        assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
