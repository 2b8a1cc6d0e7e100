"""The real AWS CDK, more constructs: ``tests/consumers/cdk_app_more/app.py`` (synthesized once per worker
in a subprocess, as ``test_cdk_synth.py`` does for the first app) holds the constructs that app leaves out.
Each stack's template is deployed with ``gw.deploy_template``, called with ``requests`` / ``gw.websocket``
and read back with boto3.

* ``MoreRest``: ``LambdaRestApi(proxy=False)`` and its ``add_resource``/``add_method`` tree, a
  ``CognitoUserPoolsAuthorizer`` with scopes, a ``TokenAuthorizer`` with a validation regex and a cache
  TTL, an ``AwsIntegration`` to SQS (served by moto), gateway responses (``DEFAULT_4XX`` headers inherited,
  a custom ``MISSING_AUTHENTICATION_TOKEN``), stage caching and per-method options.
* ``MorePrivate``: a PRIVATE ``RestApi`` with a resource policy.
* ``MoreV2``: ``HttpApi`` with JWT and IAM authorizers, ``HttpUrlIntegration``, a
  ``default_domain_mapping``, an ``HttpStage`` with its own mapping key and a stage without auto-deploy;
  ``WebSocketApi`` with a ``$connect`` ``WebSocketLambdaAuthorizer`` and a route response.
* ``MoreSfn``: ``StepFunctionsRestApi``, whose request template (loops over ``$input.params()``,
  ``$util.escapeJavaScript``, ``replaceAll``, ``substring``) builds the execution input.
* ``MoreShared`` + ``MorePart``: the CDK guide's API split across stacks (``from_rest_api_attributes``,
  exports and ``Fn::ImportValue``), deployed by the second stack.
* ``MoreAlias``: Lambda integrations through an alias (a qualified function ARN), ``add_proxy`` on the
  root (the CDK puts a bare ``MOCK`` ANY on ``/``), an ``ApiKey`` with ``StageKeys``, a ``RateLimitedApiKey``.
* ``MoreManual``: ``RestApi(deploy=False)`` with a hand-made ``Deployment`` and ``Stage`` (a canary by
  escape hatch), a model referring to another by URL, a ``RequestValidator`` without a name, and a
  ``DomainName`` with a base path mapping and a multi-level API mapping (``AWS::ApiGatewayV2::ApiMapping``
  pointing at a REST API).
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from helpers import cdk_logical_id, cdk_synth, cdk_template, stack_output

APP = Path(__file__).parent / "cdk_app_more" / "app.py"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-2222-3333-4444-555555555555"


@pytest.fixture(scope="session")
def cdk_more(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cdk_synth(APP, tmp_path_factory.mktemp("cdk-more") / "cdk.out")


def _unsigned_jwt(claims: dict[str, Any]) -> str:
    """A JWT nobody signed: gwmock checks signatures only for issuers whose keys it knows."""
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'kid': 'k1'})}.{part(claims)}.{part({'sig': 0})}"


# -- MoreRest --------------------------------------------------------------------------------------


@pytest.fixture
def rest(gwmock, cdk_more):
    return gwmock.deploy_template(cdk_more / "MoreRest.template.json")


def _rest_api_id(stack: Any, cdk_more: Path, stack_name: str = "MoreRest") -> str:
    return stack.resources[cdk_logical_id(cdk_template(cdk_more, stack_name), "AWS::ApiGateway::RestApi")]


def test_lambda_rest_api_without_proxy_serves_only_its_tree(rest):
    url = stack_output(rest, "TreeApiEndpoint")

    books = requests.get(url + "books")
    book = requests.get(url + "books/4")
    not_declared = requests.post(url + "books")

    assert (books.status_code, books.json()["resource"]) == (200, "/books")
    assert (book.status_code, book.json()["pathParameters"]) == (200, {"id": "4"})
    # no {proxy+} and no ANY: an undeclared method is the (customized) MISSING_AUTHENTICATION_TOKEN response
    assert (not_declared.status_code, not_declared.json()) == (404, {"missing": "/prod/books"})
    assert not_declared.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_the_default_4xx_headers_reach_the_authorizers_401_but_not_a_customized_response(rest):
    url = stack_output(rest, "TreeApiEndpoint")

    unauthorized = requests.delete(url + "books/4")
    missing = requests.get(url + "nowhere")

    assert (unauthorized.status_code, unauthorized.json()) == (401, {"message": "Unauthorized"})
    assert unauthorized.headers["X-Gw"] == "4xx"
    assert (missing.status_code, missing.json()) == (404, {"missing": "/prod/nowhere"})
    assert "X-Gw" not in missing.headers


def test_the_cognito_authorizer_checks_the_pool_and_the_methods_scopes(rest):
    url = stack_output(rest, "TreeApiEndpoint") + "books/4"
    pool = rest.outputs["PoolArn"].split("/")[-1]
    claims = {"iss": f"https://cognito-idp.us-east-1.amazonaws.com/{pool}", "sub": "u-2", "token_use": "access",
              "scope": "books/admin", "client_id": "client-1", "exp": int(time.time()) + 600}

    allowed = requests.delete(url, headers={"Authorization": _unsigned_jwt(claims)})
    other_pool = requests.delete(url, headers={"Authorization": _unsigned_jwt(
        {**claims, "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"})})
    no_scope = requests.delete(url, headers={"Authorization": _unsigned_jwt({**claims, "scope": "books/read"})})

    assert allowed.status_code == 200
    assert allowed.json()["authorizer"]["claims"]["sub"] == "u-2"
    assert (other_pool.status_code, other_pool.json()) == (401, {"message": "Unauthorized"})
    assert (no_scope.status_code, no_scope.json()) == (401, {"message": "Unauthorized"})


def test_the_token_authorizer_regex_refuses_before_the_function(rest):
    url = stack_output(rest, "TreeApiEndpoint") + "me"

    missing = requests.get(url)
    off_pattern = requests.get(url, headers={"X-Auth": "Token good"})  # fails ^Bearer [a-z]+$
    refused = requests.get(url, headers={"X-Auth": "Bearer bad"})
    allowed = requests.get(url, headers={"X-Auth": "Bearer good"})

    assert [r.status_code for r in (missing, off_pattern, refused)] == [401, 401, 401]
    assert allowed.status_code == 200
    assert {k: allowed.json()["authorizer"][k] for k in ("principalId", "calls")} == {
        "principalId": "tok-user", "calls": "1"}


def test_the_sqs_aws_integration_sends_the_mapped_body_to_motos_queue(gwmock, cdk_more):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        stack = gwmock.deploy_template(cdk_more / "MoreRest.template.json")
        sqs = boto3.client("sqs", region_name="us-east-1")
        queue = sqs.create_queue(QueueName=stack.outputs["QueueName"])["QueueUrl"]

        answer = requests.post(stack_output(stack, "TreeApiEndpoint") + "orders", json={"sku": "pen"})
        messages = sqs.receive_message(QueueUrl=queue)["Messages"]

    assert (answer.status_code, answer.json()) == (202, {"queued": True})
    assert [m["Body"] for m in messages] == ['{"sku": "pen"}']


def test_the_tree_reads_back_as_declared(rest, cdk_more, apigateway):
    api_id = _rest_api_id(rest, cdk_more)
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id, embed=["methods"])["items"]}
    authorizers = {a["name"]: a for a in apigateway.get_authorizers(restApiId=api_id)["items"]}

    assert sorted(resources) == ["/", "/books", "/books/{id}", "/me", "/orders"]
    assert "resourceMethods" not in resources["/"]
    delete = resources["/books/{id}"]["resourceMethods"]["DELETE"]
    assert (delete["authorizationType"], delete["authorizerId"], delete["authorizationScopes"]) == (
        "COGNITO_USER_POOLS", authorizers["pool"]["id"], ["books/admin"])
    assert resources["/books/{id}"]["resourceMethods"]["GET"]["methodResponses"] == {
        "200": {"statusCode": "200", "responseModels": {"application/json": "Empty"}}}
    assert authorizers["pool"]["providerARNs"] == [rest.outputs["PoolArn"]]
    assert authorizers["pool"]["identitySource"] == "method.request.header.Authorization"
    bearer = authorizers["bearer"]
    assert (bearer["type"], bearer["identitySource"], bearer["identityValidationExpression"],
            bearer["authorizerResultTtlInSeconds"]) == ("TOKEN", "method.request.header.X-Auth", "^Bearer [a-z]+$", 300)
    orders = resources["/orders"]["resourceMethods"]["POST"]["methodIntegration"]
    role = rest.resources[cdk_logical_id(cdk_template(cdk_more, "MoreRest"), "AWS::IAM::Role", "SqsRole")]
    assert (orders["type"], orders["httpMethod"], orders["passthroughBehavior"]) == ("AWS", "POST", "NEVER")
    assert orders["uri"] == f"arn:aws:apigateway:us-east-1:sqs:path/123456789012/{rest.outputs['QueueName']}"
    assert orders["credentials"] == f"arn:aws:iam::123456789012:role/{role}"
    assert orders["integrationResponses"]["202"]["responseTemplates"] == {"application/json": '{"queued": true}'}


def test_stage_caching_and_method_options(rest, cdk_more, apigateway):
    stage = apigateway.get_stage(restApiId=_rest_api_id(rest, cdk_more), stageName="prod")

    assert (stage["cacheClusterEnabled"], stage["cacheClusterSize"]) == (True, "0.5")
    assert {k: stage["methodSettings"]["*/*"][k] for k in ("cachingEnabled", "cacheTtlInSeconds", "dataTraceEnabled")
            } == {"cachingEnabled": True, "cacheTtlInSeconds": 60, "dataTraceEnabled": True}
    book = stage["methodSettings"]["~1books~1{id}/GET"]
    assert (book["cachingEnabled"], book["loggingLevel"], book["dataTraceEnabled"]) == (False, "ERROR", False)


def test_gateway_responses_read_back_with_the_default_4xx_inherited(rest, cdk_more, apigateway):
    api_id = _rest_api_id(rest, cdk_more)
    default = apigateway.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")
    missing = apigateway.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    unauthorized = apigateway.get_gateway_response(restApiId=api_id, responseType="UNAUTHORIZED")

    assert (default["defaultResponse"], default["responseParameters"]) == (
        False, {"gatewayresponse.header.X-Gw": "'4xx'"})
    assert (missing["defaultResponse"], missing["statusCode"], missing["responseTemplates"]) == (
        False, "404", {"application/json": '{"missing": "$context.path"}'})
    assert (unauthorized["defaultResponse"], unauthorized["statusCode"], unauthorized["responseParameters"]) == (
        True, "401", {"gatewayresponse.header.X-Gw": "'4xx'"})


# -- MorePrivate -----------------------------------------------------------------------------------


def test_a_private_api_keeps_its_policy_and_refuses_public_calls(gwmock, cdk_more, apigateway):
    stack = gwmock.deploy_template(cdk_more / "MorePrivate.template.json")
    api = apigateway.get_rest_api(restApiId=_rest_api_id(stack, cdk_more, "MorePrivate"))

    answer = requests.get(stack_output(stack, "PrivateApiEndpoint"))

    assert api["endpointConfiguration"]["types"] == ["PRIVATE"]
    # GetRestApi answers the policy minified and backslash-escaped, as AWS stores it (openapi/document.py)
    policy = json.loads(api["policy"].replace('\\"', '"').replace("\\/", "/"))
    assert policy["Statement"][0]["Resource"] == f"arn:aws:execute-api:us-east-1:123456789012:{api['id']}/*"
    assert policy["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}}
    assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})


# -- MoreV2 ----------------------------------------------------------------------------------------


@pytest.fixture
def v2(gwmock, cdk_more):
    return gwmock.deploy_template(cdk_more / "MoreV2.template.json")


def test_the_jwt_authorizer_checks_audience_and_route_scopes(v2):
    url = v2.outputs["HttpUrl"] + "jwt"
    now = int(time.time())
    claims = {"iss": "https://issuer.example.com", "aud": "more-client", "sub": "u-1", "scope": "read write",
              "iat": now, "exp": now + 600}

    allowed = requests.get(url, headers={"Authorization": "Bearer " + _unsigned_jwt(claims)})
    no_scope = requests.get(url, headers={"Authorization": "Bearer " + _unsigned_jwt({**claims, "scope": "write"})})
    other_audience = requests.get(url, headers={"Authorization": "Bearer " + _unsigned_jwt({**claims, "aud": "x"})})
    missing = requests.get(url)

    assert allowed.status_code == 200
    assert allowed.json()["authorizer"]["jwt"]["scopes"] == ["read", "write"]
    assert allowed.json()["authorizer"]["jwt"]["claims"]["sub"] == "u-1"
    assert (no_scope.status_code, no_scope.json()) == (403, {"message": "Forbidden"})
    assert (other_audience.status_code, other_audience.json()) == (401, {"message": "Unauthorized"})
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})


def test_the_iam_authorizer_takes_a_sigv4_signed_call_only(v2):
    url = v2.outputs["HttpUrl"] + "iam"
    signed = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "secret"), "execute-api", "us-east-1").add_auth(signed)

    unsigned = requests.get(url)
    answered = requests.get(url, headers=dict(signed.headers))

    assert (unsigned.status_code, unsigned.json()) == (403, {"message": "Forbidden"})
    assert answered.status_code == 200
    assert answered.json()["authorizer"]["iam"]["accessKey"] == "AKIAIOSFODNN7EXAMPLE"


def test_the_default_domain_mapping_serves_the_default_stage(v2, apigatewayv2):
    through_domain = requests.post("https://api.more.example.com/echo", data="hi")
    unmapped_stage = requests.get(v2.outputs["HttpUrl"] + "staging/echo")  # auto_deploy=False: never deployed

    assert (through_domain.status_code, through_domain.json()["routeKey"], through_domain.json()["body"]) == (
        200, "ANY /echo", "hi")
    assert (unmapped_stage.status_code, unmapped_stage.json()) == (404, {"message": "Not Found"})
    domain = apigatewayv2.get_domain_name(DomainName="api.more.example.com")
    assert [(c["CertificateArn"], c["EndpointType"]) for c in domain["DomainNameConfigurations"]] == [
        (CERT, "REGIONAL")]
    mappings = apigatewayv2.get_api_mappings(DomainName="api.more.example.com")["Items"]
    assert ("", "$default") in [(m["ApiMappingKey"], m["Stage"]) for m in mappings]


def test_a_second_http_stage_behind_its_own_mapping_key(v2, cdk_more, apigatewayv2):
    api_id = v2.resources[cdk_logical_id(cdk_template(cdk_more, "MoreV2"), "AWS::ApiGatewayV2::Api", "MoreHttp")]

    mapped = requests.get("https://api.more.example.com/canary/echo")
    direct = requests.get(v2.outputs["HttpUrl"] + "canary/echo")

    # the mapping key stays in rawPath, as the stage name does on the execute-api host
    assert [(r.status_code, r.json()["stage"], r.json()["path"], r.json()["stageVariables"]) for r in (mapped, direct)
            ] == [(200, "canary", "/canary/echo", {"color": "blue"})] * 2
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="canary")
    assert (stage["Description"], stage["StageVariables"], stage["AutoDeploy"]) == (
        "the canary", {"color": "blue"}, True)
    assert stage["DefaultRouteSettings"] == {"DetailedMetricsEnabled": True, "ThrottlingBurstLimit": 2,
                                             "ThrottlingRateLimit": 3.0}
    keys = {m["ApiMappingKey"]: m["Stage"] for m in apigatewayv2.get_api_mappings(
        DomainName="api.more.example.com")["Items"]}
    assert keys == {"": "$default", "canary": "canary"}


def test_the_domains_alias_target_outputs(gwmock, v2, cdk_more, apigateway, apigatewayv2):
    manual = gwmock.deploy_template(cdk_more / "MoreManual.template.json")
    v1_domain = apigateway.get_domain_name(domainName="manual.example.com")
    (v2_domain,) = apigatewayv2.get_domain_name(DomainName="api.more.example.com")["DomainNameConfigurations"]

    # what a Route 53 alias record (targets.ApiGatewayDomain) reads: the regional name and its zone
    assert (manual.outputs["DomainTarget"], manual.outputs["DomainZone"]) == (
        v1_domain["regionalDomainName"], v1_domain["regionalHostedZoneId"])
    assert (v2.outputs["DomainTarget"], v2.outputs["DomainZone"]) == (
        v2_domain["ApiGatewayDomainName"], v2_domain["HostedZoneId"])
    assert v1_domain["regionalHostedZoneId"] == "Z1UJRXOUMOOFQ8"  # API Gateway's regional zone in us-east-1
    assert cdk_logical_id(cdk_template(cdk_more, "MoreManual"), "AWS::Route53::RecordSet") in manual.not_created


def test_the_http_api_reads_back_as_declared(v2, cdk_more, apigatewayv2):
    api_id = v2.resources[cdk_logical_id(cdk_template(cdk_more, "MoreV2"), "AWS::ApiGatewayV2::Api", "MoreHttp")]
    routes = {r["RouteKey"]: r for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]}
    integrations = {i["IntegrationId"]: i for i in apigatewayv2.get_integrations(ApiId=api_id)["Items"]}
    stages = {s["StageName"]: s for s in apigatewayv2.get_stages(ApiId=api_id)["Items"]}
    (authorizer,) = apigatewayv2.get_authorizers(ApiId=api_id)["Items"]

    assert sorted(routes) == ["ANY /echo", "GET /iam", "GET /jwt", "GET /site/{proxy+}"]
    assert sorted(stages) == ["$default", "canary", "staging"]
    assert (routes["GET /jwt"]["AuthorizationType"], routes["GET /jwt"]["AuthorizerId"],
            routes["GET /jwt"]["AuthorizationScopes"]) == ("JWT", authorizer["AuthorizerId"], ["read"])
    assert routes["GET /iam"]["AuthorizationType"] == "AWS_IAM"
    assert authorizer["JwtConfiguration"] == {"Audience": ["more-client"], "Issuer": "https://issuer.example.com"}
    site = integrations[routes["GET /site/{proxy+}"]["Target"].split("/")[1]]
    assert (site["IntegrationType"], site["IntegrationMethod"], site["IntegrationUri"], site["PayloadFormatVersion"]
            ) == ("HTTP_PROXY", "ANY", "https://backend.example.com/{proxy}", "1.0")
    assert (stages["staging"]["AutoDeploy"], "DeploymentId" in stages["staging"]) == (False, False)
    assert stages["$default"]["AutoDeploy"] is True


def test_the_websocket_connect_authorizer_and_its_context_on_every_route(gwmock, v2):
    from gwmock.runtime.websocket.connections import Rejected

    with pytest.raises(Rejected, match="HTTP 403"):
        gwmock.websocket(v2.outputs["WsUrl"] + "?key=nope")
    with pytest.raises(Rejected, match="HTTP 401"):
        gwmock.websocket(v2.outputs["WsUrl"])  # the identity source is missing: no call to the function
    conn = gwmock.websocket(v2.outputs["WsUrl"] + "?key=open")
    conn.send(json.dumps({"action": "say", "text": "hi"}))
    conn.close()

    assert [json.loads(m) for m in conn.received] == [
        {"route": "say", "room": "lobby", "body": json.dumps({"action": "say", "text": "hi"})}]


def test_the_websocket_api_reads_back_as_declared(v2, cdk_more, apigatewayv2):
    api_id = v2.resources[cdk_logical_id(cdk_template(cdk_more, "MoreV2"), "AWS::ApiGatewayV2::Api", "RoomApi")]
    routes = {r["RouteKey"]: r for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]}
    (authorizer,) = apigatewayv2.get_authorizers(ApiId=api_id)["Items"]
    responses = apigatewayv2.get_route_responses(ApiId=api_id, RouteId=routes["say"]["RouteId"])["Items"]

    assert (routes["$connect"]["AuthorizationType"], routes["$connect"]["AuthorizerId"]) == (
        "CUSTOM", authorizer["AuthorizerId"])
    assert (authorizer["AuthorizerType"], authorizer["IdentitySource"]) == (
        "REQUEST", ["route.request.querystring.key"])
    assert routes["say"]["RouteResponseSelectionExpression"] == "$default"
    assert [r["RouteResponseKey"] for r in responses] == ["$default"]


# -- MoreManual ------------------------------------------------------------------------------------


@pytest.fixture
def manual(gwmock, cdk_more):
    return gwmock.deploy_template(cdk_more / "MoreManual.template.json")


def test_a_model_referring_to_another_by_url_validates_the_nested_body(manual):
    url = manual.outputs["StageUrl"] + "notes"
    client = {"X-Client": "tests"}

    valid = requests.post(url, json={"tag": {"label": "abc"}}, headers=client)
    too_long = requests.post(url, json={"tag": {"label": "abcdef"}}, headers=client)
    no_label = requests.post(url, json={"tag": {}}, headers=client)
    no_header = requests.post(url, json={"tag": {"label": "abc"}})

    assert (valid.status_code, valid.json()["stage"]) == (200, "v2")
    assert (too_long.status_code, too_long.json()) == (400, {"message": "Invalid request body"})
    assert (no_label.status_code, no_label.json()) == (400, {"message": "Invalid request body"})
    assert (no_header.status_code, no_header.json()) == (
        400, {"message": "Missing required request parameters: [X-Client]"})


def test_the_hand_made_deployment_and_stage_with_a_canary(manual, cdk_more, apigateway):
    api_id = _rest_api_id(manual, cdk_more, "MoreManual")
    stage = apigateway.get_stage(restApiId=api_id, stageName="v2")
    api = apigateway.get_rest_api(restApiId=api_id)

    assert apigateway.get_deployment(restApiId=api_id, deploymentId=stage["deploymentId"])["description"] == "by hand"
    assert stage["variables"] == {"mode": "manual"}
    assert {k: stage["canarySettings"][k] for k in ("percentTraffic", "stageVariableOverrides", "useStageCache")} == {
        "percentTraffic": 0.0, "stageVariableOverrides": {"mode": "canary"}, "useStageCache": False}
    assert (api["minimumCompressionSize"], api["apiKeySource"], api["disableExecuteApiEndpoint"]) == (
        1024, "AUTHORIZER", False)
    (validator,) = apigateway.get_request_validators(restApiId=api_id)["items"]
    assert (validator["validateRequestBody"], validator["validateRequestParameters"]) == (True, True)


def test_a_rest_api_behind_a_base_path_and_a_multi_level_api_mapping(manual, cdk_more, apigateway, apigatewayv2):
    one = requests.post("https://manual.example.com/api/notes", json={"tag": {"label": "a"}}, headers={"X-Client": "t"})
    deep = requests.post("https://manual.example.com/deep/er/notes", json={"tag": {"label": "a"}},
                         headers={"X-Client": "t"})

    assert (one.status_code, one.json()["path"]) == (200, "/api/notes")
    assert (deep.status_code, deep.json()["path"], deep.json()["resource"]) == (200, "/deep/er/notes", "/notes")
    domain = apigateway.get_domain_name(domainName="manual.example.com")
    assert (domain["securityPolicy"], domain["regionalCertificateArn"]) == ("TLS_1_2", CERT)
    keys = sorted(m["ApiMappingKey"] for m in apigatewayv2.get_api_mappings(DomainName="manual.example.com")["Items"])
    assert keys == ["api", "deep/er"]
    api_id = _rest_api_id(manual, cdk_more, "MoreManual")
    with pytest.raises(ClientError) as refused:
        apigateway.delete_rest_api(restApiId=api_id)
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert refused.value.response["Error"]["Message"] == (
        f"Deleting RestApi {api_id} failed. Please remove all base path mappings related to the RestApi in your "
        "domains: manual.example.com")


def test_deleting_the_manual_stack_removes_the_mappings_first(manual, apigateway, apigatewayv2):
    manual.delete()

    assert apigateway.get_rest_apis()["items"] == []
    assert apigateway.get_domain_names()["items"] == []
    assert apigatewayv2.get_domain_names()["Items"] == []


# -- MoreSfn ---------------------------------------------------------------------------------------


def test_the_step_functions_request_template_builds_the_execution_input(gwmock, cdk_more):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():  # moto does not run StartSyncExecution: the request sent is what is checked
        stack = gwmock.deploy_template(cdk_more / "MoreSfn.template.json")
        requests.post(stack_output(stack, "SfnApiEndpoint") + "?q=1&tag=a%22b", json={"n": 1, "s": 'say "hi"'},
                      headers={"X-Hi": "there"})
    (line,) = [entry for entry in gwmock.requests[-1].log if "Endpoint request body after transformations" in entry]
    sent = json.loads(line.split("after transformations: ", 1)[1])
    execution_input = json.loads(sent["input"])
    machine = stack.resources[cdk_logical_id(cdk_template(cdk_more, "MoreSfn"), "AWS::StepFunctions::StateMachine")]

    assert machine.startswith("arn:aws:states:us-east-1:123456789012:stateMachine:MoreSfn-Machine")  # Ref: the ARN
    assert sent["stateMachineArn"] == machine
    assert execution_input["body"] == {"n": 1, "s": 'say "hi"'}
    assert execution_input["querystring"] == {"q": "1", "tag": 'a"b'}
    assert execution_input["header"]["X-Hi"] == "there"
    assert execution_input["path"] == {}


# -- MoreShared + MorePart -------------------------------------------------------------------------


def test_an_api_split_across_stacks_joins_through_exports(gwmock, cdk_more, apigateway):
    shared = gwmock.deploy_template(cdk_more / "MoreShared.template.json")
    part = gwmock.deploy_template(cdk_more / "MorePart.template.json")
    api_id = _rest_api_id(shared, cdk_more, "MoreShared")

    parts = requests.get(part.outputs["PartsUrl"])
    root = requests.get(part.outputs["PartsUrl"].removesuffix("parts"))

    assert part.outputs["PartsUrl"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/shared/parts"
    assert (parts.status_code, parts.json()) == (200, {"parts": ["a", "b"]})
    assert (root.status_code, root.json()) == (200, {"root": True})
    assert sorted(r["path"] for r in apigateway.get_resources(restApiId=api_id)["items"]) == ["/", "/parts"]


def test_an_export_in_use_keeps_its_stack(gwmock, cdk_more, apigateway):
    shared = gwmock.deploy_template(cdk_more / "MoreShared.template.json")
    part = gwmock.deploy_template(cdk_more / "MorePart.template.json")

    with pytest.raises(Exception, match=r"Export MoreShared:\S+ cannot be deleted as it is in use by MorePart"):
        shared.delete()
    part.delete()
    shared.delete()

    assert apigateway.get_rest_apis()["items"] == []


# -- MoreAlias -------------------------------------------------------------------------------------


@pytest.fixture
def alias(gwmock, cdk_more):
    return gwmock.deploy_template(cdk_more / "MoreAlias.template.json")


def test_integrations_through_a_lambda_alias_run_the_function(alias, cdk_more, apigateway):
    url = stack_output(alias, "AliasApiEndpoint")
    api_id = _rest_api_id(alias, cdk_more, "MoreAlias")

    proxied = requests.get(url + "x/y")
    http = requests.get(alias.outputs["HttpUrl"] + "any/thing")

    assert (proxied.status_code, proxied.json()["pathParameters"]) == (200, {"proxy": "x/y"})
    assert (http.status_code, http.json()["routeKey"], http.json()["path"]) == (200, "$default", "/any/thing")
    proxy = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/{proxy+}")
    uri = apigateway.get_integration(restApiId=api_id, resourceId=proxy["id"], httpMethod="ANY")["uri"]
    assert uri.endswith(":live/invocations")  # the alias ARN: function:NAME:live


def test_the_cdks_bare_mock_on_the_root_answers_500_as_on_aws(alias):
    # add_proxy mounted on / also adds ANY / with the root's default integration: a MOCK without
    # integration responses, which API Gateway cannot map (a configuration error, 500)
    answer = requests.get(stack_output(alias, "AliasApiEndpoint"))

    assert (answer.status_code, answer.json()) == (500, {"message": "Internal server error"})


def test_an_api_key_with_stage_keys_and_a_rate_limited_key(alias, cdk_more, apigateway):
    api_id = _rest_api_id(alias, cdk_more, "MoreAlias")
    keys = {k["name"]: k for k in apigateway.get_api_keys(includeValues=True)["items"]}
    (plan,) = apigateway.get_usage_plans()["items"]

    assert (keys["stage-key"]["value"], keys["stage-key"]["enabled"]) == ("stage-key-0123456789abcdef", True)
    assert keys["stage-key"]["stageKeys"] == [f"{api_id}/live"]
    # RateLimitedApiKey: a key, an unnamed plan (CloudFormation names it) and the UsagePlanKey joining them
    assert plan["name"].startswith("MoreAlias-LimitedUsagePlanResource")
    assert (plan["apiStages"], plan["quota"], plan["throttle"]) == (
        [{"apiId": api_id, "stage": "live"}], {"limit": 2, "offset": 0, "period": "DAY"},
        {"burstLimit": 50, "rateLimit": 100.0})
    assert [(k["id"], k["type"]) for k in apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]] == [
        (keys["limited"]["id"], "API_KEY")]
    alias.delete()
    assert (apigateway.get_usage_plans()["items"], apigateway.get_api_keys()["items"]) == ([], [])
