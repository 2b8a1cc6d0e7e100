"""Private REST APIs (endpoint type PRIVATE) called as AWS lets them be called (gwmock/runtime/__init__.py,
gwmock/runtime/hosts.py, gwmock/runtime/rest/resource_policy.py).

AWS's developer guide, "Invoke a private API": through a VPC endpoint's own DNS names
(``vpce-{id}-{dns}[-{zone}].execute-api.{region}.vpce.amazonaws.com``) with ``Host:
{api}.execute-api.{region}.amazonaws.com`` or ``x-apigw-api-id: {api}``, and through the Route 53 alias
``{api}-{vpce-id}.execute-api.{region}.amazonaws.com`` of an endpoint associated with the API. AWS
Knowledge Center "Why do I get an HTTP 403 Forbidden error when connecting to my API Gateway APIs from a
VPC?": an endpoint routes to private APIs only, and a private API's default URL outside a VPC answers 403.
Events of private APIs that users quote carry ``x-amzn-vpce-id``/``x-amzn-vpce-config`` headers and
``requestContext.identity.vpceId``/``vpcId``.
"""

from __future__ import annotations

import asyncio
import json
import urllib.request

import httpx
import pytest
import requests
import urllib3
from helpers import deployed_mock_api, network_guard

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
VPCE = "vpce-0abc1234def567890"
OTHER_VPCE = "vpce-0fff9999aaa000111"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
MASKED = "********" + DEFAULT_ACCOUNT[-4:]
FORBIDDEN = (403, {"message": "Forbidden"})


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _dns(vpce=VPCE, zone=""):
    return f"{vpce}-x1y2z3w4{'-' + zone if zone else ''}.execute-api.{REGION}.vpce.amazonaws.com"


def _host(api_id, region=REGION):
    return f"{api_id}.execute-api.{region}.amazonaws.com"


def _policy(only=None):
    """Allow every caller; with ``only``, deny calls from any other VPC endpoint (AWS's example)."""
    statements = [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]
    if only:
        statements.append({"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                           "Resource": "execute-api:/*", "Condition": {"StringNotEquals": {"aws:SourceVpce": only}}})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _api(apigateway, gw, *, types=("PRIVATE",), endpoints=(), policy=None):
    """A REST API with GET /pets (Lambda proxy echo), deployed to prod."""
    gw.add_lambda(FN, _echo)
    config = {"types": list(types), **({"vpcEndpointIds": list(endpoints)} if endpoints else {})}
    api = apigateway.create_rest_api(name="private", endpointConfiguration=config, policy=policy or _policy())
    pets = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    apigateway.put_method(restApiId=api["id"], resourceId=pets, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=pets, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    return api["id"]


def _answer(response):
    return response.status_code, response.json()


# --- the VPC endpoint's own DNS names ------------------------------------------------------------------


def test_endpoint_dns_name_with_the_api_host_header(apigateway, gwmock):
    api_id = _api(apigateway, gwmock)
    response = requests.get(f"https://{_dns()}/prod/pets", headers={"Host": _host(api_id)}, timeout=5)
    assert response.status_code == 200
    event = response.json()
    assert event["headers"]["Host"] == _host(api_id)
    assert event["requestContext"]["domainName"] == _host(api_id)
    assert event["requestContext"]["apiId"] == api_id
    assert event["path"] == "/pets"


def test_endpoint_dns_name_with_the_api_id_header(apigateway, gwmock):
    """Host stays the endpoint's name; $context.domainName is the Host sent ("the same as the incoming
    Host header", $context variables reference)."""
    api_id = _api(apigateway, gwmock)
    response = requests.get(f"https://{_dns()}/prod/pets", headers={"x-apigw-api-id": api_id}, timeout=5)
    assert response.status_code == 200
    event = response.json()
    assert event["headers"]["Host"] == _dns()
    assert event["headers"]["x-apigw-api-id"] == api_id
    assert event["requestContext"]["domainName"] == _dns()


def test_availability_zone_dns_name(apigateway, gwmock):
    api_id = _api(apigateway, gwmock)
    response = requests.get(f"https://{_dns(zone='us-east-1a')}/prod/pets", headers={"x-apigw-api-id": api_id},
                            timeout=5)
    assert response.status_code == 200


def test_private_call_carries_the_endpoint(apigateway, gwmock):
    """API Gateway adds ``x-amzn-vpce-id``/``x-amzn-vpce-config`` (replacing a client's) and
    ``identity.vpceId``; the VPC is unknown to gwmock (guess: ``vpcId`` null)."""
    api_id = _api(apigateway, gwmock)
    forged = {"x-apigw-api-id": api_id, "X-Amzn-Vpce-Id": OTHER_VPCE, "x-amzn-vpce-config": "0"}
    event = requests.get(f"https://{_dns()}/prod/pets", headers=forged, timeout=5).json()
    headers = event["headers"]
    assert headers["x-amzn-vpce-id"] == VPCE
    assert headers["x-amzn-vpce-config"] == "1"
    assert (headers["x-amzn-tls-version"], headers["x-amzn-cipher-suite"]) == ("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")
    assert "X-Amzn-Vpce-Id" not in headers
    identity = event["requestContext"]["identity"]
    assert (identity["vpceId"], identity["vpcId"]) == (VPCE, None)


def test_context_identity_vpce_id_in_a_template(apigateway, gwmock):
    url = deployed_mock_api(apigateway, '{"vpce": "$context.identity.vpceId", "domain": "$context.domainName"}',
                            method="GET", stage="prod", endpointConfiguration={"types": ["PRIVATE"]}, policy=_policy())
    api_id = url.split("//")[1].split(".")[0]
    response = gwmock.invoke("GET", f"https://{_dns()}/prod/", headers={"Host": _host(api_id)})
    assert (response.status, response.json()) == (200, {"vpce": VPCE, "domain": _host(api_id)})


@pytest.mark.parametrize("client", ["urllib3", "httpx", "httpx-async", "aiohttp", "urllib", "invoke"])
def test_every_client_reaches_a_private_api_through_the_endpoint(apigateway, gwmock, client):
    api_id = _api(apigateway, gwmock)
    url, headers = f"https://{_dns()}/prod/pets", {"x-apigw-api-id": api_id}
    if client == "urllib3":
        status, body = (lambda r: (r.status, r.data))(urllib3.request("GET", url, headers=headers))
    elif client == "httpx":
        status, body = (lambda r: (r.status_code, r.content))(httpx.get(url, headers=headers))
    elif client == "httpx-async":
        async def scenario():
            async with httpx.AsyncClient() as session:
                return await session.get(url, headers=headers)

        status, body = (lambda r: (r.status_code, r.content))(asyncio.run(scenario()))
    elif client == "aiohttp":
        aiohttp = pytest.importorskip("aiohttp")

        async def scenario():
            async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as answer:
                return answer.status, await answer.read()

        status, body = asyncio.run(scenario())
    elif client == "urllib":
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as answer:
            status, body = answer.status, answer.read()
    else:
        status, body = (lambda r: (r.status, r.body))(gwmock.invoke("GET", url, headers=headers))
    assert status == 200
    assert json.loads(body)["requestContext"]["identity"]["vpceId"] == VPCE


# --- what AWS refuses ----------------------------------------------------------------------------------


def test_private_api_at_its_public_host_is_forbidden(apigateway, gwmock):
    api_id = _api(apigateway, gwmock)
    response = requests.get(f"https://{_host(api_id)}/prod/pets", timeout=5)
    assert _answer(response) == FORBIDDEN
    assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"


def test_public_api_through_an_endpoint_is_forbidden(apigateway, gwmock, apigatewayv2):
    regional = _api(apigateway, gwmock, types=("REGIONAL",), policy=_policy())
    http_api = apigatewayv2.create_api(Name="http", ProtocolType="HTTP")["ApiId"]
    for api_id in (regional, http_api):
        response = requests.get(f"https://{_dns()}/prod/pets", headers={"x-apigw-api-id": api_id}, timeout=5)
        assert _answer(response) == FORBIDDEN
        response = requests.get(f"https://{_dns()}/prod/pets", headers={"Host": _host(api_id)}, timeout=5)
        assert _answer(response) == FORBIDDEN
    assert requests.get(f"https://{_host(regional)}/prod/pets", timeout=5).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"x-apigw-api-id": "nosuchapi1"}, {"x-apigw-api-id": "../x?"},
                                     {"Host": "api.example.com"}], ids=["none", "missing", "malformed", "other-host"])
def test_endpoint_without_a_known_api_is_forbidden(apigateway, gwmock, headers):
    _api(apigateway, gwmock)
    assert _answer(requests.get(f"https://{_dns()}/prod/pets", headers=headers, timeout=5)) == FORBIDDEN


def test_endpoint_reaches_its_own_region_only(apigateway, gwmock):
    api_id = _api(apigateway, gwmock)
    response = requests.get(f"https://{_dns()}/prod/pets", headers={"Host": _host(api_id, "eu-west-1")}, timeout=5)
    assert _answer(response) == FORBIDDEN


def test_api_id_header_wins_over_the_host_header(apigateway, gwmock):
    """Guess: with both, ``x-apigw-api-id`` names the API."""
    first, second = _api(apigateway, gwmock), _api(apigateway, gwmock)
    headers = {"Host": _host(first), "x-apigw-api-id": second}
    event = requests.get(f"https://{_dns()}/prod/pets", headers=headers, timeout=5).json()
    assert event["requestContext"]["apiId"] == second


def test_policy_refuses_another_endpoint(apigateway, gwmock):
    api_id = _api(apigateway, gwmock, policy=_policy(only=VPCE))
    assert requests.get(f"https://{_dns()}/prod/pets", headers={"x-apigw-api-id": api_id}, timeout=5).status_code == 200
    # a client's own x-amzn-vpce-id does not pose as the allowed endpoint
    headers = {"x-apigw-api-id": api_id, "x-amzn-vpce-id": VPCE}
    response = requests.get(f"https://{_dns(OTHER_VPCE)}/prod/pets", headers=headers, timeout=5)
    message = (f"User: anonymous is not authorized to perform: execute-api:Invoke on resource: "
               f"arn:aws:execute-api:{REGION}:{MASKED}:{api_id}/prod/GET/pets with an explicit deny")
    assert _answer(response) == (403, {"Message": message})
    assert gwmock.requests[-1].log is not None
    assert any(f"aws:SourceVpce={OTHER_VPCE}" in line for line in gwmock.requests[-1].log)


def test_public_api_ignores_a_client_vpce_header(apigateway, gwmock):
    """On a public API (no endpoint in the path) a client's ``x-amzn-vpce-id`` is no ``aws:SourceVpce``."""
    api_id = _api(apigateway, gwmock, types=("REGIONAL",), policy=_policy(only=VPCE))
    response = requests.get(f"https://{_host(api_id)}/prod/pets", headers={"x-amzn-vpce-id": VPCE}, timeout=5)
    assert response.status_code == 403


# --- the Route 53 alias of an associated endpoint --------------------------------------------------------


def test_alias_of_an_associated_endpoint(apigateway, gwmock):
    api_id = _api(apigateway, gwmock, endpoints=[VPCE])
    response = requests.get(f"https://{api_id}-{VPCE}.execute-api.{REGION}.amazonaws.com/prod/pets", timeout=5)
    assert response.status_code == 200
    event = response.json()
    assert event["headers"]["Host"] == f"{api_id}-{VPCE}.execute-api.{REGION}.amazonaws.com"
    assert event["headers"]["x-amzn-vpce-id"] == VPCE
    assert event["requestContext"]["identity"]["vpceId"] == VPCE


def test_alias_of_an_endpoint_not_associated_is_forbidden(apigateway, gwmock):
    """Guess: without the alias record the name falls to execute-api's public wildcard, which does not
    know it."""
    api_id = _api(apigateway, gwmock, endpoints=[VPCE])
    response = requests.get(f"https://{api_id}-{OTHER_VPCE}.execute-api.{REGION}.amazonaws.com/prod/pets", timeout=5)
    assert _answer(response) == FORBIDDEN
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "add", "path": "/endpointConfiguration/vpcEndpointIds", "value": OTHER_VPCE}])
    response = requests.get(f"https://{api_id}-{OTHER_VPCE}.execute-api.{REGION}.amazonaws.com/prod/pets", timeout=5)
    assert response.status_code == 200


# --- hermetic and server mode --------------------------------------------------------------------------


def test_endpoint_hosts_never_reach_the_network(apigateway, gwmock, monkeypatch):
    api_id = _api(apigateway, gwmock)
    seen = network_guard(monkeypatch)
    assert requests.get(f"https://{_dns()}/prod/pets", headers={"x-apigw-api-id": api_id}, timeout=5).status_code == 200
    assert _answer(requests.get(f"https://{_dns()}/prod/pets", timeout=5)) == FORBIDDEN
    # a name of the endpoint's zone gwmock does not serve (no DNS-name part) fails locally, naming gwmock
    with pytest.raises(requests.ConnectionError, match="gwmock"):
        requests.get(f"https://{VPCE}.execute-api.{REGION}.vpce.amazonaws.com/prod/pets", timeout=5)
    assert seen == []


def test_server_mode_endpoint_host_with_api_id_header():
    pytest.importorskip("uvicorn")
    import boto3

    from gwmock.server import start

    server = start(timeout=2.0)
    try:
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=server.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        url = deployed_mock_api(client, '{"vpce": "$context.identity.vpceId"}', method="GET", stage="prod",
                                endpointConfiguration={"types": ["PRIVATE"]}, policy=_policy())
        api_id = url.split("//")[1].split(".")[0]
        through = requests.get(server.url + "/prod/", headers={"Host": _dns(), "x-apigw-api-id": api_id}, timeout=5)
        assert _answer(through) == (200, {"vpce": VPCE})
        public = requests.get(server.url + "/prod/", headers={"Host": _host(api_id)}, timeout=5)
        assert _answer(public) == FORBIDDEN
    finally:
        server.stop()


# --- deploying, and WebSocket handshakes to an endpoint ----------------------------------------------


def test_a_private_api_without_a_policy_is_not_deployed(apigateway):
    """hashicorp/terraform-provider-aws#14290, aws/serverless-application-model#3764: AWS's 400."""
    api = apigateway.create_rest_api(name="p", endpointConfiguration={"types": ["PRIVATE"]})
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                               type="MOCK")
    with pytest.raises(apigateway.exceptions.BadRequestException) as refused:
        apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    assert refused.value.response["Error"]["Message"] == \
        "Private REST API doesn't have a resource policy attached to it"
    assert apigateway.get_deployments(restApiId=api["id"])["items"] == []
    apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/policy", "value": _policy()}])
    assert apigateway.create_deployment(restApiId=api["id"], stageName="prod")["id"]


def test_a_websocket_handshake_to_an_endpoint_name_is_refused(gwmock):
    from gwmock.runtime.websocket.connections import Rejected

    with pytest.raises(Rejected) as refused:
        gwmock.websocket(f"wss://{_dns()}/prod", headers={"x-apigw-api-id": "abc123"})
    assert refused.value.status == 403
