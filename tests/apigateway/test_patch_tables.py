"""Every (Update* action, path, op) of the API reference's patch-operation tables, against gwmock.

The tables (seed 003, "Patch Operations") are extracted into ``tests/data/patch_tables/
patch_tables.json`` by ``tests/data/patch_tables/extract.py``. For each pair the test builds the
resource the action updates, sends one operation on the path (placeholders filled: ``CASES``
below gives, per action and table path, the concrete path, a valid value and what Get* answers)
and checks:

* a "Supported" pair succeeds; after a ``replace`` Get* answers the new value, after another op
  the ``after`` check of the case (when it has one) holds;
* a "Not supported" pair is a 400 BadRequestException with the wording AWS uses for that action
  (``refusal`` below: the families found in shared/aws-recorded), and Get* answers what it did
  before.

Reading the tables: a row naming a map or list (``/requestParameters``, ``/variables``,
``/cacheKeyParameters``, ``/binaryMediaTypes``, ``/responseTemplates``...) stands for its entries,
``/<row>/<key>`` with the key ~1-escaped, as the API reference's PatchOperation says ("the path
... /requestParameters/method.request.querystring.q"); a caveat ("Supported, except for MOCK
integrations") is met by the fixture and checked the other way round by the caveat tests at the
end. Where a recording of AWS contradicts the table, the recording wins: ``RECORDED`` lists those
pairs with the scenario that shows AWS's answer (no xfail: the recorded behaviour is what the test
asserts).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from helpers import api_with_mock_method, assert_error, error_of

TABLES: dict[str, list[dict[str, Any]]] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "patch_tables" / "patch_tables.json").read_text())
OPS = ("add", "replace", "remove", "copy")
REGION = "us-east-1"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0000-edge"
CERT_2 = "arn:aws:acm:us-east-1:123456789012:certificate/0000-new"
REGIONAL_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0000-regional"
NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/1234567890abcdef"
COGNITO = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
COGNITO_2 = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_def"
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:{}/invocations")
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]})

Ids = dict[str, str]
Value = Any  # a value, or a callable of the fixture's ids


@dataclass
class Target:
    """The resource one test updates: ``update`` sends patch operations, ``get`` reads it back."""

    ids: Ids
    update: Callable[[list[dict[str, Any]]], dict[str, Any]]
    read: Callable[[], dict[str, Any]]

    def get(self) -> dict[str, Any]:
        return {k: v for k, v in self.read().items() if k != "ResponseMetadata"}


@dataclass(frozen=True)
class Case:
    """How to exercise one table row. Every member may also be a dict keyed by op."""

    path: Any = None  # the concrete path (default: the table's), or a callable of the ids
    value: Value = "changed"
    read: Callable[[dict[str, Any]], Any] | None = None  # what Get* answers (default: the path's field)
    expect: Value = None  # what ``read`` answers after a replace (default: the value)
    after: Any = None  # for other supported ops: a check of Get*'s answer
    prepare: Any = ()  # operations sent (and to succeed) before the one tested
    companions: Any = ()  # operations sent in the same request, after the one tested (a caveat's)
    from_: Any = None  # a copy's ``from``
    variant: Any = None  # passed to the builder (a fixture that meets a caveat)


def _per_op(member: Any, op: str, default: Any = None) -> Any:
    if isinstance(member, dict) and set(member) <= set(OPS) and member:
        return member.get(op, default)
    return member if member is not None else default


def _resolve(value: Any, ids: Ids) -> Any:
    if callable(value):
        return value(ids)
    if isinstance(value, list | tuple):
        return [_resolve(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, ids) for k, v in value.items()}
    return value


def _pointer(path: str, got: dict[str, Any]) -> Any:
    """What ``got`` holds at the JSON pointer ``path`` (None if nothing)."""
    for segment in path.split("/")[1:]:
        if not isinstance(got, dict):
            return None
        got = got.get(segment.replace("~1", "/").replace("~0", "~"))  # type: ignore[assignment]
    return got


def _norm(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


# --- builders: one resource per action, made with as few calls as possible ------------------


def _api(client: Any, **kwargs: Any) -> Ids:
    created = client.create_rest_api(name="patch-tables", **kwargs)
    return {"api": created["id"], "root": created["rootResourceId"]}


def _deployed(client: Any) -> Ids:
    """A REST API with a MOCK GET / and stage ``dev``."""
    api_id = api_with_mock_method(client)
    deployment = client.create_deployment(restApiId=api_id, stageName="dev")["id"]
    return {"api": api_id, "deployment": deployment}


def build_account(client: Any, variant: Any) -> Target:
    return Target({}, lambda ops: client.update_account(patchOperations=ops), client.get_account)


def build_api_key(client: Any, variant: Any) -> Target:
    ids = _deployed(client)
    ids["key"] = client.create_api_key(name="key", description="d", customerId="c")["id"]
    return Target(ids, lambda ops: client.update_api_key(apiKey=ids["key"], patchOperations=ops),
                  lambda: client.get_api_key(apiKey=ids["key"]))


def build_authorizer(client: Any, variant: Any) -> Target:
    ids = _api(client)
    # REQUEST with caching off: every table path can be patched alone and leave a valid authorizer
    ids["authorizer"] = client.create_authorizer(
        restApiId=ids["api"], name="auth", type="REQUEST", authorizerUri=LAMBDA_URI.format("auth"),
        identitySource="method.request.header.Auth", authorizerResultTtlInSeconds=0)["id"]
    where = {"restApiId": ids["api"], "authorizerId": ids["authorizer"]}
    return Target(ids, lambda ops: client.update_authorizer(**where, patchOperations=ops),
                  lambda: client.get_authorizer(**where))


def build_base_path_mapping(client: Any, variant: Any) -> Target:
    ids = _deployed(client)
    client.create_stage(restApiId=ids["api"], stageName="prod", deploymentId=ids["deployment"])
    ids["other_api"] = _deployed(client)["api"]
    client.create_domain_name(domainName="api.example.com", regionalCertificateArn=REGIONAL_CERT,
                              endpointConfiguration={"types": ["REGIONAL"]})
    client.create_base_path_mapping(domainName="api.example.com", basePath="v1", restApiId=ids["api"], stage="dev")

    def get() -> dict[str, Any]:
        return client.get_base_path_mappings(domainName="api.example.com")["items"][0]  # type: ignore[no-any-return]

    return Target(ids, lambda ops: client.update_base_path_mapping(
        domainName="api.example.com", basePath=get()["basePath"], patchOperations=ops), get)


def build_client_certificate(client: Any, variant: Any) -> Target:
    ids = {"cert": client.generate_client_certificate(description="d")["clientCertificateId"]}
    where = {"clientCertificateId": ids["cert"]}
    return Target(ids, lambda ops: client.update_client_certificate(**where, patchOperations=ops),
                  lambda: client.get_client_certificate(**where))


def build_deployment(client: Any, variant: Any) -> Target:
    ids = _deployed(client)
    where = {"restApiId": ids["api"], "deploymentId": ids["deployment"]}
    return Target(ids, lambda ops: client.update_deployment(**where, patchOperations=ops),
                  lambda: client.get_deployment(**where))


def build_documentation_part(client: Any, variant: Any) -> Target:
    ids = _api(client)
    ids["part"] = client.create_documentation_part(restApiId=ids["api"], location={"type": "API"},
                                                   properties='{"description":"old"}')["id"]
    where = {"restApiId": ids["api"], "documentationPartId": ids["part"]}
    return Target(ids, lambda ops: client.update_documentation_part(**where, patchOperations=ops),
                  lambda: client.get_documentation_part(**where))


def build_documentation_version(client: Any, variant: Any) -> Target:
    ids = _api(client)
    client.create_documentation_part(restApiId=ids["api"], location={"type": "API"}, properties='{"a":"b"}')
    client.create_documentation_version(restApiId=ids["api"], documentationVersion="v1", description="d")
    where = {"restApiId": ids["api"], "documentationVersion": "v1"}
    return Target(ids, lambda ops: client.update_documentation_version(**where, patchOperations=ops),
                  lambda: client.get_documentation_version(**where))


def build_domain_name(client: Any, variant: Any) -> Target:
    """``variant``: the endpoint types: "REGIONAL" (default), "EDGE", or "BOTH" (an EDGE name being
    migrated to REGIONAL, the state in which the table's removals apply)."""
    name = "api.example.com"
    if variant in ("EDGE", "BOTH"):
        client.create_domain_name(domainName=name, certificateArn=CERT, endpointConfiguration={"types": ["EDGE"]})
        if variant == "BOTH":
            client.update_domain_name(domainName=name, patchOperations=[
                {"op": "add", "path": "/endpointConfiguration/types", "value": "REGIONAL"},
                {"op": "add", "path": "/regionalCertificateArn", "value": REGIONAL_CERT}])
    else:
        client.create_domain_name(domainName=name, regionalCertificateArn=REGIONAL_CERT,
                                  endpointConfiguration={"types": ["REGIONAL"]})
    return Target({"domain": name}, lambda ops: client.update_domain_name(domainName=name, patchOperations=ops),
                  lambda: client.get_domain_name(domainName=name))


def build_gateway_response(client: Any, variant: Any) -> Target:
    ids = _api(client)
    client.put_gateway_response(restApiId=ids["api"], responseType="DEFAULT_4XX", statusCode="400",
                                responseParameters={"gatewayresponse.header.X": "'a'"},
                                responseTemplates={"application/json": '{"m":"a"}'})
    where = {"restApiId": ids["api"], "responseType": "DEFAULT_4XX"}
    return Target(ids, lambda ops: client.update_gateway_response(**where, patchOperations=ops),
                  lambda: client.get_gateway_response(**where))


def _method(client: Any, ids: Ids, **kwargs: Any) -> dict[str, str]:
    where = {"restApiId": ids["api"], "resourceId": ids["root"], "httpMethod": "GET"}
    client.put_method(**where, **{"authorizationType": "NONE", **kwargs})
    return where


def build_integration(client: Any, variant: Any) -> Target:
    """``variant`` "MOCK": a MOCK integration (the caveat of /httpMethod and /uri); else HTTP."""
    ids = _api(client)
    where = _method(client, ids, requestParameters={"method.request.querystring.q": False})
    if variant == "MOCK":
        client.put_integration(**where, type="MOCK")
    else:
        client.put_integration(**where, type="HTTP", integrationHttpMethod="GET", uri="https://example.com/",
                               requestParameters={"integration.request.header.X": "'a'"},
                               requestTemplates={"application/json": '{"a":1}'},
                               cacheKeyParameters=["method.request.querystring.q"])
    return Target(ids, lambda ops: client.update_integration(**where, patchOperations=ops),
                  lambda: client.get_integration(**where))


def build_integration_response(client: Any, variant: Any) -> Target:
    ids = _api(client)
    where = _method(client, ids)
    client.put_integration(**where, type="MOCK")
    client.put_method_response(**where, statusCode="200", responseParameters={"method.response.header.X": False})
    client.put_integration_response(**where, statusCode="200", responseParameters={"method.response.header.X": "'a'"},
                                    responseTemplates={"application/json": '{"a":1}'})
    return Target(ids, lambda ops: client.update_integration_response(**where, statusCode="200", patchOperations=ops),
                  lambda: client.get_integration_response(**where, statusCode="200"))


def build_method(client: Any, variant: Any) -> Target:
    """A COGNITO_USER_POOLS method (authorization scopes need one) with a request parameter and
    model, and no integration (the caveat of replacing /requestParameters)."""
    ids = _api(client)
    for name in ("auth", "auth2"):
        ids[name] = client.create_authorizer(restApiId=ids["api"], name=name, type="COGNITO_USER_POOLS",
                                             providerARNs=[COGNITO], identitySource="method.request.header.A")["id"]
    ids["validator"] = client.create_request_validator(restApiId=ids["api"], name="v", validateRequestBody=True)["id"]
    where = _method(client, ids, authorizationType="COGNITO_USER_POOLS", authorizerId=ids["auth"],
                    authorizationScopes=["s1"], requestParameters={"method.request.querystring.q": False},
                    requestModels={"application/json": "Empty"})
    return Target(ids, lambda ops: client.update_method(**where, patchOperations=ops),
                  lambda: client.get_method(**where))


def build_method_response(client: Any, variant: Any) -> Target:
    ids = _api(client)
    where = _method(client, ids)
    client.put_method_response(**where, statusCode="200", responseParameters={"method.response.header.X": False},
                               responseModels={"application/json": "Empty"})
    return Target(ids, lambda ops: client.update_method_response(**where, statusCode="200", patchOperations=ops),
                  lambda: client.get_method_response(**where, statusCode="200"))


def build_model(client: Any, variant: Any) -> Target:
    ids = _api(client)
    client.create_model(restApiId=ids["api"], name="M", contentType="application/json", schema='{"type":"object"}')
    where = {"restApiId": ids["api"], "modelName": "M"}
    return Target(ids, lambda ops: client.update_model(**where, patchOperations=ops), lambda: client.get_model(**where))


def build_request_validator(client: Any, variant: Any) -> Target:
    ids = _api(client)
    ids["validator"] = client.create_request_validator(restApiId=ids["api"], name="v")["id"]
    where = {"restApiId": ids["api"], "requestValidatorId": ids["validator"]}
    return Target(ids, lambda ops: client.update_request_validator(**where, patchOperations=ops),
                  lambda: client.get_request_validator(**where))


def build_resource(client: Any, variant: Any) -> Target:
    ids = _api(client)
    ids["a"] = client.create_resource(restApiId=ids["api"], parentId=ids["root"], pathPart="a")["id"]
    ids["b"] = client.create_resource(restApiId=ids["api"], parentId=ids["root"], pathPart="b")["id"]
    where = {"restApiId": ids["api"], "resourceId": ids["a"]}
    return Target(ids, lambda ops: client.update_resource(**where, patchOperations=ops),
                  lambda: client.get_resource(**where))


def build_rest_api(client: Any, variant: Any) -> Target:
    """``variant`` "PRIVATE": a private API (the caveat of /endpointConfiguration/vpcEndpointIds)."""
    kwargs: dict[str, Any] = {"description": "d", "binaryMediaTypes": ["image/png"]}
    if variant == "PRIVATE":
        kwargs["endpointConfiguration"] = {"types": ["PRIVATE"], "vpcEndpointIds": ["vpce-0"]}
    ids = _api(client, **kwargs)
    return Target(ids, lambda ops: client.update_rest_api(restApiId=ids["api"], patchOperations=ops),
                  lambda: client.get_rest_api(restApiId=ids["api"]))


def build_stage(client: Any, variant: Any) -> Target:
    """Stage ``dev`` with a variable and a canary (on a second deployment) with an override."""
    ids = _deployed(client)
    client.delete_stage(restApiId=ids["api"], stageName="dev")
    ids["canary"] = client.create_deployment(restApiId=ids["api"])["id"]
    client.create_stage(restApiId=ids["api"], stageName="dev", deploymentId=ids["deployment"], variables={"v": "x"},
                        canarySettings={"deploymentId": ids["canary"], "percentTraffic": 10.0,
                                        "stageVariableOverrides": {"v": "o"}})
    where = {"restApiId": ids["api"], "stageName": "dev"}
    return Target(ids, lambda ops: client.update_stage(**where, patchOperations=ops), lambda: client.get_stage(**where))


def _today() -> str:
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def build_usage(client: Any, variant: Any) -> Target:
    ids = _deployed(client)
    ids["plan"] = client.create_usage_plan(name="p", apiStages=[{"apiId": ids["api"], "stage": "dev"}],
                                           quota={"limit": 100, "period": "DAY"})["id"]
    ids["key"] = client.create_api_key(name="k", enabled=True)["id"]
    client.create_usage_plan_key(usagePlanId=ids["plan"], keyId=ids["key"], keyType="API_KEY")
    where = {"usagePlanId": ids["plan"], "keyId": ids["key"]}

    def get() -> dict[str, Any]:
        return client.get_usage(**where, startDate=_today(), endDate=_today())  # type: ignore[no-any-return]

    return Target(ids, lambda ops: client.update_usage(**where, patchOperations=ops), get)


def build_usage_plan(client: Any, variant: Any) -> Target:
    ids = _deployed(client)
    client.create_stage(restApiId=ids["api"], stageName="prod", deploymentId=ids["deployment"])
    ids["plan"] = client.create_usage_plan(
        name="p", description="d",
        apiStages=[{"apiId": ids["api"], "stage": "dev",
                    "throttle": {"/pets/GET": {"burstLimit": 1, "rateLimit": 1.0}}}],
        quota={"limit": 100, "offset": 0, "period": "WEEK"}, throttle={"burstLimit": 10, "rateLimit": 10.0})["id"]
    # the model's CreateUsagePlan has no productCode
    client.update_usage_plan(usagePlanId=ids["plan"],
                             patchOperations=[{"op": "add", "path": "/productCode", "value": "pc"}])
    return Target(ids, lambda ops: client.update_usage_plan(usagePlanId=ids["plan"], patchOperations=ops),
                  lambda: client.get_usage_plan(usagePlanId=ids["plan"]))


def build_vpc_link(client: Any, variant: Any) -> Target:
    ids = {"link": client.create_vpc_link(name="link", description="d", targetArns=[NLB])["id"]}
    return Target(ids, lambda ops: client.update_vpc_link(vpcLinkId=ids["link"], patchOperations=ops),
                  lambda: client.get_vpc_link(vpcLinkId=ids["link"]))


BUILDERS: dict[str, Callable[[Any, Any], Target]] = {
    "UpdateAccount": build_account, "UpdateApiKey": build_api_key, "UpdateAuthorizer": build_authorizer,
    "UpdateBasePathMapping": build_base_path_mapping, "UpdateClientCertificate": build_client_certificate,
    "UpdateDeployment": build_deployment, "UpdateDocumentationPart": build_documentation_part,
    "UpdateDocumentationVersion": build_documentation_version, "UpdateDomainName": build_domain_name,
    "UpdateGatewayResponse": build_gateway_response, "UpdateIntegration": build_integration,
    "UpdateIntegrationResponse": build_integration_response, "UpdateMethod": build_method,
    "UpdateMethodResponse": build_method_response, "UpdateModel": build_model,
    "UpdateRequestValidator": build_request_validator, "UpdateResource": build_resource,
    "UpdateRestApi": build_rest_api, "UpdateStage": build_stage, "UpdateUsage": build_usage,
    "UpdateUsagePlan": build_usage_plan, "UpdateVpcLink": build_vpc_link,
}


# --- per path: concrete path, value, what Get* answers ---------------------------------------


def _stage_setting(name: str) -> Callable[[dict[str, Any]], Any]:
    return lambda got: got["methodSettings"].get("~1pets/GET", {}).get(name)


def _setting(suffix: str, value: str, name: str) -> Case:
    """A method setting of ``/pets GET`` (the stage's ``methodSettings["~1pets/GET"][name]``)."""
    return Case(path=_METHOD_SETTING + suffix, value=value, read=_stage_setting(name))


def _has(field_name: str, item: Any) -> Callable[[dict[str, Any]], bool]:
    return lambda got: item in (got.get(field_name) or ())


def _plan_stage(ids: Ids) -> str:
    return f"{ids['api']}:dev"


_EDGE_MIGRATION = [{"op": "add", "path": "/endpointConfiguration/types", "value": "EDGE"}]
_TO_REGIONAL = [{"op": "remove", "path": "/endpointConfiguration/types", "value": "EDGE"}]
_FROM_REGIONAL = [{"op": "remove", "path": "/endpointConfiguration/types", "value": "REGIONAL"}]
_METHOD_SETTING = "/~1pets/GET"
_OVERRIDES = "/canarySettings/stageVariableOverrides"
_THROTTLE = "/apiStages/{}:dev/throttle/~1pets/GET"

CASES: dict[str, dict[str, Case]] = {
    "UpdateAccount": {
        "/cloudwatchRoleArn": Case(value="arn:aws:iam::123456789012:role/apigw-logs"),
        # remove: "but not for the UsagePlans feature" - a feature added first is removed
        "/features": Case(value="TestFeature", after={"add": _has("features", "TestFeature")},
                          prepare={"remove": [{"op": "add", "path": "/features", "value": "TestFeature"}]}),
    },
    "UpdateApiKey": {
        "/enabled": Case(value="true"),
        "/labels": Case(value="label-1"),  # no ApiKey member answers labels: accepted, nothing to read
        "/stages": Case(value=lambda ids: f"{ids['api']}/dev",
                        after={"add": lambda got: bool(got["stageKeys"]), "remove": lambda got: got["stageKeys"] == []},
                        prepare={"remove": [{"op": "add", "path": "/stages",
                                             "value": lambda ids: f"{ids['api']}/dev"}]}),
    },
    "UpdateAuthorizer": {
        "/authorizerUri": Case(value=LAMBDA_URI.format("other")),
        "/authorizerCredentials": Case(value="arn:aws:iam::123456789012:role/auth"),
        "/authorizerResultTtlInSeconds": Case(value="0", expect=0),
        "/authType": Case(value="custom"),
        "/identitySource": Case(value="method.request.header.Other",
                                after={"add": lambda got: got["identitySource"] == "method.request.header.Other",
                                       "remove": lambda got: "identitySource" not in got}),
        "/identityValidationExpression": Case(value="^x$"),
        "/providerARNs": Case(value=COGNITO_2, after={"add": _has("providerARNs", COGNITO_2)}),
        "/type": Case(value="TOKEN"),  # the REQUEST authorizer's header source suits a TOKEN one
    },
    "UpdateBasePathMapping": {
        "/basepath": Case(value="v2", read=lambda got: got["basePath"]),
        "/restapiId": Case(value=lambda ids: ids["other_api"], read=lambda got: got["restApiId"]),
        "/stage": Case(value="prod"),
    },
    "UpdateDocumentationPart": {
        "/properties": Case(value='{"description":"new"}', read=lambda got: json.loads(got["properties"]),
                            expect={"description": "new"}),
    },
    "UpdateDomainName": {
        # edge certificates: added while a regional name becomes edge-optimized, rotated on an
        # edge-optimized name, removed while an edge-optimized name becomes regional
        "/certificateName": Case(value="edge-cert", variant={"replace": "EDGE", "remove": "BOTH"},
                                 companions={"add": _EDGE_MIGRATION, "remove": _TO_REGIONAL},
                                 after={"add": lambda got: got.get("certificateName") == "edge-cert",
                                        "remove": lambda got: "certificateName" not in got}),
        "/certificateArn": Case(value=CERT_2, variant={"replace": "EDGE", "remove": "BOTH"},
                                companions={"add": _EDGE_MIGRATION, "remove": _TO_REGIONAL},
                                after={"add": lambda got: got.get("certificateArn") == CERT_2,
                                       "remove": lambda got: "certificateArn" not in got}),
        "/endpointConfiguration/types": Case(
            value={"add": "EDGE", "remove": "EDGE", "replace": "EDGE", "copy": "EDGE"}, variant={"remove": "BOTH"},
            companions={"add": [{"op": "add", "path": "/certificateArn", "value": CERT}],
                        "remove": [{"op": "remove", "path": "/certificateArn"}]},
            after={"add": lambda got: got["endpointConfiguration"]["types"] == ["REGIONAL", "EDGE"],
                   "remove": lambda got: got["endpointConfiguration"]["types"] == ["REGIONAL"]}),
        "/mutualTlsAuthentication/truststoreUri": Case(value="s3://bucket/truststore.pem"),
        "/mutualTlsAuthentication/truststoreVersion": Case(value="v2"),
        # regional certificates: added, rotated on a regional name, removed from an inactive
        # (no longer REGIONAL) endpoint
        "/regionalCertificateName": Case(value="regional-cert", variant={"remove": "BOTH"},
                                         companions={"remove": _FROM_REGIONAL}),
        "/regionalCertificateArn": Case(value=CERT_2, variant={"remove": "BOTH"}, companions={"remove": _FROM_REGIONAL},
                                        after={"remove": lambda got: "regionalCertificateArn" not in got}),
        "/securityPolicy": Case(value="TLS_1_0"),
        "/ownershipVerificationCertificateArn": Case(value=CERT_2),
    },
    "UpdateGatewayResponse": {
        "/statusCode": Case(value="401"),
        "/responseParameters": Case(path="/responseParameters/gatewayresponse.header.X", value="'b'",
                                    after={"remove": lambda got: got["responseParameters"] == {}}),
        "/responseTemplates": Case(path="/responseTemplates/application~1json", value='{"m":"b"}',
                                   after={"remove": lambda got: got["responseTemplates"] == {}}),
    },
    "UpdateIntegration": {
        "/cacheKeyParameters": Case(path="/cacheKeyParameters/method.request.querystring.q",
                                    read=lambda got: "method.request.querystring.q" in got["cacheKeyParameters"],
                                    expect=True, after={"remove": lambda got: got["cacheKeyParameters"] == []}),
        "/cacheNameSpace": Case(value="ns", read=lambda got: got["cacheNamespace"]),
        "/connectionId": Case(value="link-id"),
        "/connectionType": Case(value="INTERNET"),
        "/contentHandling": Case(value="CONVERT_TO_TEXT"),
        "/httpMethod": Case(value="POST"),
        "/passthroughBehavior": Case(value="NEVER"),
        "/requestParameters": Case(path="/requestParameters/integration.request.header.X", value="'b'",
                                   after={"remove": lambda got: "requestParameters" not in got}),
        "/requestTemplates": Case(path="/requestTemplates/application~1json", value='{"b":2}',
                                  after={"remove": lambda got: "requestTemplates" not in got}),
        "/timeoutInMillis": Case(value="1000"),
        "/tlsConfig/insecureSkipVerification": Case(value="true"),
        "/type": Case(value="AWS"),
        "/uri": Case(value="https://example.org/"),
    },
    "UpdateIntegrationResponse": {
        "/contentHandling": Case(value="CONVERT_TO_TEXT"),
        "/responseParameters": Case(path="/responseParameters/method.response.header.X", value="'b'",
                                    after={"remove": lambda got: "responseParameters" not in got}),
        "/responseTemplates": Case(path="/responseTemplates/application~1json", value='{"b":2}',
                                   after={"remove": lambda got: "responseTemplates" not in got}),
        "/selectionPattern": Case(value="2\\d{2}"),
    },
    "UpdateMethod": {
        "/authorizationScopes": Case(value="s2", after={"add": _has("authorizationScopes", "s2")}),
        "/authorizationType": Case(value="AWS_IAM"),
        "/authorizerId": Case(value=lambda ids: ids["auth2"]),
        "/apiKeyRequired": Case(value="true"),
        "/operationName": Case(value="getIt"),
        "/requestParameters": Case(path="/requestParameters/method.request.querystring.q", value="true",
                                   after={"remove": lambda got: "requestParameters" not in got}),
        "/requestModels": Case(path="/requestModels/application~1json", value="Error",
                               after={"remove": lambda got: "requestModels" not in got}),
        "/requestValidatorId": Case(value=lambda ids: ids["validator"]),
    },
    "UpdateMethodResponse": {
        "/responseModels": Case(path="/responseModels/application~1json", value="Error",
                                after={"remove": lambda got: "responseModels" not in got}),
        "/responseParameters": Case(path="/responseParameters/method.response.header.X", value="true",
                                    after={"remove": lambda got: "responseParameters" not in got}),
    },
    "UpdateModel": {
        "/schema": Case(value='{"type":"string"}'),
    },
    "UpdateRequestValidator": {
        "/validateRequestBody": Case(value="true"),
        "/validateRequestParameters": Case(value="true"),
    },
    "UpdateResource": {
        "/parentId": Case(value=lambda ids: ids["b"]),
        "/pathPart": Case(value="c"),
    },
    "UpdateRestApi": {
        "/apiKeySource": Case(value="AUTHORIZER"),
        "/binaryMediaTypes": Case(path="/binaryMediaTypes/image~1png", value="image/gif",
                                  read=lambda got: got.get("binaryMediaTypes"), expect=["image/gif"],
                                  after={"remove": lambda got: "binaryMediaTypes" not in got}),
        "/description": Case(value="new", after={"add": lambda got: got["description"] == "new",
                                                 "remove": lambda got: "description" not in got}),
        "/disableExecuteApiEndpoint": Case(value="true"),
        "/endpointConfiguration/types/{type}": Case(path="/endpointConfiguration/types/EDGE", value="REGIONAL",
                                                    read=lambda got: got["endpointConfiguration"]["types"],
                                                    expect=["REGIONAL"]),
        # "Supported only for PRIVATE endpoint type": a private API
        "/endpointConfiguration/vpcEndpointIds": Case(
            value="vpce-1", variant="PRIVATE",
            after={"add": lambda got: got["endpointConfiguration"]["vpcEndpointIds"] == ["vpce-0", "vpce-1"]},
            prepare={"remove": [{"op": "add", "path": "/endpointConfiguration/vpcEndpointIds", "value": "vpce-1"}]}),
        "/minimumCompressionSize": Case(value="1024"),
        "/policy": Case(value=POLICY, read=lambda got: "execute-api:Invoke" in got.get("policy", ""), expect=True),
    },
    "UpdateStage": {
        "/accessLogSettings": Case(prepare={"remove": [{"op": "replace", "path": "/accessLogSettings/format",
                                                         "value": "$context.requestId"}]},
                                   after={"remove": lambda got: "accessLogSettings" not in got}),
        "/accessLogSettings/*": Case(value="x"),
        "/accessLogSettings/destinationArn": Case(value="arn:aws:logs:us-east-1:123456789012:log-group:g"),
        "/accessLogSettings/format": Case(value="$context.requestId"),
        "/cacheClusterEnabled": Case(value="true"),
        "/cacheClusterSize": Case(value="1.6"),
        "/canarySettings": Case(after={"remove": lambda got: "canarySettings" not in got}),
        "/canarySettings/deploymentId": Case(value=lambda ids: ids["deployment"]),
        "/canarySettings/percentTraffic": Case(value="25"),
        # an entry of the map, as AWS's own "update-stage-canary-settings-overrides" step changes it;
        # remove and copy of the map itself (recorded: update-stage-canary-settings-remove-overrides)
        "/canarySettings/stageVariableOverrides": Case(
            path={"add": _OVERRIDES + "/v", "replace": _OVERRIDES + "/v", "remove": _OVERRIDES, "copy": _OVERRIDES},
            value="o2", from_="/variables"),
        "/canarySettings/useStageCache": Case(value="true"),
        "/clientCertificateId": Case(value="cert-id"),
        # copy: promote the canary's deployment (recorded: test_update_stage_with_copy_ops)
        "/deploymentId": Case(value=lambda ids: ids["canary"], from_="/canarySettings/deploymentId",
                              after={"copy": lambda got: got["deploymentId"] == got["canarySettings"]["deploymentId"]}),
        "/documentationVersion": Case(value="v1"),
        # the row names the map of the method settings, which the /{resourcePath}/{httpMethod} rows address
        "/methodSettings": Case(path=_METHOD_SETTING + "/metrics/enabled", value="true",
                                read=_stage_setting("metricsEnabled")),
        # /variables is the map of the stage variables: an entry is replaced or removed; copy
        # promotes the canary's overrides into it (recorded: test_update_stage_with_copy_ops)
        "/variables": Case(path={"add": "/variables/v", "replace": "/variables/v", "remove": "/variables/v",
                                 "copy": "/variables"}, value="y", from_="/canarySettings/stageVariableOverrides",
                           after={"remove": lambda got: "variables" not in got,
                                  "copy": lambda got: got["variables"] == {"v": "o"}}),
        "/variables/*": Case(path="/variables/v", value="y", after={"remove": lambda got: "variables" not in got}),
        "/tracingEnabled": Case(value="true"),
        "/{resourcePath}/{httpMethod}/metrics/enabled": _setting("/metrics/enabled", "true", "metricsEnabled"),
        "/{resourcePath}/{httpMethod}/logging/dataTrace": _setting("/logging/dataTrace", "true", "dataTraceEnabled"),
        "/{resourcePath}/{httpMethod}/logging/loglevel": _setting("/logging/loglevel", "INFO", "loggingLevel"),
        "/{resourcePath}/{httpMethod}/throttling/burstLimit": _setting("/throttling/burstLimit", "7",
                                                                        "throttlingBurstLimit"),
        "/{resourcePath}/{httpMethod}/throttling/rateLimit": _setting("/throttling/rateLimit", "8",
                                                                       "throttlingRateLimit"),
        "/{resourcePath}/{httpMethod}/caching/enabled": _setting("/caching/enabled", "true", "cachingEnabled"),
        "/{resourcePath}/{httpMethod}/caching/dataEncrypted": _setting("/caching/dataEncrypted", "true",
                                                                        "cacheDataEncrypted"),
        "/{resourcePath}/{httpMethod}/caching/ttlInSeconds": _setting("/caching/ttlInSeconds", "60",
                                                                       "cacheTtlInSeconds"),
        "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl": _setting(
            "/caching/requireAuthorizationForCacheControl", "false", "requireAuthorizationForCacheControl"),
        # the table's "authorizedCacheControlHeaderStrategy" is a typo: AWS lists (recorded,
        # test_create_update_stages error-update-doc-version) and the model names the setting
        # unauthorizedCacheControlHeaderStrategy
        "/{resourcePath}/{httpMethod}/caching/authorizedCacheControlHeaderStrategy": _setting(
            "/caching/unauthorizedCacheControlHeaderStrategy", "FAIL_WITH_403",
            "unauthorizedCacheControlHeaderStrategy"),
    },
    "UpdateUsage": {
        "/remaining": Case(value="50", read=lambda got: next(iter(got["items"].values()))[-1][1], expect=50),
    },
    "UpdateUsagePlan": {
        "/apiStages": Case(value={"add": lambda ids: f"{ids['api']}:prod", "remove": _plan_stage,
                                  "replace": _plan_stage, "copy": _plan_stage},
                           after={"add": lambda got: len(got["apiStages"]) == 2,
                                  "remove": lambda got: got["apiStages"] == []}),
        "/apiStages/{apidId:stageName}/throttle/{resourcePath}/{httpMethod}": Case(
            path=lambda ids: _THROTTLE.format(ids["api"]), value="",
            after={"remove": lambda got: "throttle" not in got["apiStages"][0]}),
        "/apiStages/{apidId:stageName}/throttle/{resourcePath}/{httpMethod}/rateLimit": Case(
            path=lambda ids: _THROTTLE.format(ids["api"]) + "/rateLimit", value="5",
            read=lambda got: got["apiStages"][0]["throttle"]["/pets/GET"]["rateLimit"]),
        "/apiStages/{apidId:stageName}/throttle/{resourcePath}/{httpMethod}/burstLimit": Case(
            path=lambda ids: _THROTTLE.format(ids["api"]) + "/burstLimit", value="5",
            read=lambda got: got["apiStages"][0]["throttle"]["/pets/GET"]["burstLimit"]),
        "/apiStages/{apidId:stageName}/throttle": Case(
            path=lambda ids: f"/apiStages/{ids['api']}:dev/throttle",
            value='{"/pets/POST":{"burstLimit":2,"rateLimit":3}}', read=lambda got: got["apiStages"][0].get("throttle"),
            expect={"/pets/POST": {"burstLimit": 2, "rateLimit": 3.0}},
            after={"remove": lambda got: "throttle" not in got["apiStages"][0]}),
        "/productCode": Case(value="pc2", after={"remove": lambda got: "productCode" not in got}),
        "/quota": Case(after={"remove": lambda got: "quota" not in got}),
        "/quota/limit": Case(value="200"),
        "/quota/offset": Case(value="1"),
        "/quota/period": Case(value="MONTH"),
        "/throttle": Case(after={"remove": lambda got: "throttle" not in got}),
        "/throttle/burstLimit": Case(value="7"),
        "/throttle/rateLimit": Case(value="8"),
    },
}

# Pairs where a recording of AWS contradicts the table: the recording wins (True: AWS accepts).
RECORDED: dict[tuple[str, str, str], tuple[bool, str]] = {
    # the literal "*" is refused for every op (api: test_stage_access_log_settings_validation
    # star-and-add / star-and-replace / star-and-remove)
    ("UpdateStage", "/accessLogSettings/*", "replace"): (False, "star-and-replace"),
    # removing one access-log field is read as removing a method setting "accessLogSettings/..."
    # (api: test_stage_access_log_settings_validation update-stage-access-log-dest-remove; /format
    # goes the same way: AWS parses every two-segment remove so)
    ("UpdateStage", "/accessLogSettings/destinationArn", "remove"): (False, "update-stage-access-log-dest-remove"),
    ("UpdateStage", "/accessLogSettings/format", "remove"): (False, "as update-stage-access-log-dest-remove"),
    # copy /variables from /canarySettings/stageVariableOverrides promotes the canary's overrides
    # (canary: test_update_stage_with_copy_ops update-stage-with-copy-2)
    ("UpdateStage", "/variables", "copy"): (True, "update-stage-with-copy-2"),
}

# Where the table contradicts itself, the reading the test holds (True: accepted).
READINGS: dict[tuple[str, str, str], tuple[bool, str]] = {
    # "/variables/*" and "/variables" address the same entries (/variables/v): the /variables
    # row's remove is supported, so is this one (terraform-provider-aws removes variables so)
    ("UpdateStage", "/variables/*", "remove"): (True, "the /variables row"),
}


def _row(action: str, path: str) -> dict[str, Any]:
    return next(r for r in TABLES[action] if r["path"] == path)


def supported(action: str, path: str, op: str) -> bool:
    for overrides in (RECORDED, READINGS):
        if (action, path, op) in overrides:
            return overrides[(action, path, op)][0]
    return bool(_row(action, path)[op])


# --- AWS's refusals, by family ---------------------------------------------------------------

# ``Invalid patch path  '<path>' specified for op '<op>'. Must be one of: [<paths>]`` or ``...
# Please choose supported operations`` (api: test_update_resource_behaviour, test_update_model,
# test_invalid_update_request_validator_operations, test_invalid_update_documentation_part;
# extended: test_update_api_key_immutable_field). The list names the paths that take the op, in
# an order of AWS's own: compared as a set, with the paths gwmock takes beyond the table.
GENERIC = {"UpdateAccount", "UpdateApiKey", "UpdateAuthorizer", "UpdateBasePathMapping", "UpdateClientCertificate",
           "UpdateDeployment", "UpdateDocumentationPart", "UpdateDocumentationVersion", "UpdateDomainName",
           "UpdateModel", "UpdateRequestValidator", "UpdateResource", "UpdateUsage", "UpdateUsagePlan",
           "UpdateVpcLink"}
EXTRA_LISTED = {("UpdateDomainName", "replace"): {"/policy", "/routingMode", "/endpointAccessMode"}}
# ``Invalid patch operation specified. Must be one of: [<ops>]`` for a path that takes other ops,
# ``Invalid patch path <path>`` for a path that takes none (api: test_update_method_validation,
# test_update_rest_api_compression, test_update_rest_api_ip_address_type; integrations and method
# responses word theirs as methods do)
OPERATION_FIRST = {"UpdateMethod", "UpdateMethodResponse", "UpdateIntegration", "UpdateIntegrationResponse",
                   "UpdateRestApi"}
_STAGE_ACCESS_LOG = ("Invalid accessLogSettings path. Must be one of : "
                     "[/accessLogSettings/destinationArn, /accessLogSettings/format]")


def _listed(action: str, op: str) -> set[str]:
    out = {r["path"] for r in TABLES[action] if r[op]}
    if action == "UpdateUsagePlan":  # AWS spells the placeholders <...> (boto3 #2629)
        out = {p.replace("{", "<").replace("}", ">") for p in out}
    return out | EXTRA_LISTED.get((action, op), set())


def check_refusal(action: str, table_path: str, path: str, op: str, source: str | None, message: str) -> None:
    if action in GENERIC:
        head = f"Invalid patch path  '{path}' specified for op '{op}'. "
        assert message.startswith(head), message
        if not _listed(action, op):
            assert message == head + "Please choose supported operations"
            return
        found = re.fullmatch(r"Must be one of: \[(.*)\]", message[len(head):])
        assert found is not None, message
        assert set(found.group(1).split(", ")) == _listed(action, op), message
    elif action in OPERATION_FIRST:
        ops = [o for o in OPS if _row(action, table_path)[o]]
        if table_path == "/endpointConfiguration/types/{type}":
            # api: test_update_rest_api_ip_address_type update-rest-api-invalid-operation-on-type
            assert message == "Invalid patch operation specified. Must be 'add'|'remove'|'replace'"
        elif ops:
            assert message == f"Invalid patch operation specified. Must be one of: [{', '.join(sorted(ops))}]"
        else:
            assert message == f"Invalid patch path {path}"
    elif action == "UpdateGatewayResponse":  # api: test_update_gateway_response update-gateway-add-status-code
        assert message == f"Invalid patch path {path}"
    else:
        _check_stage_refusal(table_path, path, op, source, message)


def _check_stage_refusal(table_path: str, path: str, op: str, source: str | None, message: str) -> None:
    """UpdateStage's wordings (api: test_stage_access_log_settings_validation; common:
    test_create_update_stages; canary: test_update_stage_canary_deployment_validation,
    test_update_stage_with_copy_ops)."""
    segments = path.split("/")[1:]
    if op == "copy":
        assert message == (f"Invalid copy operation with path: {path} and from {source}. Valid copy:path are "
                           "[/deploymentId, /variables] and valid copy:from are "
                           "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]")
    elif path.startswith("/accessLogSettings") and op in ("add", "replace"):
        assert message == _STAGE_ACCESS_LOG
    elif op == "remove" and len(segments) == 2:
        assert message == (f"Cannot remove method setting {'/'.join(segments)} because there is no method setting "
                           "for this method ")
    elif op == "add" and _row("UpdateStage", table_path)["replace"] and not table_path.startswith("/{") \
            and table_path != "/methodSettings":
        assert message == f"Invalid add operation with path: {path}"  # recorded for /canarySettings/deploymentId
    else:
        assert message.startswith(f"Invalid method setting path: {path}. Must be one of: [/deploymentId, "), message


# --- the test -----------------------------------------------------------------------------------

PAIRS = [(action, row["path"], op) for action, rows in TABLES.items() for row in rows for op in OPS]


def _pair_id(action: str, path: str, op: str) -> str:
    return f"{action}:{path}:{op}"


@pytest.mark.parametrize(("action", "table_path", "op"), PAIRS, ids=[_pair_id(*p) for p in PAIRS])
def test_patch_table_pair(apigateway, action, table_path, op):
    case = CASES.get(action, {}).get(table_path, Case())
    target = BUILDERS[action](apigateway, _per_op(case.variant, op))
    ids = target.ids
    for operation in _resolve(_per_op(case.prepare, op, ()), ids):
        target.update([operation])
    path = _resolve(_per_op(case.path, op, table_path), ids)
    value = _resolve(_per_op(case.value, op), ids)
    operation: dict[str, Any] = {"op": op, "path": path}
    if op == "copy":
        operation["from"] = _resolve(_per_op(case.from_, op), ids) or "/description"
    elif value is not None and not (op == "remove" and value == ""):
        operation["value"] = value
    companions = _resolve(_per_op(case.companions, op, ()), ids)
    before = target.get()
    if supported(action, table_path, op):
        try:
            target.update([operation, *companions])
        except ClientError as exc:
            pytest.fail(f"{action} {op} {path} is supported, AWS-wise; gwmock refused: {exc.response['Error']}")
        got = target.get()
        if op == "replace":
            read = case.read or (lambda answer: _pointer(path, answer))
            expect = _resolve(case.expect, ids) if case.expect is not None else value
            assert _norm(read(got)) == _norm(expect), (read(got), expect)
        check = _per_op(case.after, op)
        if check is not None:
            assert check(got), got
    else:
        response = error_of(target.update, [operation, *companions])
        assert_error(response, "BadRequestException", status=400)
        check_refusal(action, table_path, path, op, operation.get("from"), response["Error"]["Message"])
        assert target.get() == before


def test_every_action_is_covered():
    """Each table row has a builder, and each case names a row of the table (a typo in CASES would
    otherwise silently fall back to the defaults)."""
    assert set(BUILDERS) == set(TABLES)
    for action, cases in CASES.items():
        assert set(cases) <= {r["path"] for r in TABLES[action]}, action
    for action, path, op in (*RECORDED, *READINGS):
        assert op in OPS and _row(action, path)


# --- the caveats, the other way round -------------------------------------------------------------


def _refused(target: Target, operations: list[dict[str, Any]], message: str) -> None:
    before = target.get()
    assert_error(error_of(target.update, operations), "BadRequestException", message, 400)
    assert target.get() == before


def test_account_features_remove_not_for_usage_plans(apigateway):
    # "Supported, but not for the UsagePlans feature" (wording: gwmock's guess)
    _refused(build_account(apigateway, None), [{"op": "remove", "path": "/features", "value": "UsagePlans"}],
             "The UsagePlans feature cannot be removed")


@pytest.mark.parametrize("path", ["/httpMethod", "/uri"])
def test_integration_except_for_mock(apigateway, path):
    # "Supported, except for MOCK integrations" (wording: gwmock's guess)
    _refused(build_integration(apigateway, "MOCK"), [{"op": "replace", "path": path, "value": "POST"}],
             f"Invalid patch path {path}")


def test_method_request_parameters_replace_except_for_mock(apigateway):
    # "Supported, except for MOCK integrations" for replace only (wording: gwmock's guess)
    target = build_method(apigateway, None)
    ids = target.ids
    apigateway.put_integration(restApiId=ids["api"], resourceId=ids["root"], httpMethod="GET", type="MOCK")
    path = "/requestParameters/method.request.querystring.q"
    _refused(target, [{"op": "replace", "path": path, "value": "true"}], f"Invalid patch path {path}")
    assert target.update([{"op": "add", "path": "/requestParameters/method.request.header.h", "value": "true"},
                          {"op": "remove", "path": path}])["requestParameters"] == {"method.request.header.h": True}


def test_rest_api_vpc_endpoint_ids_only_for_private(apigateway):
    # "Supported only for PRIVATE endpoint type" (wording: gwmock's guess)
    _refused(build_rest_api(apigateway, None),
             [{"op": "add", "path": "/endpointConfiguration/vpcEndpointIds", "value": "vpce-1"}],
             "VPC endpoint IDs can only be set on PRIVATE APIs")


def test_rest_api_endpoint_type_must_be_known(apigateway):
    # "Type must be REGIONAL, EDGE, or PRIVATE." (api: test_update_rest_api_ip_address_type update-rest-api-wrong-type)
    _refused(build_rest_api(apigateway, None),
             [{"op": "replace", "path": "/endpointConfiguration/types/EDGE", "value": "FOO"}],
             "Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE")


@pytest.mark.parametrize("op", ["add", "replace", "remove"])
def test_rest_api_binary_media_types_itself_is_no_path(apigateway, op):
    # the row's entries are /binaryMediaTypes/<type>; the list itself is an unknown path
    # (api: test_update_rest_api_behaviour update-rest-api-{add,replace,remove}-base-path)
    _refused(build_rest_api(apigateway, None), [{"op": op, "path": "/binaryMediaTypes", "value": "image/gif"}],
             "Invalid patch path /binaryMediaTypes")


def test_rest_api_unknown_path_sharing_a_prefix(apigateway):
    # a path is known by its segments, not by a prefix: /names is no /name
    _refused(build_rest_api(apigateway, None), [{"op": "replace", "path": "/names", "value": "x"}],
             "Invalid patch path /names")


def test_rest_api_minimum_compression_size_null_disables(apigateway):
    # the table's footnote: a replace without value disables compression (api:
    # test_update_rest_api_compression disable-compression)
    target = build_rest_api(apigateway, None)
    target.update([{"op": "replace", "path": "/minimumCompressionSize", "value": "10"}])
    assert "minimumCompressionSize" not in target.update([{"op": "replace", "path": "/minimumCompressionSize"}])


_CAVEAT = "Invalid patch operation specified: {} {} is supported only for {}"


@pytest.mark.parametrize(("variant", "operations", "message"), [
    pytest.param("BOTH", [{"op": "add", "path": "/certificateArn", "value": CERT_2},
                          {"op": "remove", "path": "/endpointConfiguration/types", "value": "REGIONAL"}],
                 "Invalid patch operations specified: an add and a remove of endpoint types or certificates cannot "
                 "be included in the same request", id="add-and-remove"),
    pytest.param("REGIONAL", [{"op": "replace", "path": "/certificateArn", "value": CERT_2}],
                 _CAVEAT.format("replace", "/certificateArn", "rotating an edge certificate of an edge-optimized "
                                "domain name"), id="rotate-edge-of-regional"),
    pytest.param("EDGE", [{"op": "replace", "path": "/regionalCertificateName", "value": "r"}],
                 _CAVEAT.format("replace", "/regionalCertificateName", "rotating a regional certificate of a "
                                "regional domain name"), id="rotate-regional-of-edge"),
    pytest.param("REGIONAL", [{"op": "add", "path": "/certificateName", "value": "e"}],
                 _CAVEAT.format("add", "/certificateName", "adding an edge certificate while updating a regional "
                                "domain name to an edge-optimized one"), id="add-edge-staying-regional"),
    pytest.param("EDGE", [{"op": "remove", "path": "/certificateArn"}],
                 _CAVEAT.format("remove", "/certificateArn", "removing an edge certificate while updating an "
                                "edge-optimized domain name to a regional one"), id="remove-edge-staying-edge"),
    pytest.param("REGIONAL", [{"op": "remove", "path": "/regionalCertificateArn"}],
                 _CAVEAT.format("remove", "/regionalCertificateArn", "removing a regional certificate of an "
                                "inactive API endpoint"), id="remove-regional-of-active"),
])
def test_domain_name_migration_caveats(apigateway, variant, operations, message):
    # the caveats of UpdateDomainName's certificate and endpoint-type rows (wording: the table's,
    # a guess)
    _refused(build_domain_name(apigateway, variant), operations, message)
