"""TestInvokeMethod (MOCK pipeline, VTL, errors) and TestInvokeAuthorizer."""

from __future__ import annotations

import json
import re
import time

import boto3
import pytest
from helpers import assert_error, assert_matches, error_of, recorded

_STAMP = re.compile(r"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : ")


def _as_recorded(response, n):
    """Shape a TestInvokeMethod answer as the recording stores it: body parsed, log split and
    scrubbed of timestamps and the request id."""
    out = dict(response)
    out["body"] = json.loads(response["body"])
    lines = response["log"].split("\n")
    request_id = lines[0].rsplit(" ", 1)[-1]
    out["log"] = {
        f"line{i:02d}": _STAMP.sub("DDD MMM dd hh:mm:ss UTC yyyy : ", line).replace(request_id, f"<request-id-{n}>")
        for i, line in enumerate(lines)
    }
    return out


def _pets_api(client):
    """The scenario of test_invoke_test_method: /pets (GET) and /pets/{petId} (GET, POST), all MOCK."""
    api = client.create_rest_api(name="aws lambda api")
    api_id, root = api["id"], api["rootResourceId"]
    pets = client.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    pet = client.create_resource(restApiId=api_id, parentId=pets, pathPart="{petId}")["id"]
    status_template = {"application/json": json.dumps({"statusCode": 200})}
    for verb in ("GET", "POST"):
        client.put_method(restApiId=api_id, resourceId=pet, httpMethod=verb, authorizationType="NONE",
                          requestParameters={"method.request.path.petId": True})
        client.put_method_response(restApiId=api_id, resourceId=pet, httpMethod=verb, statusCode="200")
        client.put_integration(restApiId=api_id, resourceId=pet, httpMethod=verb, type="MOCK",
                               integrationHttpMethod="GET",
                               requestParameters={"integration.request.path.id": "method.request.path.petId"},
                               requestTemplates=status_template)
        client.put_integration_response(
            restApiId=api_id, resourceId=pet, httpMethod=verb, statusCode="200",
            responseTemplates={"application/json": json.dumps({"petId": "$input.params('petId')"})})
    client.put_method(restApiId=api_id, resourceId=pets, httpMethod="GET", authorizationType="NONE")
    client.put_method_response(restApiId=api_id, resourceId=pets, httpMethod="GET", statusCode="200")
    client.put_integration(restApiId=api_id, resourceId=pets, httpMethod="GET", type="MOCK",
                           requestTemplates=status_template)
    client.put_integration_response(restApiId=api_id, resourceId=pets, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": json.dumps({"pets": "all the pets"})})
    return api_id, pets, pet


@pytest.mark.parametrize(("target", "verb", "kwargs", "step"), [
    ("pets", "GET", {"pathWithQueryString": "/pets"}, "test-invoke-method-get-pets"),
    ("pets", "GET", {"pathWithQueryString": "/random/test"}, "test-invoke-method-get-pets-bad-path"),
    ("pet", "GET", {"pathWithQueryString": "/pets/123"}, "test-invoke-method-get-pets-id"),
    ("pet", "GET", {}, "test-invoke-method-get-pets-id-no-path"),
    ("pet", "GET", {"pathWithQueryString": "/random/test"}, "test-invoke-method-get-pets-id-bad-path"),
    ("pet", "GET", {"pathWithQueryString": "/pets/123?foo=bar"}, "test-invoke-method-get-with-qs"),
    ("pet", "POST", {"pathWithQueryString": "/pets/123", "body": json.dumps({"foo": "bar"})},
     "test-invoke-method-post-with-body"),
])
def test_invoke_mock_methods_like_aws(apigateway, target, verb, kwargs, step):
    api_id, pets, pet = _pets_api(apigateway)
    resource = pets if target == "pets" else pet
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=resource, httpMethod=verb, **kwargs)
    expected = recorded("api", "test_invoke_test_method", step)
    n = re.search(r"<request-id-(\d+)>", expected["log"]["line00"]).group(1)
    assert_matches(_as_recorded(response, n), expected)
    assert isinstance(response["latency"], int)


def test_invoke_errors_like_aws(apigateway):
    api_id, pets, pet = _pets_api(apigateway)
    scenario = "test_invoke_test_method"
    assert_matches(error_of(apigateway.test_invoke_method, restApiId=api_id, resourceId=pet, httpMethod="PUT"),
                   recorded("api", scenario, "resource-method-not-found"))
    assert_matches(error_of(apigateway.test_invoke_method, restApiId=api_id, resourceId="nope", httpMethod="GET"),
                   recorded("api", scenario, "resource-id-not-found"))
    assert_matches(error_of(apigateway.test_invoke_method, restApiId="nope", resourceId=pet, httpMethod="GET"),
                   recorded("api", scenario, "rest-api-not-found"))


def _root_method(client, integration=None, **method):
    api = client.create_rest_api(name="one")
    api_id, root = api["id"], api["rootResourceId"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE", **method)
    if integration is not None:
        client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", **integration)
    return api_id, root


def test_invoke_http_integration_fails_like_an_unreachable_endpoint(apigateway):
    api_id, root = _root_method(apigateway, {"type": "HTTP", "integrationHttpMethod": "GET",
                                             "uri": "http://example.invalid/pets"})
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert_matches(_as_recorded(response, 1), recorded("api", "test_failed_invoke_test_method", "test-invoke-failure"))


def test_invoke_lambda_proxy_fails_with_500(apigateway):
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")
    api_id, root = _root_method(apigateway, {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": uri})
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert response["status"] == 500
    assert json.loads(response["body"]) == {"message": "Internal server error"}
    assert response["headers"] == {"x-amzn-ErrorType": "InternalServerErrorException"}
    assert "Execution failed due to configuration error" in response["log"]


def test_invoke_lambda_that_calls_the_mock_back(apigateway, gwmock):
    # the function calls API Gateway from its worker thread while TestInvokeMethod waits for it: it
    # is answered at once (it waited on the operation's lock until the integration timed out: 504)
    region = apigateway.meta.region_name

    def fn(event, context):
        names = [api["name"] for api in boto3.client("apigateway", region_name=region).get_rest_apis()["items"]]
        return {"statusCode": 200, "body": ",".join(names)}

    gwmock.add_lambda("f", fn)
    uri = (f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
           f"arn:aws:lambda:{region}:123456789012:function:f/invocations")
    api_id, root = _root_method(apigateway, {"type": "AWS_PROXY", "integrationHttpMethod": "POST", "uri": uri,
                                             "timeoutInMillis": 5000})
    started = time.monotonic()
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert (response["status"], response["body"]) == (200, "one")
    assert time.monotonic() - started < 2


def test_invoke_without_integration(apigateway):
    api_id, root = _root_method(apigateway)
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert response["status"] == 500
    assert "No integration defined for method" in response["log"]


def _mock(client, request_template, responses, **integration):
    api_id, root = _root_method(client, {"type": "MOCK", "requestTemplates": {"application/json": request_template},
                                         **integration})
    for status, extra in responses.items():
        client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode=status,
                                   responseParameters={"method.response.header.X-Custom": False})
        client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode=status,
                                        **extra)
    return api_id, root


def test_mock_status_selects_the_integration_response(apigateway):
    api_id, root = _mock(apigateway, '{"statusCode": $input.params("code")}', {
        "200": {"responseTemplates": {"application/json": '{"ok": true}'}},
        "404": {"selectionPattern": "4\\d{2}", "responseTemplates": {"application/json": '{"ok": false}'},
                "responseParameters": {"method.response.header.X-Custom": "'missing'"}},
    })
    ok = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                       pathWithQueryString="/?code=200")
    assert (ok["status"], json.loads(ok["body"])) == (200, {"ok": True})
    missing = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                            pathWithQueryString="/?code=404")
    assert (missing["status"], json.loads(missing["body"])) == (404, {"ok": False})
    assert missing["headers"] == {"X-Custom": "missing", "Content-Type": "application/json"}
    assert missing["multiValueHeaders"] == {"X-Custom": ["missing"], "Content-Type": ["application/json"]}
    # 500 matches nothing and falls back to the default response
    other = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                          pathWithQueryString="/?code=500")
    assert other["status"] == 200


def test_mock_without_a_matching_response(apigateway):
    api_id, root = _mock(apigateway, '{"statusCode": 500}', {"200": {"selectionPattern": "2\\d{2}"}})
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert response["status"] == 500
    assert "No match for output mapping and no default output mapping configured" in response["log"]


def test_mock_unparsable_status(apigateway):
    api_id, root = _mock(apigateway, "not json", {"200": {}})
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert response["status"] == 500
    assert "Unable to parse statusCode" in response["log"]


def test_mock_vtl_context_stage_variables_and_util(apigateway):
    template = "\n".join([
        '{"stage": "$context.stage", "method": "$context.httpMethod", "resource": "$context.resourcePath",',
        ' "var": "$stageVariables.env", "unknown": "$stageVariables.nope",',
        ' "escaped": "$util.escapeJavaScript($input.params(\'q\'))", "b64": "$util.base64Encode(\'hi\')",',
        ' "header": "$input.params().header.get(\'X-Id\')", "id": "$input.params(\'x-id\')",',
        ' "list": "#foreach($t in [1, 2, 3])$t#if($foreach.hasNext),#end#end"}',
    ])
    api_id, root = _mock(apigateway, '{"statusCode": 200}', {"200": {"responseTemplates": {
        "application/json": template}}})
    response = apigateway.test_invoke_method(
        restApiId=api_id, resourceId=root, httpMethod="GET", pathWithQueryString="/?q=it's",
        headers={"X-Id": "42"}, stageVariables={"env": "dev"})
    assert response["status"] == 200
    # escapeJavaScript escapes single quotes, which JSON then refuses (as on AWS)
    assert '"escaped": "it' + "\\'" + 's"' in response["body"]
    assert json.loads(response["body"].replace("\n", " ").replace("\\'", "'")) == {
        "stage": "test-invoke-stage", "method": "GET", "resource": "/", "var": "dev", "unknown": "",
        "escaped": "it's", "b64": "aGk=", "header": "42", "id": "42", "list": "1,2,3"}
    assert "Method request headers: {X-Id=42}" in response["log"]
    assert "Method request query string: {q=it's}" in response["log"]


def test_vtl_json_paths_on_the_request_body(apigateway):
    """The request template sees the method request body ($input.path/$input.json)."""
    template = "#set($pet = $input.path('$.pet'))\n{\"statusCode\": $pet.code}"
    api_id, root = _mock(apigateway, template, {
        "201": {"selectionPattern": "201", "responseTemplates": {"application/json": '{"created": true}'}},
        "200": {"responseTemplates": {"application/json": "{}"}},
    })
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                             body=json.dumps({"pet": {"code": 201}}))
    assert (response["status"], json.loads(response["body"])) == (201, {"created": True})


def test_passthrough_never_refuses_unknown_content_types(apigateway):
    api_id, root = _mock(apigateway, '{"statusCode": 200}', {"200": {}}, passthroughBehavior="NEVER")
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                             headers={"Content-Type": "text/plain"}, body="hello")
    assert response["status"] == 415
    assert json.loads(response["body"]) == {"message": "Unsupported Media Type"}


def test_passthrough_when_no_match_uses_the_body(apigateway):
    api_id, root = _mock(apigateway, '{"statusCode": 404}', {
        "200": {}, "404": {"selectionPattern": "404"}})
    response = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                             headers={"Content-Type": "text/plain"},
                                             body='{"statusCode": 404}')
    assert response["status"] == 404
    assert response["body"] == ""


# --- TestInvokeAuthorizer -----------------------------------------------------------------


def _authorizer(client, **extra):
    api_id = client.create_rest_api(name="auth")["id"]
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations")
    authorizer = client.create_authorizer(restApiId=api_id, name="a", type="TOKEN", authorizerUri=uri,
                                          identitySource="method.request.header.Authorization", **extra)
    return api_id, authorizer["id"]


def test_invoke_authorizer_without_token_is_unauthorized(apigateway):
    api_id, authorizer_id = _authorizer(apigateway)
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id)
    assert response["clientStatus"] == 401
    assert response["log"].startswith("Execution log for request ")


def test_invoke_authorizer_validation_expression(apigateway):
    api_id, authorizer_id = _authorizer(apigateway, identityValidationExpression="Bearer .+")
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                 headers={"Authorization": "Basic x"})
    assert response["clientStatus"] == 401


def test_invoke_authorizer_cannot_reach_lambda(apigateway):
    api_id, authorizer_id = _authorizer(apigateway)
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                 headers={"Authorization": "Bearer x"})
    assert response["clientStatus"] == 500
    assert "Execution failed due to configuration error" in response["log"]


def _policy(effect, resource):
    return {"Version": "2012-10-17",
            "Statement": [{"Effect": effect, "Action": "execute-api:Invoke", "Resource": resource}]}


def _token_authorizer(event, context):
    if event["authorizationToken"] == "unauthorized":
        raise Exception("Unauthorized")
    if event["authorizationToken"] == "broken":
        raise ValueError("boom")
    return {"principalId": "user-1", "policyDocument": _policy("Allow", event["methodArn"]),
            "context": {"tier": "gold", "level": 3, "admin": False}}


def test_invoke_authorizer_calls_the_lambda_function_added_to_the_mock(apigateway, gwmock):
    gwmock.add_lambda("auth", _token_authorizer)
    api_id, authorizer_id = _authorizer(apigateway)
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                 headers={"Authorization": "Bearer x"})
    arn = f"arn:aws:execute-api:us-east-1:123456789012:{api_id}/test-invoke-stage/GET/"
    assert (response["clientStatus"], response["principalId"]) == (200, "user-1")
    assert json.loads(response["policy"]) == _policy("Allow", arn)
    assert response["authorization"] == {"tier": ["gold"], "level": ["3"], "admin": ["false"]}
    assert response["log"].count("Starting authorizer") == 1


@pytest.mark.parametrize(("token", "status"), [("unauthorized", 401), ("broken", 500)])
def test_invoke_authorizer_answers_the_function_s_refusal_and_failure(apigateway, gwmock, token, status):
    gwmock.add_lambda("auth", _token_authorizer)
    api_id, authorizer_id = _authorizer(apigateway)
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                 headers={"Authorization": token})
    assert response["clientStatus"] == status
    assert "principalId" not in response and "policy" not in response


def test_invoke_request_authorizer_gets_the_path_query_and_stage_variables(apigateway, gwmock):
    seen = []
    gwmock.add_lambda("auth", lambda event, context: seen.append(event) or {
        "principalId": "p", "policyDocument": _policy("Deny", "*")})
    api_id = apigateway.create_rest_api(name="auth")["id"]
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations")
    authorizer_id = apigateway.create_authorizer(
        restApiId=api_id, name="r", type="REQUEST", authorizerUri=uri, authorizerResultTtlInSeconds=300,
        identitySource="method.request.querystring.q,stageVariables.env")["id"]
    missing = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                pathWithQueryString="/pets?q=1")
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                 pathWithQueryString="/pets?q=1", stageVariables={"env": "dev"})
    assert (missing["clientStatus"], response["clientStatus"], response["principalId"]) == (401, 200, "p")
    assert len(seen) == 1  # never from the result cache, and not called without its identity
    assert (seen[0]["type"], seen[0]["path"], seen[0]["queryStringParameters"], seen[0]["stageVariables"]) == (
        "REQUEST", "/pets", {"q": "1"}, {"env": "dev"})


def test_a_function_calling_the_mock_back_does_not_wait_on_it(apigateway, gwmock):
    def calls_back(event, context):
        boto3.client("apigateway", region_name="us-east-1").get_rest_apis()
        return {"principalId": "p", "policyDocument": _policy("Allow", "*")}

    gwmock.add_lambda("auth", calls_back)
    api_id, authorizer_id = _authorizer(apigateway)
    response = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=authorizer_id,
                                                 headers={"Authorization": "t"})
    assert response["clientStatus"] == 200


def test_invoke_authorizer_unknown(apigateway):
    api_id, _ = _authorizer(apigateway)
    response = error_of(apigateway.test_invoke_authorizer, restApiId=api_id, authorizerId="nope")
    assert_error(response, "NotFoundException", "Invalid Authorizer identifier specified", 404)


# --- serving a deployed stage (gwmock.runtime.rest.stage, the execute-api entry point) ----------


def _call(gwmock, api_id, path, verb="GET", chance=None, stage="dev"):
    from gwmock.context import Context
    from gwmock.runtime.rest.stage import call_stage

    ctx = Context("apigateway", "Invoke", "123456789012", "us-east-1", gwmock.backend)
    options = {} if chance is None else {"chance": chance}
    return call_stage(ctx, api_id, stage, verb, path, **options)


_CANARY_TEMPLATE = json.dumps({
    "statusCode": 200, "message": "MESSAGE", "variable": "$stageVariables.testVar",
    "nonExistingDefault": "$stageVariables.noStageVar", "nonOverridden": "$stageVariables.defaultVar",
    "isCanary": "$context.isCanaryRequest"})


def test_stage_serves_its_deployment_and_canary(apigateway, gwmock):
    scenario = "test_invoking_canary_deployment"
    api_id, root = _mock(apigateway, '{"statusCode": 200}', {"200": {"responseTemplates": {
        "application/json": _CANARY_TEMPLATE.replace("MESSAGE", "default deployment")}}})
    first = apigateway.create_deployment(restApiId=api_id, stageName="dev",
                                         variables={"testVar": "default", "defaultVar": "default"})
    assert_matches(first, recorded("canary", scenario, "create-deployment-1"))
    apigateway.update_integration_response(
        restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
        patchOperations=[{"op": "replace", "path": "/responseTemplates/application~1json",
                          "value": _CANARY_TEMPLATE.replace("MESSAGE", "canary deployment")}])
    second = apigateway.create_deployment(restApiId=api_id)
    assert_matches(second, recorded("canary", scenario, "create-deployment-2"))
    answer = _call(gwmock, api_id, "/")
    assert answer.status == 200
    assert json.loads(answer.body) == recorded("canary", scenario, "response-deployment-1")
    stage = apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/canarySettings/deploymentId", "value": second["id"]},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "100"},
        {"op": "replace", "path": "/canarySettings/stageVariableOverrides/testVar", "value": "canary"},
        {"op": "replace", "path": "/canarySettings/stageVariableOverrides/noStageVar", "value": "canary"}])
    assert_matches(stage, recorded("canary", scenario, "update-stage"))
    answer = _call(gwmock, api_id, "/")
    assert json.loads(answer.body) == recorded("canary", scenario, "response-canary-deployment")
    # the split follows percentTraffic
    assert json.loads(_call(gwmock, api_id, "/", chance=lambda: 0.999).body)["isCanary"] == "true"
    apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "30"}])
    assert json.loads(_call(gwmock, api_id, "/", chance=lambda: 0.29).body)["isCanary"] == "true"
    assert json.loads(_call(gwmock, api_id, "/", chance=lambda: 0.31).body)["isCanary"] == "false"


def test_stage_routes_from_the_snapshot(apigateway, gwmock):
    api_id, pets, pet = _pets_api(apigateway)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    answer = _call(gwmock, api_id, "/pets/7?x=1")
    assert (answer.status, json.loads(answer.body)) == (200, {"petId": "7"})
    assert json.loads(_call(gwmock, api_id, "/pets").body) == {"pets": "all the pets"}
    # a method added after the deployment is not served until the next one
    apigateway.put_method(restApiId=api_id, resourceId=pets, httpMethod="POST", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=pets, httpMethod="POST", type="MOCK")
    for path, verb, stage in (("/pets", "POST", "dev"), ("/nothing", "GET", "dev"), ("/pets", "GET", "prod")):
        missing = _call(gwmock, api_id, path, verb, stage=stage)
        assert (missing.status, missing.body) == (403, '{"message":"Missing Authentication Token"}')


def test_invoke_method_calls_a_registered_lambda(apigateway, gwmock):
    seen = []
    gwmock.add_lambda("pets", lambda event, context: seen.append(event) or {"statusCode": 201, "body": "made"})
    api = apigateway.create_rest_api(name="lambda-test-invoke")
    resource = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    apigateway.put_method(restApiId=api["id"], resourceId=resource["id"], httpMethod="POST",
                          authorizationType="NONE")
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:pets/invocations")
    apigateway.put_integration(restApiId=api["id"], resourceId=resource["id"], httpMethod="POST",
                               type="AWS_PROXY", integrationHttpMethod="POST", uri=uri)
    answer = apigateway.test_invoke_method(restApiId=api["id"], resourceId=resource["id"], httpMethod="POST",
                                           body='{"name": "rex"}')
    assert (answer["status"], answer["body"]) == (201, "made")
    assert seen[0]["body"] == '{"name": "rex"}' and seen[0]["httpMethod"] == "POST"


def test_invoke_method_leaves_headers_without_values_out_of_the_proxy_event(apigateway, gwmock):
    seen = []
    gwmock.add_lambda("pets", lambda event, context: seen.append(event) or {"statusCode": 200})
    api = apigateway.create_rest_api(name="lambda-test-invoke")
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:pets/invocations")
    api_id, root = api["id"], api["rootResourceId"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=uri)
    for given in ({"X-Empty": [], "X-Two": ["a", "b"]}, {"X-Empty": []}):
        answer = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="GET",
                                               multiValueHeaders=given)
        assert answer["status"] == 200
    # a name with no value is not sent (guess: as AWS drops empty maps, it drops empty lists)
    assert (seen[0]["headers"], seen[0]["multiValueHeaders"]) == ({"X-Two": "b"}, {"X-Two": ["a", "b"]})
    assert (seen[1]["headers"], seen[1]["multiValueHeaders"]) == (None, None)
