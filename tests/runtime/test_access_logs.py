"""Stage access logs (``gwmock/runtime/access_logs.py`` has the evidence and the guesses these pin):
one line per request to a stage whose access log settings name a format and a destination, the
``$context`` variables replaced (``-`` without a value, values not escaped), kept on the request's
record (``gw.requests[i].access_log``, a WebSocket connection's ``access_logs``) and, under moto's
``mock_aws``, put in the CloudWatch Logs group (or Firehose stream) the destination ARN names."""

from __future__ import annotations

import json
import re

import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.runtime import access_logs
from gwmock.runtime.websocket.connections import Rejected

REGION = "us-east-1"
ACCOUNT = "123456789012"
GROUP = "api-access"
GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{GROUP}"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
CLF = ('$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] '
       '"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength '
       '$context.requestId')
TIME = r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000"
WS_REQUEST_ID = r"[A-Za-z0-9]{15}="  # a WebSocket event's request id that no client or function sees

pytestmark = pytest.mark.gwmock(region=REGION)


@pytest.fixture
def aws():
    """moto's mock_aws beside gwmock (started first, as users start them), with the log group."""
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_apigateway(region=REGION) as handle:
        boto3.client("logs", region_name=REGION).create_log_group(logGroupName=GROUP)
        yield handle


def _rest_api(client, kind="MOCK", authorizer=None):
    """A REST API with ``GET /pets`` (a MOCK answering ``{"pets": []}`` or a Lambda proxy), deployed to ``dev``."""
    api = client.create_rest_api(name="pets")
    pets = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    auth = {"authorizationType": "CUSTOM", "authorizerId": authorizer(api["id"])} if authorizer else \
        {"authorizationType": "NONE"}
    client.put_method(restApiId=api["id"], resourceId=pets, httpMethod="GET", **auth)
    if kind == "MOCK":
        client.put_integration(restApiId=api["id"], resourceId=pets, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api["id"], resourceId=pets, httpMethod="GET", statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=pets, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": '{"pets": []}'})
    else:
        client.put_integration(restApiId=api["id"], resourceId=pets, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev"


def _log_stage(client, api_id, fmt, destination=GROUP_ARN):
    client.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": destination},
        {"op": "replace", "path": "/accessLogSettings/format", "value": fmt}])


def _logged_rest(gw, client, fmt, kind="MOCK", **api):
    api_id, url = _rest_api(client, kind, **api)
    _log_stage(client, api_id, fmt)
    return api_id, url


def _events(stream=None):
    logs = boto3.client("logs", region_name=REGION)
    streams = logs.describe_log_streams(logGroupName=GROUP)["logStreams"]
    return {s["logStreamName"]: [e["message"] for e in logs.get_log_events(
        logGroupName=GROUP, logStreamName=s["logStreamName"], startFromHead=True)["events"]] for s in streams}


# --- REST APIs ------------------------------------------------------------------------------------


def test_the_documented_clf_format_is_written_for_each_request(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, CLF)

    answer = gwmock.invoke("GET", f"{url}/pets", headers={"X-Forwarded-For": "203.0.113.7"})

    assert answer.status == 200
    line = gwmock.requests[-1].access_log
    request_id = answer.headers["x-amzn-RequestId"]
    assert re.fullmatch(rf'203\.0\.113\.7 - - \[{TIME}\] "GET /pets HTTP/1\.1" 200 12 {request_id}', line), line


def test_a_stage_logs_only_with_both_a_format_and_a_destination(gwmock, apigateway):
    api_id, url = _rest_api(apigateway)
    gwmock.invoke("GET", f"{url}/pets")
    apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": GROUP_ARN}])
    gwmock.invoke("GET", f"{url}/pets")
    apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"}])
    answer = gwmock.invoke("GET", f"{url}/pets")

    assert [r.access_log for r in gwmock.requests] == [None, None, answer.headers["x-amzn-RequestId"]]


def test_stage_settings_apply_without_a_deployment_and_removing_them_stops_the_log(gwmock, apigateway):
    api_id, url = _logged_rest(gwmock, apigateway, "$context.requestId A")
    first = gwmock.invoke("GET", f"{url}/pets")
    _log_stage(apigateway, api_id, "$context.status $context.requestId B")
    second = gwmock.invoke("GET", f"{url}/pets")
    apigateway.update_stage(restApiId=api_id, stageName="dev",
                            patchOperations=[{"op": "remove", "path": "/accessLogSettings"}])
    gwmock.invoke("GET", f"{url}/pets")

    lines = [r.access_log for r in gwmock.requests]
    assert lines == [f"{first.headers['x-amzn-RequestId']} A", f"200 {second.headers['x-amzn-RequestId']} B", None]


def test_variables_without_a_value_and_unknown_names_are_written_as_a_dash(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, "$context.authorizer.principalId|$context.noSuchThing|"
                                              "$context.identity|$context.error.message|$context.routeKey|"
                                              "$context.wafResponseCode|$context.customDomain.basePathMatched|"
                                              "$context.xrayTraceId|$context.stage|$context.requestId")
    answer = gwmock.invoke("GET", f"{url}/pets")

    assert gwmock.requests[-1].access_log == f"-|-|-|-|-|-|-|-|dev|{answer.headers['x-amzn-RequestId']}"


def test_a_name_is_the_longest_run_of_name_characters_and_other_dollars_stay_text(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, "$context.requestIdX|$context.requestId.|${context.requestId}|"
                                              "$input.body|$context.|$stageVariables.a")
    answer = gwmock.invoke("GET", f"{url}/pets")

    request_id = answer.headers["x-amzn-RequestId"]
    assert gwmock.requests[-1].access_log == \
        f"-|{request_id}.|${{context.requestId}}|$input.body|$context.|$stageVariables.a"


def test_a_missing_route_is_logged_with_api_gateway_s_error(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, "$context.requestId $context.extendedRequestId $context.status "
                                              "$context.error.responseType \"$context.error.message\" "
                                              "$context.error.messageString $context.resourcePath $context.path")
    answer = gwmock.invoke("GET", f"{url}/nowhere")

    assert answer.status == 403
    assert gwmock.requests[-1].access_log == (
        f"{answer.headers['x-amzn-RequestId']} {answer.headers['x-amz-apigw-id']} 403 MISSING_AUTHENTICATION_TOKEN "
        '"Missing Authentication Token" "Missing Authentication Token" - /dev/nowhere')


def test_a_lambda_proxy_answer_gives_the_integration_s_status_and_latency(gwmock, apigateway):
    gwmock.add_lambda(FN, lambda event, context: {"statusCode": 201, "body": "made"})
    _, url = _logged_rest(gwmock, apigateway, "$context.status $context.integration.status $context.integrationStatus "
                                              "$context.integrationLatency $context.integration.latency "
                                              "$context.responseLatency $context.responseLength "
                                              "$context.integrationErrorMessage $context.requestId",
                          kind="AWS_PROXY")
    answer = gwmock.invoke("GET", f"{url}/pets")

    status, function, service, latency, same, total, length, error, request_id = \
        gwmock.requests[-1].access_log.split()
    assert (status, function, service, length, error) == ("201", "201", "200", "4", "-")
    assert request_id == answer.headers["x-amzn-RequestId"]
    assert latency == same and int(latency) >= 0 and int(total) >= 0


def test_a_function_error_is_a_gateway_error_lambda_itself_answered(gwmock, apigateway):
    def boom(event, context):
        raise ValueError("boom")

    gwmock.add_lambda(FN, boom)
    _, url = _logged_rest(gwmock, apigateway, "$context.status|$context.error.responseType|$context.error.message|"
                                              "$context.integration.status|$context.integrationStatus|"
                                              "$context.integration.error|$context.requestId", kind="AWS_PROXY")
    answer = gwmock.invoke("GET", f"{url}/pets")
    assert answer.status == 502

    assert gwmock.requests[-1].access_log == (
        "502|DEFAULT_5XX|Internal server error|-|200|"
        f"Lambda execution failed with status 200 due to customer function error: boom|"
        f"{answer.headers['x-amzn-RequestId']}")


def test_a_mock_integration_has_no_integration_values(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, "$context.integrationLatency $context.integration.status $context.status "
                                              "$context.requestId")
    answer = gwmock.invoke("GET", f"{url}/pets")

    assert gwmock.requests[-1].access_log == f"- - 200 {answer.headers['x-amzn-RequestId']}"


def test_the_endpoint_type_and_the_canary_flag_are_logged(gwmock, apigateway):
    api_id, url = _logged_rest(gwmock, apigateway, "$context.endpointType $context.isCanaryRequest "
                                                    "$context.requestId")
    gwmock.invoke("GET", f"{url}/pets")
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "REGIONAL"}])
    apigateway.create_deployment(restApiId=api_id, stageName="dev", canarySettings={"percentTraffic": 100.0})
    gwmock.invoke("GET", f"{url}/pets")

    assert [r.access_log.rsplit(" ", 1)[0] for r in gwmock.requests] == ["EDGE false", "REGIONAL true"]


def test_the_lambda_authorizer_s_principal_and_context_are_logged(gwmock, apigateway):
    auth_fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:auth"
    gwmock.add_lambda(auth_fn, lambda event, context: {
        "principalId": "user-1", "context": {"role": "admin", "n": 3},
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}})

    def authorizer(api_id):
        return apigateway.create_authorizer(
            restApiId=api_id, name="token", type="TOKEN", identitySource="method.request.header.Authorization",
            authorizerUri=URI.replace(FN, auth_fn))["id"]

    _, url = _logged_rest(gwmock, apigateway, "$context.authorizer.principalId $context.authorizer.role "
                                              "$context.authorizer.n $context.authorizer.claims $context.status "
                                              "$context.error.responseType $context.requestId",
                          authorizer=authorizer)
    allowed = gwmock.invoke("GET", f"{url}/pets", headers={"Authorization": "token"})
    refused = gwmock.invoke("GET", f"{url}/pets")

    assert [r.access_log for r in gwmock.requests] == [
        f"user-1 admin 3 - 200 - {allowed.headers['x-amzn-RequestId']}",
        f"- - - - 401 UNAUTHORIZED {refused.headers['x-amzn-RequestId']}"]


def test_a_refusal_before_the_integration_names_its_gateway_response(gwmock, apigateway):
    api_id, url = _logged_rest(gwmock, apigateway, "$context.status|$context.error.responseType|"
                                                   "$context.error.message|$context.integrationLatency|"
                                                   "$context.requestId")
    pets = next(r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/pets")
    apigateway.update_method(restApiId=api_id, resourceId=pets, httpMethod="GET",
                             patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}])
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    answer = gwmock.invoke("GET", f"{url}/pets")
    assert answer.status == 403

    assert gwmock.requests[-1].access_log == f"403|INVALID_API_KEY|Forbidden|-|{answer.headers['x-amzn-RequestId']}"


def test_values_are_written_as_they_are_so_a_quote_breaks_a_json_format(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, '{"ua":"$context.identity.userAgent","id":"$context.requestId"}')
    answer = gwmock.invoke("GET", f"{url}/pets", headers={"User-Agent": 'say "hi" \\o/'})

    line = gwmock.requests[-1].access_log
    assert line == f'{{"ua":"say "hi" \\o/","id":"{answer.headers["x-amzn-RequestId"]}"}}'
    with pytest.raises(ValueError):
        json.loads(line)


@pytest.mark.parametrize(("base_path", "url_path", "matched"), [("v1", "/v1/pets", "v1"), ("", "/pets", "(none)")])
def test_a_custom_domain_names_the_base_path_matched(gwmock, apigateway, base_path, url_path, matched):
    api_id, _ = _logged_rest(gwmock, apigateway, "$context.customDomain.basePathMatched $context.domainName "
                                                 "$context.requestId")
    apigateway.create_domain_name(domainName="api.example.com", endpointConfiguration={"types": ["REGIONAL"]},
                                  regionalCertificateArn=f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc")
    apigateway.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, stage="dev",
                                        basePath=base_path)
    answer = gwmock.invoke("GET", f"https://api.example.com{url_path}")
    assert answer.status == 200

    assert gwmock.requests[-1].access_log == f"{matched} api.example.com {answer.headers['x-amzn-RequestId']}"


# --- hostile formats and values -------------------------------------------------------------------


def test_names_never_reach_python_attributes(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, "$context.__class__ $context.requestId.__len__ "
                                              "$context.identity.__dict__ $context.authorizer.__class__.__name__ "
                                              "$context.__init__.__globals__")
    gwmock.invoke("GET", f"{url}/pets")

    assert gwmock.requests[-1].access_log == "- - - - -"


def test_a_line_is_cut_at_cloudwatch_logs_event_size(gwmock, apigateway):
    agent = "é" * 8000  # 16,000 bytes of UTF-8 a copy
    _, url = _logged_rest(gwmock, apigateway, "$context.identity.userAgent" * 40 + "$context.requestId")
    gwmock.invoke("GET", f"{url}/pets", headers={"User-Agent": agent})

    line = gwmock.requests[-1].access_log
    assert len(line.encode()) == access_logs.MAX_LINE == 256 * 1024 - 26
    assert set(line) == {"é"}


def test_parsed_formats_are_kept_for_a_bounded_number_of_format_texts():
    for number in range(700):
        assert access_logs.render(f"$context.requestId {number}", {"requestId": "r"}) == f"r {number}"
    assert 0 < len(access_logs._FORMATS) <= 256
    huge = "x" * 100_000 + "$context.requestId"
    assert access_logs.render(huge, {"requestId": "r"}).endswith("xr") and huge not in access_logs._FORMATS


# --- delivery ---------------------------------------------------------------------------------------


def test_lines_reach_the_log_group_in_one_stream_of_the_stage(aws):
    client = boto3.client("apigateway", region_name=REGION)
    _, url = _logged_rest(aws, client, "$context.requestId $context.status")
    aws.invoke("GET", f"{url}/pets")
    aws.invoke("GET", f"{url}/nowhere")

    streams = _events()
    assert len(streams) == 1 and re.fullmatch(r"[0-9a-f]{32}", next(iter(streams)))
    assert next(iter(streams.values())) == [r.access_log for r in aws.requests]


def test_a_missing_log_group_keeps_the_line_on_the_record_only(aws):
    client = boto3.client("apigateway", region_name=REGION)
    api_id, url = _rest_api(client)
    _log_stage(client, api_id, "$context.requestId", destination=GROUP_ARN + "-gone")
    answer = aws.invoke("GET", f"{url}/pets")

    assert aws.requests[-1].access_log == answer.headers["x-amzn-RequestId"]
    assert [g["logGroupName"] for g in boto3.client("logs", region_name=REGION).describe_log_groups()["logGroups"]] \
        == [GROUP]


def test_the_destination_s_account_gets_the_line(aws):
    other = "111122223333"
    logs = boto3.client("logs", region_name=REGION)
    logs.meta.events.register("before-sign.cloudwatch-logs.*",
                              lambda request, **kwargs: request.headers.__setitem__("x-moto-account-id", other))
    logs.create_log_group(logGroupName="elsewhere")
    client = boto3.client("apigateway", region_name=REGION)
    api_id, url = _rest_api(client)
    _log_stage(client, api_id, "$context.requestId", destination=f"arn:aws:logs:{REGION}:{other}:log-group:elsewhere")
    aws.invoke("GET", f"{url}/pets")

    stream = logs.describe_log_streams(logGroupName="elsewhere")["logStreams"][0]["logStreamName"]
    events = logs.get_log_events(logGroupName="elsewhere", logStreamName=stream)["events"]
    assert [e["message"] for e in events] == [aws.requests[-1].access_log]
    assert _events() == {}


def test_a_firehose_destination_gets_the_line(aws):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="access-logs")
    boto3.client("firehose", region_name=REGION).create_delivery_stream(
        DeliveryStreamName="amazon-apigateway-access", ExtendedS3DestinationConfiguration={
            "RoleARN": f"arn:aws:iam::{ACCOUNT}:role/firehose", "BucketARN": "arn:aws:s3:::access-logs"})
    client = boto3.client("apigateway", region_name=REGION)
    api_id, url = _rest_api(client)
    _log_stage(client, api_id, "$context.requestId $context.status",
               destination=f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/amazon-apigateway-access")
    aws.invoke("GET", f"{url}/pets")

    (stored,) = s3.list_objects_v2(Bucket="access-logs")["Contents"]
    assert s3.get_object(Bucket="access-logs", Key=stored["Key"])["Body"].read().decode() == \
        aws.requests[-1].access_log


def test_without_moto_the_line_is_on_the_record(gwmock, apigateway):
    _, url = _logged_rest(gwmock, apigateway, "$context.status $context.requestId")
    answer = gwmock.invoke("GET", f"{url}/pets")
    assert answer.status == 200
    assert gwmock.requests[-1].access_log == f"200 {answer.headers['x-amzn-RequestId']}"


# --- HTTP APIs ------------------------------------------------------------------------------------


def _http_api(client, gw, fmt):
    gw.add_lambda(FN, lambda event, context: {"statusCode": 201, "body": "made"})
    api = client.create_api(Name="items", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="GET /items/{id}", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": fmt})
    return api, f"https://{api}.execute-api.{REGION}.amazonaws.com"


def test_an_http_api_request_is_logged(gwmock, apigatewayv2):
    _, url = _http_api(apigatewayv2, gwmock, "$context.requestId $context.extendedRequestId $context.routeKey "
                                            "$context.path $context.status $context.integrationStatus "
                                            "$context.integration.status $context.responseLength $context.protocol "
                                            "$context.identity.sourceIp $context.stage $context.error.message")
    answer = gwmock.invoke("GET", f"{url}/items/7")

    request_id = answer.headers["apigw-requestid"]
    assert gwmock.requests[-1].access_log == \
        f"{request_id} {request_id} GET /items/{{id}} /items/7 201 200 201 4 HTTP/1.1 127.0.0.1 $default -"


def test_an_http_api_request_no_route_takes_names_no_route_key(gwmock, apigatewayv2):
    _, url = _http_api(apigatewayv2, gwmock, "$context.routeKey|$context.status|$context.error.message|"
                                            "$context.error.messageString|$context.integration.status|"
                                            "$context.integrationLatency|$context.requestId")
    answer = gwmock.invoke("GET", f"{url}/nothing")
    assert answer.status == 404

    assert gwmock.requests[-1].access_log == f'-|404|Not Found|"Not Found"|-|-|{answer.headers["apigw-requestid"]}'


def test_an_http_api_path_that_does_not_decode_is_logged_as_refused(gwmock, apigatewayv2):
    _, url = _http_api(apigatewayv2, gwmock, "$context.requestId|$context.status|$context.error.message")
    answer = gwmock.invoke("GET", f"{url}/items/%zz")

    assert answer.status == 400
    assert gwmock.requests[-1].access_log == f"{answer.headers['apigw-requestid']}|400|Bad Request"


def test_an_http_api_lambda_authorizer_s_context_is_logged(gwmock, apigatewayv2):
    api, url = _http_api(apigatewayv2, gwmock, "$context.authorizer.tenant $context.authorizer.n $context.status "
                                               "$context.requestId")
    auth_fn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:auth"
    gwmock.add_lambda(auth_fn, lambda event, context: {"isAuthorized": True, "context": {"tenant": "t1", "n": 2}})
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="simple", AuthorizerPayloadFormatVersion="2.0",
        EnableSimpleResponses=True, IdentitySource=["$request.header.Authorization"],
        AuthorizerUri=URI.replace(FN, auth_fn))["AuthorizerId"]
    route = apigatewayv2.get_routes(ApiId=api)["Items"][0]
    apigatewayv2.update_route(ApiId=api, RouteId=route["RouteId"], AuthorizationType="CUSTOM",
                              AuthorizerId=authorizer)
    answer = gwmock.invoke("GET", f"{url}/items/1", headers={"Authorization": "x"})
    assert answer.status == 201

    assert gwmock.requests[-1].access_log == f"t1 2 201 {answer.headers['apigw-requestid']}"


def test_http_api_lines_reach_the_log_group(aws):
    _, url = _http_api(boto3.client("apigatewayv2", region_name=REGION), aws, "$context.requestId $context.status")
    aws.invoke("GET", f"{url}/items/1")

    assert list(_events().values()) == [[aws.requests[-1].access_log]]


# --- WebSocket APIs -------------------------------------------------------------------------------

WS_FORMAT = "$context.eventType $context.routeKey $context.connectionId $context.status $context.requestId " \
            "$context.messageId $context.error.message"


def _ws_logged(gw, client, fmt=WS_FORMAT, routes=("$connect", "$disconnect", "$default")):
    """A WebSocket API with one Lambda behind ``routes``, deployed to ``prod`` with access logging;
    returns (api id, wss URL, the requestContext of every event the Lambda got)."""
    seen = []

    def backend(event, context):
        seen.append(event["requestContext"])
        return {"statusCode": 200}

    gw.add_lambda(FN, backend)
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    integration = client.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY",
                                            IntegrationUri=FN)["IntegrationId"]
    for key in routes:
        client.create_route(ApiId=api["ApiId"], RouteKey=key, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api["ApiId"], StageName="prod", AutoDeploy=True,
                        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": fmt})
    return api["ApiId"], f"wss://{api['ApiId']}.execute-api.{REGION}.amazonaws.com/prod", seen


def test_websocket_connect_message_and_disconnect_are_each_logged(gwmock, apigatewayv2):
    _, url, seen = _ws_logged(gwmock, apigatewayv2)
    conn = gwmock.websocket(url)
    conn.send('{"action": "anything"}')
    conn.close()

    cid = conn.connection_id
    connect, message, disconnect = seen
    assert conn.access_logs == [
        f"CONNECT $connect {cid} 200 {connect['requestId']} - -",
        f"MESSAGE $default {cid} 200 {message['requestId']} {message['messageId']} -",
        f"DISCONNECT $disconnect {cid} 200 {disconnect['requestId']} - -"]


def test_a_message_no_route_takes_is_logged_as_api_gateway_refused_it(gwmock, apigatewayv2):
    _, url, seen = _ws_logged(gwmock, apigatewayv2, "$context.eventType|$context.routeKey|$context.status|"
                                                    "$context.error.message|$context.requestId", routes=("$connect",))
    conn = gwmock.websocket(url)
    (answer,) = conn.send("{}")  # API Gateway's Forbidden names the message's request id

    (connect,) = seen
    assert conn.access_logs == [f"CONNECT|$connect|200|-|{connect['requestId']}",
                                f"MESSAGE|-|403|Forbidden|{json.loads(answer)['requestId']}"]


def test_a_message_whose_function_fails_is_logged_with_api_gateway_s_message(gwmock, apigatewayv2):
    _, url, _ = _ws_logged(gwmock, apigatewayv2, "$context.eventType|$context.status|$context.error.message|"
                                                 "$context.integration.status|$context.requestId", routes=("$default",))
    conn = gwmock.websocket(url)
    failed = []

    def boom(event, context):
        failed.append(event["requestContext"]["requestId"])
        raise RuntimeError("boom")

    gwmock.add_lambda(FN, boom)
    (answer,) = conn.send("{}")

    (request_id,) = failed
    assert json.loads(answer)["requestId"] == request_id
    connect_line, message_line = conn.access_logs
    assert re.fullmatch(rf"CONNECT\|200\|-\|-\|{WS_REQUEST_ID}", connect_line), connect_line
    assert message_line == f"MESSAGE|500|Internal server error|-|{request_id}"
    assert not connect_line.endswith(request_id)
    assert [type(e) for e in conn.errors] == [RuntimeError]


def test_a_refused_connect_carries_its_line(gwmock, apigatewayv2):
    api, url, seen = _ws_logged(gwmock, apigatewayv2, "$context.eventType $context.status $context.error.message "
                                                      "$context.identity.apiKey $context.requestId")
    route = next(r for r in apigatewayv2.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "$connect")
    apigatewayv2.update_route(ApiId=api, RouteId=route["RouteId"], ApiKeyRequired=True)
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(url)

    assert caught.value.status == 403
    assert re.fullmatch(rf"CONNECT 403 Forbidden - {WS_REQUEST_ID}", caught.value.access_log), caught.value.access_log
    assert seen == []


def test_websocket_lines_reach_the_log_group(aws):
    _, url, _ = _ws_logged(aws, boto3.client("apigatewayv2", region_name=REGION), "$context.requestId")
    conn = aws.websocket(url)
    conn.send("{}")

    assert list(_events().values()) == [conn.access_logs]
