"""Attacks on partitions, regions and accounts: every ARN and URL gwmock writes for a region of each
partition (aws-cn, aws-us-gov, aws-iso, and a region botocore does not know), the hosts the data
plane serves there, and two accounts in one mock.

Evidence: botocore's ``data/partitions.json`` (each partition's ``regionRegex`` and ``dnsSuffix``),
AWS "Amazon API Gateway endpoints and quotas" (``execute-api.cn-north-1.amazonaws.com.cn``), ARN
formats (``arn:aws-cn:execute-api:...``, ``arn:aws-us-gov:apigateway:...``); GovCloud's execute-api
hosted zones (Z1K6XKP9SAGWDV, Z3SE9ATJYCRCZJ) as published endpoint tables list them.

Guesses: a host with another partition's suffix (``{api}.execute-api.cn-north-1.amazonaws.com``) has no
DNS name on AWS, so gwmock does not serve it (``gw.invoke``: ValueError; HTTP clients: the guard's
connection error); an IAM caller's ARN takes the called region's partition (``arn:aws-cn:iam::``).
"""

from __future__ import annotations

import json
import time

import boto3
import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.arns import dns_suffix, execute_api_host, partition
from gwmock.intercept.hosts import NetworkBlocked

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ACCOUNT = "123456789012"
ACCOUNT_OF_KEY = "111111111111"  # a 12-digit access key id is the caller's account (gwmock's rule)
# region -> (partition, DNS suffix)
REGIONS = {
    "cn-north-1": ("aws-cn", "amazonaws.com.cn"),
    "cn-northwest-1": ("aws-cn", "amazonaws.com.cn"),
    "us-gov-west-1": ("aws-us-gov", "amazonaws.com"),
    "us-iso-east-1": ("aws-iso", "c2s.ic.gov"),
    "us-east-1": ("aws", "amazonaws.com"),
    "xx-fake-1": ("aws", "amazonaws.com"),
}
ALL = pytest.mark.parametrize("region", list(REGIONS))


def _clients(region, owner=False):
    """The region's clients; ``owner``: in the account of the signed callers' key (``_signed``), so that
    they are the API's own account (another account's IAM caller needs the API's policy to allow it)."""
    keys = {"aws_access_key_id": ACCOUNT_OF_KEY, "aws_secret_access_key": "x"} if owner else {}
    return (boto3.client("apigateway", region_name=region, **keys),
            boto3.client("apigatewayv2", region_name=region, **keys))


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _rest_proxy(v1, region, policy=None):
    """A REST API with a Lambda proxy method on ``/{proxy+}``, deployed to ``dev``."""
    extra = {"policy": json.dumps(policy)} if policy else {}
    api = v1.create_rest_api(name="a", endpointConfiguration={"types": ["REGIONAL"]}, **extra)["id"]
    root = v1.get_resources(restApiId=api)["items"][0]["id"]
    res = v1.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}")["id"]
    v1.put_method(restApiId=api, resourceId=res, httpMethod="ANY", authorizationType="NONE")
    fn = f"arn:{partition(region)}:lambda:{region}:{ACCOUNT}:function:echo"
    v1.put_integration(restApiId=api, resourceId=res, httpMethod="ANY", type="AWS_PROXY", integrationHttpMethod="POST",
                       uri=f"arn:{partition(region)}:apigateway:{region}:lambda:path/2015-03-31/functions/{fn}/invocations")
    v1.create_deployment(restApiId=api, stageName="dev")
    return api


def _http_proxy(v2, region):
    fn = f"arn:{partition(region)}:lambda:{region}:{ACCOUNT}:function:echo"
    return v2.create_api(Name="h", ProtocolType="HTTP", Target=fn)["ApiId"]


# --- the partition table ------------------------------------------------------------------------


@ALL
def test_partition_and_suffix_of_each_region(region):
    assert (partition(region), dns_suffix(region)) == REGIONS[region]


@given(st.text(max_size=300))
@FAST
def test_any_region_text_has_a_partition_and_never_raises(text):
    assert partition(text) in {"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f",
                               "aws-eusc"}
    assert dns_suffix(text)


def test_a_huge_region_name_is_aws_without_matching_regexes():
    assert partition("cn-" + "a" * 100_000 + "-1") == "aws"


# --- control plane: URLs and ARNs ---------------------------------------------------------------


@ALL
def test_v2_api_endpoints_use_the_partitions_suffix(region):
    with mock_apigateway(region=region):
        _, v2 = _clients(region)
        suffix = REGIONS[region][1]
        http = v2.create_api(Name="h", ProtocolType="HTTP")
        ws = v2.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
        assert http["ApiEndpoint"] == f"https://{http['ApiId']}.execute-api.{region}.{suffix}"
        assert ws["ApiEndpoint"] == f"wss://{ws['ApiId']}.execute-api.{region}.{suffix}"
        assert v2.get_api(ApiId=http["ApiId"])["ApiEndpoint"] == http["ApiEndpoint"]


@ALL
def test_imported_v2_api_endpoint_uses_the_partitions_suffix(region):
    doc = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}}
    with mock_apigateway(region=region):
        _, v2 = _clients(region)
        api = v2.import_api(Body=json.dumps(doc))
        assert api["ApiEndpoint"] == f"https://{api['ApiId']}.execute-api.{region}.{REGIONS[region][1]}"


@ALL
def test_regional_domain_names_use_the_partitions_suffix_and_arn(region):
    part, suffix = REGIONS[region]
    cert = f"arn:{part}:acm:{region}:{ACCOUNT}:certificate/1"
    with mock_apigateway(region=region):
        v1, v2 = _clients(region)
        d1 = v1.create_domain_name(domainName="a.example.com", regionalCertificateArn=cert,
                                   endpointConfiguration={"types": ["REGIONAL"]})
        assert d1["regionalDomainName"].endswith(f".execute-api.{region}.{suffix}")
        assert d1["domainNameArn"] == f"arn:{part}:apigateway:{region}::/domainnames/a.example.com"
        d2 = v2.create_domain_name(DomainName="b.example.com", DomainNameConfigurations=[{"CertificateArn": cert}])
        assert d2["DomainNameConfigurations"][0]["ApiGatewayDomainName"].endswith(f".execute-api.{region}.{suffix}")
        assert d2["DomainNameArn"] == f"arn:{part}:apigateway:{region}::/domainnames/b.example.com"


@ALL
def test_stage_arns_and_tags_in_each_partition(region):
    part = REGIONS[region][0]
    with mock_apigateway(region=region):
        v1, _ = _clients(region)
        api = v1.create_rest_api(name="a")["id"]
        arn = f"arn:{part}:apigateway:{region}::/restapis/{api}"
        v1.tag_resource(resourceArn=arn, tags={"k": "v"})
        assert v1.get_tags(resourceArn=arn)["tags"] == {"k": "v"}
        other = "aws" if part != "aws" else "aws-cn"
        with pytest.raises(v1.exceptions.BadRequestException):  # another partition's ARN names nothing here
            v1.tag_resource(resourceArn=f"arn:{other}:apigateway:{region}::/restapis/{api}", tags={"x": "y"})
        assert v1.get_tags(resourceArn=arn)["tags"] == {"k": "v"}


@ALL
def test_openapi_exports_name_the_partitions_host(region):
    suffix = REGIONS[region][1]
    with mock_apigateway(region=region):
        v1, v2 = _clients(region)
        api = v1.create_rest_api(name="a")["id"]
        root = v1.get_resources(restApiId=api)["items"][0]["id"]
        v1.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        v1.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
        v1.create_deployment(restApiId=api, stageName="dev")
        swagger = json.loads(v1.get_export(restApiId=api, stageName="dev", exportType="swagger")["body"].read())
        assert swagger["host"] == f"{api}.execute-api.{region}.{suffix}"
        oas3 = json.loads(v1.get_export(restApiId=api, stageName="dev", exportType="oas30")["body"].read())
        assert oas3["servers"][0]["url"].startswith(f"https://{api}.execute-api.{region}.{suffix}")
        http = v2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
        v2.create_stage(ApiId=http, StageName="dev")
        exported = json.loads(v2.export_api(ApiId=http, OutputType="JSON", Specification="OAS30", StageName="dev")
                              ["body"].read())
        assert exported["servers"][0]["url"].startswith(f"https://{http}.execute-api.{region}.{suffix}")


# --- data plane --------------------------------------------------------------------------------


@ALL
def test_rest_lambda_event_at_the_partitions_host(region):
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients(region)
        api = _rest_proxy(v1, region)
        host = f"{api}.execute-api.{region}.{REGIONS[region][1]}"
        response = gw.invoke("GET", f"https://{host}/dev/pets")
        assert response.status == 200, response.body
        context = json.loads(response.body)["requestContext"]
        assert (context["domainName"], context["domainPrefix"], context["apiId"]) == (host, api, api)


@ALL
def test_http_lambda_event_at_the_partitions_host(region):
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        _, v2 = _clients(region)
        api = _http_proxy(v2, region)
        host = f"{api}.execute-api.{region}.{REGIONS[region][1]}"
        response = gw.invoke("GET", f"https://{host}/pets")
        assert response.status == 200, response.body
        context = json.loads(response.body)["requestContext"]
        assert (context["domainName"], context["domainPrefix"], context["apiId"]) == (host, api, api)


@pytest.mark.parametrize("region", ["cn-north-1", "cn-northwest-1"])
def test_requests_library_reaches_a_china_api(region):
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients(region)
        api = _rest_proxy(v1, region)
        answer = requests.get(f"https://{api}.execute-api.{region}.amazonaws.com.cn/dev/x", timeout=5)
        assert answer.status_code == 200
        assert answer.json()["requestContext"]["domainName"] == f"{api}.execute-api.{region}.amazonaws.com.cn"


@pytest.mark.parametrize(("region", "wrong"), [
    ("cn-north-1", "amazonaws.com"), ("us-east-1", "amazonaws.com.cn"), ("us-gov-west-1", "amazonaws.com.cn"),
    ("us-iso-east-1", "amazonaws.com"),
])
def test_another_partitions_suffix_is_no_host(region, wrong):
    """AWS has no ``{api}.execute-api.cn-north-1.amazonaws.com``: DNS finds nothing. gwmock refuses it as
    a host it does not serve (gw.invoke: ValueError; an HTTP client: NetworkBlocked, a connection
    error) and never reaches the network; the right host still answers."""
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients(region)
        api = _rest_proxy(v1, region)
        with pytest.raises(ValueError, match="not an execute-api URL"):
            gw.invoke("GET", f"https://{api}.execute-api.{region}.{wrong}/dev/x")
        with pytest.raises((requests.ConnectionError, NetworkBlocked)):
            requests.get(f"https://{api}.execute-api.{region}.{wrong}/dev/x", timeout=5)
        assert gw.invoke("GET", f"https://{execute_api_host(api, region)}/dev/x").status == 200


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1", "us-iso-east-1"])
def test_resource_policy_must_name_the_partitions_execute_api_arn(region):
    part = REGIONS[region][0]
    for named, expected in ((part, 200), ("aws" if part != "aws" else "aws-cn", 403)):
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
            "Resource": f"arn:{named}:execute-api:{region}:*:*/*/*/*"}]}
        with mock_apigateway(region=region) as gw:
            gw.add_lambda("echo", _echo)
            v1, _ = _clients(region)
            api = _rest_proxy(v1, region, policy)
            response = gw.invoke("GET", f"https://{execute_api_host(api, region)}/dev/x")
            assert response.status == expected, (named, response.body)


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_http_lambda_authorizer_route_arn_names_the_partition(region):
    seen = []

    def auth(event, context):
        seen.append(event["routeArn"])
        return {"isAuthorized": True}

    part = REGIONS[region][0]
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        gw.add_lambda("auth", auth)
        _, v2 = _clients(region)
        api = _http_proxy(v2, region)
        fn = f"arn:{part}:lambda:{region}:{ACCOUNT}:function:auth"
        authorizer = v2.create_authorizer(
            ApiId=api, Name="a", AuthorizerType="REQUEST", AuthorizerPayloadFormatVersion="2.0",
            EnableSimpleResponses=True, IdentitySource=[],
            AuthorizerUri=f"arn:{part}:apigateway:{region}:lambda:path/2015-03-31/functions/{fn}/invocations")
        route = v2.get_routes(ApiId=api)["Items"][0]["RouteId"]
        v2.update_route(ApiId=api, RouteId=route, AuthorizationType="CUSTOM", AuthorizerId=authorizer["AuthorizerId"])
        assert gw.invoke("GET", f"https://{execute_api_host(api, region)}/x").status == 200
        assert seen == [f"arn:{part}:execute-api:{region}:{ACCOUNT}:{api}/$default/GET/x"]


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_rest_token_authorizer_method_arn_names_the_partition(region):
    seen = []

    def auth(event, context):
        seen.append(event["methodArn"])
        return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": event["methodArn"]}]}}

    part = REGIONS[region][0]
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        gw.add_lambda("auth", auth)
        v1, _ = _clients(region)
        api = _rest_proxy(v1, region)
        fn = f"arn:{part}:lambda:{region}:{ACCOUNT}:function:auth"
        authorizer = v1.create_authorizer(
            restApiId=api, name="a", type="TOKEN", identitySource="method.request.header.Authorization",
            authorizerUri=f"arn:{part}:apigateway:{region}:lambda:path/2015-03-31/functions/{fn}/invocations")["id"]
        res = [r for r in v1.get_resources(restApiId=api)["items"] if r["path"] != "/"][0]["id"]
        v1.update_method(restApiId=api, resourceId=res, httpMethod="ANY", patchOperations=[
            {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
            {"op": "replace", "path": "/authorizerId", "value": authorizer}])
        v1.create_deployment(restApiId=api, stageName="dev")
        response = gw.invoke("GET", f"https://{execute_api_host(api, region)}/dev/x", {"Authorization": "t"})
        assert response.status == 200, response.body
        assert seen == [f"arn:{part}:execute-api:{region}:{ACCOUNT}:{api}/dev/GET/x"]


# --- accounts ----------------------------------------------------------------------------------


def test_forced_account_appears_in_arns_and_events():
    with mock_apigateway(region="cn-north-1", account="210987654321") as gw:
        gw.add_lambda("echo", _echo)
        v1, v2 = _clients("cn-north-1")
        api = _rest_proxy(v1, "cn-north-1")
        context = json.loads(gw.invoke("GET", f"https://{execute_api_host(api, 'cn-north-1')}/dev/x").body)[
            "requestContext"]
        assert context["accountId"] == "210987654321"
        portal_like = v1.create_domain_name(
            domainName="p.example.com", certificateArn="arn:aws-cn:acm:cn-north-1:210987654321:certificate/1",
            endpointConfiguration={"types": ["PRIVATE"]})
        assert portal_like["domainNameArn"].startswith(
            "arn:aws-cn:apigateway:cn-north-1:210987654321:/domainnames/p.example.com+")


def test_two_accounts_in_one_mock_are_isolated():
    """A 12-digit access key id is the account (gwmock's rule): two accounts' APIs, ARNs and hosts
    stay apart in one mock."""
    with mock_apigateway(region="cn-north-1") as gw:
        gw.add_lambda("echo", _echo)
        a = boto3.client("apigateway", region_name="cn-north-1", aws_access_key_id="111111111111",
                         aws_secret_access_key="x")
        b = boto3.client("apigateway", region_name="cn-north-1", aws_access_key_id="222222222222",
                         aws_secret_access_key="x")
        api = a.create_rest_api(name="only-a")["id"]
        assert [x["name"] for x in b.get_rest_apis()["items"]] == []
        with pytest.raises(b.exceptions.NotFoundException):
            b.get_rest_api(restApiId=api)
        arn = f"arn:aws-cn:apigateway:cn-north-1::/restapis/{api}"
        with pytest.raises(b.exceptions.NotFoundException):
            b.tag_resource(resourceArn=arn, tags={"k": "v"})
        a.tag_resource(resourceArn=arn, tags={"k": "v"})
        assert a.get_tags(resourceArn=arn)["tags"] == {"k": "v"}
        b.create_rest_api(name="only-b")
        assert [x["name"] for x in a.get_rest_apis()["items"]] == ["only-a"]


# --- IAM (SigV4) in other partitions -------------------------------------------------------------


def _signed(region, key="111111111111"):
    now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{now[:8]}/{region}/execute-api/aws4_request, "
                             f"SignedHeaders=host;x-amz-date, Signature={'ab' * 32}", "X-Amz-Date": now}


def _iam_rest(v1, region):
    api = _rest_proxy(v1, region)
    res = [r for r in v1.get_resources(restApiId=api)["items"] if r["path"] != "/"][0]["id"]
    v1.update_method(restApiId=api, resourceId=res, httpMethod="ANY", patchOperations=[
        {"op": "replace", "path": "/authorizationType", "value": "AWS_IAM"}])
    v1.create_deployment(restApiId=api, stageName="dev")
    return api


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1", "us-iso-east-1"])
def test_iam_caller_arn_names_the_partition(region):
    part = REGIONS[region][0]
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients(region, owner=True)
        api = _iam_rest(v1, region)
        response = gw.invoke("GET", f"https://{execute_api_host(api, region)}/dev/x", _signed(region))
        assert response.status == 200, response.body
        identity = json.loads(response.body)["requestContext"]["identity"]
        assert identity["userArn"] == f"arn:{part}:iam::{ACCOUNT_OF_KEY}:user/111111111111"


def test_iam_credential_scoped_to_another_region_is_refused_in_china():
    with mock_apigateway(region="cn-north-1") as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients("cn-north-1", owner=True)
        api = _iam_rest(v1, "cn-north-1")
        url = f"https://{execute_api_host(api, 'cn-north-1')}/dev/x"
        refused = gw.invoke("GET", url, _signed("us-east-1"))
        assert refused.status == 403
        assert json.loads(refused.body) == {
            "message": "Credential should be scoped to a valid region, not 'us-east-1'. "}
        assert gw.invoke("GET", url, _signed("cn-north-1")).status == 200


def test_cross_partition_principal_in_a_resource_policy_is_not_the_caller():
    """A China caller is ``arn:aws-cn:iam::...``: a Deny naming the ``arn:aws:`` form does not match it."""
    deny = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111111111111:user/111111111111"},
         "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}
    with mock_apigateway(region="cn-north-1") as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients("cn-north-1", owner=True)
        api = _iam_rest(v1, "cn-north-1")
        v1.update_rest_api(restApiId=api, patchOperations=[{"op": "replace", "path": "/policy",
                                                            "value": json.dumps(deny)}])
        v1.create_deployment(restApiId=api, stageName="dev")
        url = f"https://{execute_api_host(api, 'cn-north-1')}/dev/x"
        assert gw.invoke("GET", url, _signed("cn-north-1")).status == 200
        deny["Statement"][1]["Principal"]["AWS"] = "arn:aws-cn:iam::111111111111:user/111111111111"
        v1.update_rest_api(restApiId=api, patchOperations=[{"op": "replace", "path": "/policy",
                                                            "value": json.dumps(deny)}])
        v1.create_deployment(restApiId=api, stageName="dev")
        assert gw.invoke("GET", url, _signed("cn-north-1")).status == 403


# --- execution logs ----------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["cn-north-1", "us-iso-east-1", "us-gov-west-1"])
def test_execution_log_lambda_uri_uses_the_partitions_suffix(region):
    suffix = REGIONS[region][1]
    with mock_apigateway(region=region) as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients(region)
        api = _rest_proxy(v1, region)
        root = [r for r in v1.get_resources(restApiId=api)["items"] if r["path"] != "/"][0]["id"]
        answer = v1.test_invoke_method(restApiId=api, resourceId=root, httpMethod="ANY", pathWithQueryString="/x")
        lines = [line for line in answer["log"].splitlines() if "Endpoint request URI" in line]
        assert lines and all(f"https://lambda.{region}.{suffix}/2015-03-31/functions/" in line for line in lines)


# --- WebSocket APIs ----------------------------------------------------------------------------


def _ws_api(gw, region, handler):
    part = REGIONS[region][0]
    v2 = boto3.client("apigatewayv2", region_name=region)
    api = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    gw.add_lambda("backend", handler)
    fn = f"arn:{part}:lambda:{region}:{ACCOUNT}:function:backend"
    integration = v2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=fn)["IntegrationId"]
    for key in ("$connect", "$default"):
        v2.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api, StageName="dev", AutoDeploy=True)
    return v2, api


@pytest.mark.parametrize("region", ["cn-north-1", "us-iso-east-1"])
def test_websocket_in_another_partition(region):
    events = []

    def backend(event, context):
        events.append(event["requestContext"])
        return {"statusCode": 200}

    with mock_apigateway(region=region) as gw:
        v2, api = _ws_api(gw, region, backend)
        host = execute_api_host(api, region)
        assert v2.get_api(ApiId=api)["ApiEndpoint"] == f"wss://{host}"
        conn = gw.websocket(f"wss://{host}/dev")
        conn.send(json.dumps({"action": "x"}))
        assert [e["domainName"] for e in events] == [host, host]
        assert {e["apiId"] for e in events} == {api}
        # the management API at the partition's host
        management = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{host}/dev", region_name=region)
        management.post_to_connection(ConnectionId=events[0]["connectionId"], Data=b"hi")
        assert conn.received[-1] in ("hi", b"hi")
        conn.close()


def test_websocket_at_another_partitions_suffix_is_refused():
    with mock_apigateway(region="cn-north-1") as gw:
        _, api = _ws_api(gw, "cn-north-1", lambda event, context: {"statusCode": 200})
        with pytest.raises((ValueError, NetworkBlocked)):
            gw.websocket(f"wss://{api}.execute-api.cn-north-1.amazonaws.com/dev")
        gw.websocket(f"wss://{execute_api_host(api, 'cn-north-1')}/dev").close()


@pytest.mark.parametrize(("region", "zone"), [("us-gov-west-1", "Z1K6XKP9SAGWDV"), ("us-gov-east-1", "Z3SE9ATJYCRCZJ"),
                                              ("us-east-1", "Z1UJRXOUMOOFQ8")])
def test_regional_hosted_zone_of_govcloud(region, zone):
    with mock_apigateway(region=region):
        v1, v2 = _clients(region)
        cert = f"arn:{partition(region)}:acm:{region}:{ACCOUNT}:certificate/1"
        assert v1.create_domain_name(domainName="a.example.com", regionalCertificateArn=cert,
                                     endpointConfiguration={"types": ["REGIONAL"]})["regionalHostedZoneId"] == zone
        created = v2.create_domain_name(DomainName="b.example.com", DomainNameConfigurations=[{"CertificateArn": cert}])
        assert created["DomainNameConfigurations"][0]["HostedZoneId"] == zone


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1"])
def test_custom_domain_of_another_partitions_region_is_served(region):
    """A mock whose own region is us-east-1 still serves a domain created with a client of ``region``."""
    with mock_apigateway(region="us-east-1") as gw:
        gw.add_lambda("echo", _echo)
        v1, _ = _clients(region)
        api = _rest_proxy(v1, region)
        cert = f"arn:{partition(region)}:acm:{region}:{ACCOUNT}:certificate/1"
        v1.create_domain_name(domainName="api.partition.example", regionalCertificateArn=cert,
                              endpointConfiguration={"types": ["REGIONAL"]})
        v1.create_base_path_mapping(domainName="api.partition.example", restApiId=api, stage="dev")
        response = gw.invoke("GET", "https://api.partition.example/pets")
        assert response.status == 200, response.body
        assert json.loads(response.body)["requestContext"]["domainName"] == "api.partition.example"


@pytest.mark.parametrize("region", ["eusc-de-east-1", "us-isob-east-1", "cn-north-1", "us-gov-east-1"])
def test_rest_authorizer_uri_of_every_partition_is_accepted(region):
    part = partition(region)
    with mock_apigateway(region=region):
        v1, _ = _clients(region)
        api = v1.create_rest_api(name="a")["id"]
        fn = f"arn:{part}:lambda:{region}:{ACCOUNT}:function:auth"
        uri = f"arn:{part}:apigateway:{region}:lambda:path/2015-03-31/functions/{fn}/invocations"
        created = v1.create_authorizer(restApiId=api, name="a", type="TOKEN", authorizerUri=uri,
                                       identitySource="method.request.header.Authorization")
        assert created["authorizerUri"] == uri
        pool = f"arn:{part}:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_abc"
        cognito = v1.create_authorizer(restApiId=api, name="c", type="COGNITO_USER_POOLS", providerARNs=[pool],
                                       identitySource="method.request.header.Authorization")
        assert cognito["providerARNs"] == [pool]
        with pytest.raises(v1.exceptions.BadRequestException):
            v1.create_authorizer(restApiId=api, name="b", type="TOKEN", authorizerUri="arn:aws:apigateway:x:lambda:p",
                                 identitySource="method.request.header.Authorization")
        assert [a["name"] for a in v1.get_authorizers(restApiId=api)["items"]] == ["a", "c"]


# --- hostile host names ------------------------------------------------------------------------

_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-.", min_size=1, max_size=40)
_SUFFIX = st.sampled_from(["amazonaws.com", "amazonaws.com.cn", "c2s.ic.gov", "sc2s.sgov.gov", "amazonaws.eu",
                           "api.aws", "example.com"])


@given(api=st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True), region=st.one_of(st.sampled_from(list(REGIONS)), _LABEL),
       suffix=_SUFFIX)
@FAST
def test_execute_api_host_is_served_only_with_its_regions_suffix(api, region, suffix):
    from gwmock.runtime import is_execute_api

    host = f"{api}.execute-api.{region}.{suffix}"
    expected = (suffix == dns_suffix(region) and "." not in region and region != ""
                and all(c.isalnum() or c == "-" for c in region))
    assert is_execute_api(host) is expected


def test_hostile_long_hosts_answer_at_once():
    with mock_apigateway(region="cn-north-1") as gw:
        started = time.monotonic()
        for host in ("a.execute-api." + "cn-" * 20_000 + "1.amazonaws.com.cn",
                     "a.execute-api." + "-" * 50_000 + ".amazonaws.com.cn",
                     "a.execute-api." + "cn-north-1." * 5_000 + "amazonaws.com.cn"):
            with pytest.raises(ValueError, match="not an execute-api URL"):
                gw.invoke("GET", f"https://{host}/dev/")
        unknown = gw.invoke("GET", "https://" + "a" * 60_000 + ".execute-api.cn-north-1.amazonaws.com.cn/dev/")
        assert (unknown.status, unknown.body) == (403, b'{"message":"Forbidden"}')
        assert time.monotonic() - started < 2
        # the mock still serves the next request
        gw.add_lambda("echo", _echo)
        v1, _ = _clients("cn-north-1")
        api = _rest_proxy(v1, "cn-north-1")
        assert gw.invoke("GET", f"https://{execute_api_host(api, 'cn-north-1')}/dev/x").status == 200


def test_api_of_a_twelve_digit_access_keys_account_is_served_at_its_host():
    with mock_apigateway(region="cn-north-1") as gw:
        gw.add_lambda("echo", _echo)
        v1 = boto3.client("apigateway", region_name="cn-north-1", aws_access_key_id="111111111111",
                          aws_secret_access_key="x")
        api = _rest_proxy(v1, "cn-north-1")
        assert gw.invoke("GET", f"https://{execute_api_host(api, 'cn-north-1')}/dev/x").status == 200
