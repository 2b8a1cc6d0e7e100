"""Data-plane cases of the "Performance" issue not in ``_data.py``: an authorized, keyed REST
method and route lookup against the API's size.

    python benchmarks/bench_dataplane.py [--quick]

* ``requests`` REST/HTTP Lambda proxy and REST MOCK, ``gw.invoke`` REST MOCK and Lambda proxy: as
  in ``_data.py`` (repeated here so this module alone gives the issue's numbers);
* a REST method behind a TOKEN Lambda authorizer (its result cached) with an API key and a
  usage plan, through ``requests`` against its floor (the same call answered by a canned urllib3
  response) and through ``gw.invoke``;
* ``gw.invoke`` of a MOCK method on a REST API of 200 resources against the same method on an
  API of one: route lookup is flat in the number of resources (the table is compiled once per
  deployment);
* the same MOCK method on a stage with access logs (a JSON format rendered per request), and called
  through a custom domain whose third routing rule matches, each against the plain call.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import boto3  # noqa: E402

from benchmarks._control import median_us  # noqa: E402
from benchmarks._data import LAMBDA_ARN, REGION, _against_floor, _Handler, _http_api, _rest_api  # noqa: E402

Row = dict[str, Any]
AUTH_URI = LAMBDA_ARN.replace(":bench", ":auth")
AUTHORIZER_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{AUTH_URI}/invocations"


def _allow(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}


def _guarded_api(v1: Any) -> tuple[str, str]:
    """GET /pets (MOCK) behind a TOKEN authorizer and an API key of a usage plan; (url, key)."""
    api = v1.create_rest_api(name="guarded")
    res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    auth = v1.create_authorizer(restApiId=api["id"], name="tok", type="TOKEN", authorizerUri=AUTHORIZER_URI,
                                identitySource="method.request.header.Authorization",
                                authorizerResultTtlInSeconds=300)
    v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="CUSTOM",
                  authorizerId=auth["id"], apiKeyRequired=True)
    v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK",
                       requestTemplates={"application/json": '{"statusCode": 200}'})
    v1.put_method_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200")
    v1.put_integration_response(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", statusCode="200",
                                responseTemplates={"application/json": '{"pets": []}'})
    v1.create_deployment(restApiId=api["id"], stageName="dev")
    plan = v1.create_usage_plan(name="plan", apiStages=[{"apiId": api["id"], "stage": "dev"}])
    key = v1.create_api_key(name="key", enabled=True)
    v1.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets", key["value"]


def _log_access(v1: Any, url: str) -> None:
    """Turn on access logs for the stage of ``url`` (a ``_rest_api`` URL)."""
    api_id = url.split("//", 1)[1].split(".", 1)[0]
    v1.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/format", "value": json.dumps({
            "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "method": "$context.httpMethod",
            "path": "$context.resourcePath", "status": "$context.status", "length": "$context.responseLength"})},
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:123456789012:log-group:bench"}])


def _routed_domain(v1: Any, v2: Any, url: str) -> str:
    """A custom domain in ROUTING_RULE_ONLY mode whose third rule (by priority) sends ``/v1/...`` to the
    stage of ``url``; the URL of ``/v1/pets`` on it."""
    api_id = url.split("//", 1)[1].split(".", 1)[0]
    name = "bench.example.com"
    v2.create_domain_name(DomainName=name, RoutingMode="ROUTING_RULE_ONLY", DomainNameConfigurations=[
        {"CertificateArn": f"arn:aws:acm:{REGION}:123456789012:certificate/bench", "EndpointType": "REGIONAL"}])
    conditions = [[{"MatchHeaders": {"AnyOf": [{"Header": "x-version", "ValueGlob": "beta*"}]}}],
                  [{"MatchBasePaths": {"AnyOf": ["v2"]}}], [{"MatchBasePaths": {"AnyOf": ["v1"]}}]]
    for priority, condition in enumerate(conditions, start=1):
        v2.create_routing_rule(DomainName=name, Priority=priority, Conditions=condition,
                               Actions=[{"InvokeApi": {"ApiId": api_id, "Stage": "dev",
                                                       "StripBasePath": priority > 1}}])
    return f"https://{name}/v1/pets"


def run(quick: bool) -> list[Row]:
    import requests

    from gwmock import mock_apigateway

    repeat = 100 if quick else 500
    rows: list[Row] = []
    with mock_apigateway() as gw:
        handler = _Handler()
        gw.add_lambda("bench", handler)
        gw.add_lambda("auth", _allow)
        v1 = boto3.client("apigateway", region_name=REGION)
        v2 = boto3.client("apigatewayv2", region_name=REGION)
        rest, http = _rest_api(v1), _http_api(v2)
        guarded, key = _guarded_api(v1)
        big = _rest_api(v1, resources=199)  # 200 resources with /pets

        def post(url: str) -> Any:
            return lambda: requests.post(url, data=b"{}", headers={"Content-Type": "application/json"})

        guard_headers = {"Authorization": "Bearer token", "x-api-key": key}
        rows.append(_against_floor("requests REST Lambda proxy", post(rest), handler, repeat, 1.15))
        rows.append(_against_floor("requests HTTP API Lambda proxy", post(http), handler, repeat, 1.15))
        rows.append(_against_floor("requests REST MOCK", lambda: requests.get(rest), None, repeat, 1.15))
        rows.append(_against_floor("requests REST TOKEN authorizer (cached) + API key", lambda: requests.get(
            guarded, headers=guard_headers), None, repeat, 1.15, "MOCK integration; usage counted"))
        mock_us = median_us(lambda: gw.invoke("GET", rest), repeat)
        rows.append({"name": "gw.invoke REST MOCK", "gwmock_us": mock_us, "floor_us": None, "ratio": None,
                     "target": "< 60 us", "note": "all of it gwmock's own time"})
        proxy_us = median_us(lambda: gw.invoke("POST", rest, body="{}"), repeat)
        direct = median_us(lambda: handler(handler.event, handler.context), repeat)
        rows.append({"name": "gw.invoke REST Lambda proxy", "gwmock_us": proxy_us, "floor_us": direct, "ratio": None,
                     "target": None, "note": f"gwmock's own ~{proxy_us - direct:.0f} us; floor = the handler alone"})
        guarded_us = median_us(lambda: gw.invoke("GET", guarded, headers=guard_headers), repeat)
        rows.append({"name": "gw.invoke REST TOKEN authorizer (cached) + API key", "gwmock_us": guarded_us,
                     "floor_us": mock_us, "ratio": guarded_us / mock_us, "target": None,
                     "note": "floor = gw.invoke of the same MOCK without authorization"})
        big_us = median_us(lambda: gw.invoke("GET", big), repeat)
        rows.append({"name": "gw.invoke REST MOCK, 200 resources", "gwmock_us": big_us, "floor_us": mock_us,
                     "ratio": big_us / mock_us, "target": 1.10, "note": "floor = the same on a 1-resource API"})
        logged = _rest_api(v1)
        _log_access(v1, logged)
        logged_us = median_us(lambda: gw.invoke("GET", logged), repeat)
        rows.append({"name": "gw.invoke REST MOCK, stage access logs", "gwmock_us": logged_us, "floor_us": mock_us,
                     "ratio": logged_us / mock_us, "target": None,
                     "note": "a JSON format of 6 variables rendered per request; floor = no access logs"})
        routed = _routed_domain(v1, v2, rest)
        routed_us = median_us(lambda: gw.invoke("GET", routed), repeat)
        rows.append({"name": "gw.invoke REST MOCK, custom domain rule", "gwmock_us": routed_us, "floor_us": mock_us,
                     "ratio": routed_us / mock_us, "target": None,
                     "note": "3 routing rules, the last one matching; floor = the execute-api host"})
    return rows


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        ratio = f"{row['ratio']:.2f}" if row.get("ratio") else "-"
        floor = f"{row['floor_us']:.1f}" if row.get("floor_us") else "-"
        print(f"{row['name']:52} {row['gwmock_us']:9.1f} {floor:>9} {ratio:>6}  {row.get('note', '')}")
