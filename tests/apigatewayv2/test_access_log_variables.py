"""``$context`` variables of each API type in access logs (``gwmock/runtime/access_logs.py`` has the
lists and the evidence): an HTTP or WebSocket stage refuses a format naming a variable its type does not
list ("The following context variables are not supported: [...]", serverless/serverless#7027,
anomalyco/sst#2587), a REST stage takes any name and writes ``-``; equivalent variables carry one value;
each type writes only its own variables."""

from __future__ import annotations

import time

import pytest
from helpers import assert_error, error_of

from gwmock.runtime import access_logs

REGION = "us-east-1"
ACCOUNT = "123456789012"
GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:api-access"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"
NO_REQUEST_ID = "Access Log format must include either $context.requestId or $context.extendedRequestId"

pytestmark = pytest.mark.gwmock(region=REGION)


def _not_supported(*names):
    return f"The following context variables are not supported: [{', '.join(names)}]"


def _api(client, protocol):
    extra = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    return client.create_api(Name=protocol.lower(), ProtocolType=protocol, **extra)["ApiId"]


def _logs(fmt):
    return {"DestinationArn": GROUP_ARN, "Format": fmt}


def _create_refused(client, api_id, message, fmt):
    assert_error(error_of(client.create_stage, ApiId=api_id, StageName="dev", AccessLogSettings=_logs(fmt)),
                 "BadRequestException", message, 400)
    assert client.get_stages(ApiId=api_id)["Items"] == []


# --- the control plane: what each type refuses ----------------------------------------------------


@pytest.mark.parametrize(("protocol", "fmt", "refused"), [
    # sst#2587: HTTP APIs refuse the Cognito identity id the HTTP page lists
    ("HTTP", "$context.requestId $context.identity.cognitoIdentityId", ["$context.identity.cognitoIdentityId"]),
    ("HTTP", "$context.requestId $context.eventType $context.connectionId", ["$context.eventType",
                                                                            "$context.connectionId"]),
    ("HTTP", "$context.requestId $context.resourcePath $context.xrayTraceId", ["$context.resourcePath",
                                                                              "$context.xrayTraceId"]),
    ("WEBSOCKET", "$context.requestId $context.httpMethod $context.path", ["$context.httpMethod",
                                                                          "$context.path"]),
    ("WEBSOCKET", "$context.requestId $context.responseLength $context.dataProcessed",
     ["$context.responseLength", "$context.dataProcessed"]),
])
def test_a_variable_the_type_does_not_list_is_refused(apigatewayv2, protocol, fmt, refused):
    api_id = _api(apigatewayv2, protocol)

    _create_refused(apigatewayv2, api_id, _not_supported(*refused), fmt)


def test_each_name_is_listed_once_in_the_format_s_order(apigatewayv2):
    api_id = _api(apigatewayv2, "HTTP")
    fmt = "$context.requestId $context.zeta $context.alpha $context.zeta $context.identity.apiKey $context.alpha"

    _create_refused(apigatewayv2, api_id, _not_supported("$context.zeta", "$context.alpha",
                                                         "$context.identity.apiKey"), fmt)


def test_a_name_runs_on_through_hyphens(apigatewayv2):
    # a user's deploy log: [$context.request.header.mcp-method, $context.request.header.mcp-protocol-version]
    api_id = _api(apigatewayv2, "HTTP")
    fmt = "$context.requestId $context.request.header.mcp-method $context.request.header.mcp-protocol-version"

    _create_refused(apigatewayv2, api_id, _not_supported("$context.request.header.mcp-method",
                                                         "$context.request.header.mcp-protocol-version"), fmt)


@pytest.mark.parametrize("protocol", ["HTTP", "WEBSOCKET"])
@pytest.mark.parametrize("fmt", [
    "$context.requestId $context.authorizer.principalId $context.authorizer.tenant $context.authorizer.error",
    "$context.requestId $context.identity.sourceIp $context.identity.userAgent $context.status",
    "$context.requestId-$context.status.$context.stage-",  # a hyphen or dot not followed by a name is text
    '{"id":"$context.requestId","route":"$context.routeKey","e":$context.error.messageString}',
    "$context.extendedRequestId $context.integration.latency $context.integrationStatus $context.é",
])
def test_formats_of_listed_variables_are_taken(apigatewayv2, protocol, fmt):
    api_id = _api(apigatewayv2, protocol)

    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(fmt))

    assert stage["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["AccessLogSettings"] == _logs(fmt)


@pytest.mark.parametrize(("protocol", "fmt"), [
    ("HTTP", "$context.requestId $context.authorizer.claims.sub $context.customDomain.basePathMatched "
             "$context.identity.clientCert.subjectDN $context.awsEndpointRequestId2 $context.dataProcessed"),
    ("WEBSOCKET", "$context.requestId $context.eventType $context.connectionId $context.connectedAt "
                  "$context.messageId $context.identity.apiKeyId $context.identity.cognitoIdentityId "
                  "$context.error.validationErrorString $context.authorize.status"),
])
def test_each_type_takes_its_own_variables(apigatewayv2, protocol, fmt):
    api_id = _api(apigatewayv2, protocol)

    assert apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs(fmt))[
        "AccessLogSettings"]["Format"] == fmt


def test_the_request_id_check_comes_first(apigatewayv2):
    # guess: the format's other checks run before the variables are looked at
    api_id = _api(apigatewayv2, "WEBSOCKET")

    _create_refused(apigatewayv2, api_id, NO_REQUEST_ID, "$context.status $context.httpMethod")


def test_update_stage_refuses_and_keeps_the_stage_as_it_was(apigatewayv2):
    api_id = _api(apigatewayv2, "HTTP")
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=_logs("$context.requestId"),
                              Description="one")
    before = apigatewayv2.get_stage(ApiId=api_id, StageName="dev")

    response = error_of(apigatewayv2.update_stage, ApiId=api_id, StageName="dev", Description="two",
                        AccessLogSettings=_logs("$context.requestId $context.resourceId"))

    assert_error(response, "BadRequestException", _not_supported("$context.resourceId"), 400)
    after = apigatewayv2.get_stage(ApiId=api_id, StageName="dev")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}


def test_a_rest_stage_takes_any_name_and_writes_a_dash(gwmock, apigateway):
    # azul#4348: a REST API's access log line shows "routeKey": "-"
    api = apigateway.create_rest_api(name="pets")
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                               type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                   statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                        statusCode="200", responseTemplates={"application/json": "{}"})
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    fmt = "$context.routeKey $context.eventType $context.dataProcessed $context.stage $context.requestId"

    updated = apigateway.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": GROUP_ARN},
        {"op": "replace", "path": "/accessLogSettings/format", "value": fmt}])
    answer = gwmock.invoke("GET", f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/")

    assert updated["accessLogSettings"]["format"] == fmt
    assert gwmock.requests[-1].access_log == f"- - - dev {answer.headers['x-amzn-RequestId']}"


# --- the data plane: equivalent variables, each type's own ------------------------------------------


def _http_api(client, gw, fmt, function):
    gw.add_lambda(FN, function)
    api = client.create_api(Name="items", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="GET /items/{id}", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True, AccessLogSettings=_logs(fmt))
    return f"https://{api}.execute-api.{REGION}.amazonaws.com"


HTTP_FORMAT = ("$context.requestId|$context.extendedRequestId|$context.integrationLatency|$context.integration.latency|"
               "$context.integrationStatus|$context.integration.integrationStatus|$context.integration.status|"
               "$context.integrationErrorMessage|$context.integration.error|$context.awsEndpointRequestId|"
               "$context.integration.requestId|$context.identity.cognitoAuthenticationProvider|"
               "$context.error.responseType|$context.domainPrefix")


def test_an_http_api_s_equivalent_variables_carry_one_value(gwmock, apigatewayv2):
    url = _http_api(apigatewayv2, gwmock, HTTP_FORMAT, lambda event, context: {"statusCode": 201, "body": "made"})

    answer = gwmock.invoke("GET", f"{url}/items/1")

    (request_id, extended, latency, same_latency, status, same_status, function_status, error, same_error,
     endpoint_id, same_endpoint_id, cognito, response_type, prefix) = gwmock.requests[-1].access_log.split("|")
    assert request_id == extended == answer.headers["apigw-requestid"]
    assert latency == same_latency and int(latency) >= 0
    assert (status, same_status, function_status) == ("200", "200", "201")
    assert (error, same_error, endpoint_id, same_endpoint_id, cognito, response_type) == ("-",) * 6
    assert prefix == url.split("//")[1].split(".")[0]


def test_an_http_api_s_integration_error_has_both_names(gwmock, apigatewayv2):
    def boom(event, context):
        raise RuntimeError("boom")

    url = _http_api(apigatewayv2, gwmock, "$context.status|$context.integrationErrorMessage|$context.integration.error|"
                                          "$context.error.message|$context.requestId", boom)

    answer = gwmock.invoke("GET", f"{url}/items/1")

    status, error, same_error, message, _ = gwmock.requests[-1].access_log.split("|")
    assert (answer.status, status, message) == (500, "500", "Internal Server Error")
    assert error == same_error != "-"


def test_a_websocket_event_s_equivalent_variables_carry_one_value(gwmock, apigatewayv2):
    gwmock.add_lambda(FN, lambda event, context: {"statusCode": 200})
    api = _api(apigatewayv2, "WEBSOCKET")
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
                                                  IntegrationUri=FN)["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
    fmt = ("$context.eventType|$context.requestId|$context.extendedRequestId|$context.integrationLatency|"
           "$context.integration.latency|$context.integration.status|$context.awsEndpointRequestId|"
           "$context.error.responseType")
    apigatewayv2.create_stage(ApiId=api, StageName="prod", AutoDeploy=True, AccessLogSettings=_logs(fmt))

    conn = gwmock.websocket(f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod")
    conn.send('{"action": "x"}')

    connect, message = (line.split("|") for line in conn.access_logs)
    assert connect[0] == "CONNECT" and connect[1] == connect[2] and connect[3:] == ["-", "-", "-", "-", "-"]
    assert message[0] == "MESSAGE" and message[1] == message[2]
    assert message[3] == message[4] and int(message[3]) >= 0
    assert message[5:] == ["200", "-", "-"]


@pytest.mark.parametrize(("kind", "line"), [
    (access_logs.REST, "rid|-|-|-|v"),
    (access_logs.HTTP, "rid|-|-|7|v"),
    (access_logs.WEBSOCKET, "rid|-|CONNECT|-|v"),
])
def test_each_type_writes_only_its_own_variables(kind, line):
    # a name the stage's type does not list is written "-" whatever the request's values hold
    values = {"requestId": "rid", "routeKey": None, "eventType": "CONNECT", "dataProcessed": 7,
              "identity": {"accessKey": "AKIDEXAMPLE"}, "authorizer": {"tenant": "v"}}
    fmt = ("$context.requestId|$context.identity.accessKey|$context.eventType|$context.dataProcessed|"
           "$context.authorizer.tenant")

    assert access_logs.render(fmt, values, kind) == line
    assert access_logs.render(fmt, values) == "rid|AKIDEXAMPLE|CONNECT|7|v"  # without a type: every value


# --- hostile formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "refused"), [
    ("$context.requestId $context.__class__ $context.__init__.__globals__", ["$context.__class__",
                                                                            "$context.__init__.__globals__"]),
    ("$context.requestId $context.authorizer.x-y", ["$context.authorizer.x-y"]),  # guess: hyphens never pass
    ("$context.requestId $context.identity", ["$context.identity"]),
    ("$context.requestId $context.authorizer", ["$context.authorizer"]),
    ("$context.requestId $context.status.x", ["$context.status.x"]),
])
def test_odd_names_are_refused_as_written(apigatewayv2, fmt, refused):
    api_id = _api(apigatewayv2, "HTTP")

    _create_refused(apigatewayv2, api_id, _not_supported(*refused), fmt)


def test_the_largest_format_of_unknown_names_is_checked_quickly(apigatewayv2):
    api_id = _api(apigatewayv2, "WEBSOCKET")
    names = [f"$context.n{number}" for number in range(220)]
    fmt = "$context.requestId " + " ".join(names)
    hyphens = "$context.requestId $context." + "a-" * 1500 + "a"
    assert len(fmt) <= 3072 and len(hyphens) <= 3072
    started = time.perf_counter()

    _create_refused(apigatewayv2, api_id, _not_supported(*names), fmt)
    _create_refused(apigatewayv2, api_id, _not_supported(hyphens.split(" ")[1]), hyphens)

    assert time.perf_counter() - started < 2


def test_a_format_over_the_quota_is_refused_for_its_size_before_its_names_are_read(apigatewayv2):
    api_id = _api(apigatewayv2, "HTTP")

    _create_refused(apigatewayv2, api_id, "Access Log format must not be longer than 3072 characters",
                    "$context.requestId " + "$context.nope " * 1000)
