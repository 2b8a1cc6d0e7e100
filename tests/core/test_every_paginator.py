"""Every boto3 paginator of both services, driven by botocore's own paginator definitions.

Platform tooling lists everything through ``client.get_paginator(...)``; a wrong wire name for
the result or the "more results" key makes botocore's paginator stop silently after page one, so
each paginator botocore defines is run here over N items (``MAKERS`` says how to make them; a
paginator botocore adds without a maker fails ``test_every_paginator_has_a_maker``).

Evidence for the answers to bad paging input (AWS's wording, also pinned elsewhere in the suite):
- v1 ``limit`` is 1..500 and defaults to 25: https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
  and https://github.com/floci-io/floci/pull/3561 (a live probe, GetUsage); GetApiKeys ignores a
  limit below 1 (aws-recorded: test_negative_get_usage_plan_api_keys, get-api-keys-invalid-limit).
- v1 position pages: aws-recorded test_apigateway_extended get-apis-keys-pagination(-2).
Guess: a forged or garbled token is a 400 BadRequestException ("Invalid position parameter" /
"Invalid NextToken") as gwmock answers it everywhere else; a token of another listing or of a
deleted item never fails with a 500 and never yields an item twice or one the listing lacks.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
import pytest
from helpers import assert_error, assert_matches, error_of, recorded

N = 5
CERT_EAST = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
NLB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb/1234567890abcdef"
LAMBDA_URI = ("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:eu-west-1:123456789012:function:auth/invocations")
COLORS = {k: "#000000" for k in ("AccentColor", "BackgroundColor", "ErrorValidationColor", "HeaderColor",
                                  "NavigationColor", "TextColor")}


def _paginators(service: str) -> dict[str, dict[str, Any]]:
    return botocore.session.get_session().get_paginator_model(service)._paginator_config  # type: ignore[no-any-return]


PAGINATORS = {service: _paginators(service) for service in ("apigateway", "apigatewayv2")}
CASES = [(service, op) for service, ops in PAGINATORS.items() for op in ops]


# --- how to make N items for each listing: (v1, v2) -> the listing's required kwargs ------------------------------

Maker = Callable[[Any, Any], dict[str, Any]]


def _rest_api(v1: Any, name: str = "api") -> dict[str, Any]:
    return v1.create_rest_api(name=name)  # type: ignore[no-any-return]


def _deployed(v1: Any, name: str = "api", stage: str = "prod") -> str:
    api = _rest_api(v1, name)
    v1.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    v1.create_deployment(restApiId=api["id"], stageName=stage)
    return api["id"]  # type: ignore[no-any-return]


def _v1_api_keys(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v1.create_api_key(name=f"key{i}")
    return {}


def _v1_base_path_mappings(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _deployed(v1)
    v1.create_domain_name(domainName="pets.example.com", regionalCertificateArn=CERT,
                          endpointConfiguration={"types": ["REGIONAL"]})
    for i in range(N):
        v1.create_base_path_mapping(domainName="pets.example.com", restApiId=api_id, stage="prod", basePath=f"p{i}")
    return {"domainName": "pets.example.com"}


def _v1_client_certificates(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v1.generate_client_certificate(description=f"c{i}")
    return {}


def _v1_deployments(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _deployed(v1)
    for _ in range(N - 1):
        v1.create_deployment(restApiId=api_id)
    return {"restApiId": api_id}


def _v1_domain_names(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v1.create_domain_name(domainName=f"d{i}.example.com", regionalCertificateArn=CERT,
                              endpointConfiguration={"types": ["REGIONAL"]})
    return {}


def _v1_models(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _rest_api(v1)["id"]
    for i in range(N):
        v1.create_model(restApiId=api_id, name=f"M{i}", contentType="application/json", schema="{}")
    return {"restApiId": api_id}


def _v1_resources(v1: Any, v2: Any) -> dict[str, Any]:
    api = _rest_api(v1)
    for i in range(N - 1):  # and the root
        v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=f"r{i}")
    return {"restApiId": api["id"]}


def _v1_rest_apis(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        _rest_api(v1, f"api{i}")
    return {}


def _usage_plan_with_keys(v1: Any) -> str:
    api_id = _deployed(v1)
    plan = v1.create_usage_plan(name="plan", apiStages=[{"apiId": api_id, "stage": "prod"}])["id"]
    for i in range(N):
        key = v1.create_api_key(name=f"key{i}")["id"]
        v1.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    return plan  # type: ignore[no-any-return]


def _v1_usage(v1: Any, v2: Any) -> dict[str, Any]:
    today = datetime.date.today()
    return {"usagePlanId": _usage_plan_with_keys(v1), "startDate": (today - datetime.timedelta(days=1)).isoformat(),
            "endDate": today.isoformat()}


def _v1_usage_plans(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v1.create_usage_plan(name=f"plan{i}")
    return {}


def _v1_usage_plan_keys(v1: Any, v2: Any) -> dict[str, Any]:
    return {"usagePlanId": _usage_plan_with_keys(v1)}


def _v1_vpc_links(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v1.create_vpc_link(name=f"link{i}", targetArns=[NLB])
    return {}


def _v1_authorizers(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _rest_api(v1)["id"]
    for i in range(N):
        v1.create_authorizer(restApiId=api_id, name=f"a{i}", type="TOKEN", authorizerUri=LAMBDA_URI,
                             identitySource="method.request.header.Authorization")
    return {"restApiId": api_id}


def _v1_documentation_parts(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _rest_api(v1)["id"]
    for i in range(N):
        v1.create_documentation_part(restApiId=api_id, location={"type": "MODEL", "name": f"M{i}"},
                                     properties='{"description": "d"}')
    return {"restApiId": api_id}


def _v1_documentation_versions(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _rest_api(v1)["id"]
    v1.create_documentation_part(restApiId=api_id, location={"type": "API"}, properties='{"description": "d"}')
    for i in range(N):
        v1.create_documentation_version(restApiId=api_id, documentationVersion=f"v{i}")
    return {"restApiId": api_id}


def _v1_gateway_responses(v1: Any, v2: Any) -> dict[str, Any]:
    return {"restApiId": _rest_api(v1)["id"]}  # AWS lists every default response: more than N


def _v1_request_validators(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _rest_api(v1)["id"]
    for i in range(N):
        v1.create_request_validator(restApiId=api_id, name=f"v{i}", validateRequestBody=True)
    return {"restApiId": api_id}


def _v1_sdk_types(v1: Any, v2: Any) -> dict[str, Any]:
    return {}  # a fixed list, longer than N


def _v2_http_api(v2: Any, name: str = "api") -> str:
    return v2.create_api(Name=name, ProtocolType="HTTP")["ApiId"]  # type: ignore[no-any-return]


def _v2_ws_api(v2: Any) -> str:
    return v2.create_api(Name="ws", ProtocolType="WEBSOCKET",  # type: ignore[no-any-return]
                         RouteSelectionExpression="$request.body.action")["ApiId"]


def _v2_apis(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        _v2_http_api(v2, f"api{i}")
    return {}


def _v2_authorizers(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_http_api(v2)
    for i in range(N):
        v2.create_authorizer(ApiId=api_id, Name=f"a{i}", AuthorizerType="JWT",
                             IdentitySource=["$request.header.Authorization"],
                             JwtConfiguration={"Audience": ["aud"], "Issuer": "https://issuer.example.com"})
    return {"ApiId": api_id}


def _v2_deployments(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_http_api(v2)
    integration = v2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                        IntegrationUri="https://example.com", PayloadFormatVersion="1.0")
    v2.create_route(ApiId=api_id, RouteKey="GET /", Target=f"integrations/{integration['IntegrationId']}")
    for _ in range(N):
        v2.create_deployment(ApiId=api_id)
    return {"ApiId": api_id}


def _v2_domain_names(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v2.create_domain_name(DomainName=f"d{i}.example.com", DomainNameConfigurations=[{"CertificateArn": CERT}])
    return {}


def _v2_integration(v2: Any, api_id: str) -> str:
    return v2.create_integration(ApiId=api_id, IntegrationType="MOCK")["IntegrationId"]  # type: ignore[no-any-return]


def _v2_integration_responses(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_ws_api(v2)
    integration_id = _v2_integration(v2, api_id)
    for key in ("$default", "/200/", "/4\\d{2}/", "/5\\d{2}/", "/201/"):
        v2.create_integration_response(ApiId=api_id, IntegrationId=integration_id, IntegrationResponseKey=key)
    return {"ApiId": api_id, "IntegrationId": integration_id}


def _v2_integrations(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_http_api(v2)
    for i in range(N):
        v2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                              IntegrationUri=f"https://example.com/{i}", PayloadFormatVersion="1.0")
    return {"ApiId": api_id}


def _v2_models(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_ws_api(v2)
    for i in range(N):
        v2.create_model(ApiId=api_id, Name=f"M{i}", Schema='{"type": "object"}', ContentType="application/json")
    return {"ApiId": api_id}


def _v2_route_responses(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_ws_api(v2)
    route_id = v2.create_route(ApiId=api_id, RouteKey="echo")["RouteId"]
    v2.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")  # the only key AWS takes
    return {"ApiId": api_id, "RouteId": route_id}


def _v2_routes(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_http_api(v2)
    for i in range(N):
        v2.create_route(ApiId=api_id, RouteKey=f"GET /r{i}")
    return {"ApiId": api_id}


def _v2_stages(v1: Any, v2: Any) -> dict[str, Any]:
    api_id = _v2_http_api(v2)
    for i in range(N):
        v2.create_stage(ApiId=api_id, StageName=f"s{i}")
    return {"ApiId": api_id}


def _v2_routing_rules(v1: Any, v2: Any, domain: str = "rules.example.com") -> dict[str, Any]:
    api_id = _deployed(v1, domain)
    v2.create_domain_name(DomainName=domain, RoutingMode="ROUTING_RULE_ONLY",
                          DomainNameConfigurations=[{"CertificateArn": CERT, "EndpointType": "REGIONAL"}])
    for i in range(N):
        v2.create_routing_rule(DomainName=domain, Priority=10 + i,
                               Conditions=[{"MatchBasePaths": {"AnyOf": [f"p{i}"]}}],
                               Actions=[{"InvokeApi": {"ApiId": api_id, "Stage": "prod"}}])
    return {"DomainName": domain}


def _v2_portal_products(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v2.create_portal_product(DisplayName=f"p{i}")
    return {}


def _v2_portals(v1: Any, v2: Any) -> dict[str, Any]:
    for i in range(N):
        v2.create_portal(Authorization={"None": {}}, EndpointConfiguration={"None": {}},
                         PortalContent={"DisplayName": f"portal{i}", "Theme": {"CustomColors": COLORS}})
    return {}


def _v2_product_pages(v1: Any, v2: Any) -> dict[str, Any]:
    product_id = v2.create_portal_product(DisplayName="p")["PortalProductId"]
    for i in range(N):
        v2.create_product_page(PortalProductId=product_id, DisplayContent={"Title": f"T{i}", "Body": "B"})
    return {"PortalProductId": product_id}


def _mock_method(v1: Any, api_id: str, resource_id: str) -> None:
    v1.put_method(restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod="GET", type="MOCK")


def _v2_product_rest_endpoint_pages(v1: Any, v2: Any) -> dict[str, Any]:
    api = _rest_api(v1)
    for i in range(N - 1):
        resource = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=f"r{i}")
        _mock_method(v1, api["id"], resource["id"])
    _mock_method(v1, api["id"], api["rootResourceId"])
    v1.create_deployment(restApiId=api["id"], stageName="prod")
    product_id = v2.create_portal_product(DisplayName="p")["PortalProductId"]
    for path in ["/"] + [f"/r{i}" for i in range(N - 1)]:
        v2.create_product_rest_endpoint_page(PortalProductId=product_id, RestEndpointIdentifier={
            "IdentifierParts": {"RestApiId": api["id"], "Stage": "prod", "Method": "GET", "Path": path}})
    return {"PortalProductId": product_id}


MAKERS: dict[tuple[str, str], Maker] = {
    ("apigateway", "GetApiKeys"): _v1_api_keys,
    ("apigateway", "GetBasePathMappings"): _v1_base_path_mappings,
    ("apigateway", "GetClientCertificates"): _v1_client_certificates,
    ("apigateway", "GetDeployments"): _v1_deployments,
    ("apigateway", "GetDomainNames"): _v1_domain_names,
    ("apigateway", "GetModels"): _v1_models,
    ("apigateway", "GetResources"): _v1_resources,
    ("apigateway", "GetRestApis"): _v1_rest_apis,
    ("apigateway", "GetUsage"): _v1_usage,
    ("apigateway", "GetUsagePlans"): _v1_usage_plans,
    ("apigateway", "GetUsagePlanKeys"): _v1_usage_plan_keys,
    ("apigateway", "GetVpcLinks"): _v1_vpc_links,
    ("apigateway", "GetAuthorizers"): _v1_authorizers,
    ("apigateway", "GetDocumentationParts"): _v1_documentation_parts,
    ("apigateway", "GetDocumentationVersions"): _v1_documentation_versions,
    ("apigateway", "GetGatewayResponses"): _v1_gateway_responses,
    ("apigateway", "GetRequestValidators"): _v1_request_validators,
    ("apigateway", "GetSdkTypes"): _v1_sdk_types,
    ("apigatewayv2", "GetApis"): _v2_apis,
    ("apigatewayv2", "GetAuthorizers"): _v2_authorizers,
    ("apigatewayv2", "GetDeployments"): _v2_deployments,
    ("apigatewayv2", "GetDomainNames"): _v2_domain_names,
    ("apigatewayv2", "GetIntegrationResponses"): _v2_integration_responses,
    ("apigatewayv2", "GetIntegrations"): _v2_integrations,
    ("apigatewayv2", "GetModels"): _v2_models,
    ("apigatewayv2", "GetRouteResponses"): _v2_route_responses,
    ("apigatewayv2", "GetRoutes"): _v2_routes,
    ("apigatewayv2", "GetStages"): _v2_stages,
    ("apigatewayv2", "ListRoutingRules"): _v2_routing_rules,
    ("apigatewayv2", "ListPortalProducts"): _v2_portal_products,
    ("apigatewayv2", "ListPortals"): _v2_portals,
    ("apigatewayv2", "ListProductPages"): _v2_product_pages,
    ("apigatewayv2", "ListProductRestEndpointPages"): _v2_product_rest_endpoint_pages,
}
DELETERS: dict[tuple[str, str], Callable[[Any, dict[str, Any], dict[str, Any]], Any]] = {
    ("apigateway", "GetRestApis"): lambda c, kw, item: c.delete_rest_api(restApiId=item["id"]),
    ("apigateway", "GetApiKeys"): lambda c, kw, item: c.delete_api_key(apiKey=item["id"]),
    ("apigateway", "GetModels"): lambda c, kw, item: c.delete_model(modelName=item["name"], **kw),
    ("apigateway", "GetResources"): lambda c, kw, item: c.delete_resource(resourceId=item["id"], **kw),
    ("apigateway", "GetUsagePlans"): lambda c, kw, item: c.delete_usage_plan(usagePlanId=item["id"]),
    ("apigateway", "GetDomainNames"): lambda c, kw, item: c.delete_domain_name(domainName=item["domainName"]),
    ("apigateway", "GetBasePathMappings"): lambda c, kw, item: c.delete_base_path_mapping(
        basePath=item["basePath"], **kw),
    ("apigateway", "GetRequestValidators"): lambda c, kw, item: c.delete_request_validator(
        requestValidatorId=item["id"], **kw),
    ("apigateway", "GetDocumentationVersions"): lambda c, kw, item: c.delete_documentation_version(
        documentationVersion=item["version"], **kw),
    ("apigateway", "GetClientCertificates"): lambda c, kw, item: c.delete_client_certificate(
        clientCertificateId=item["clientCertificateId"]),
    ("apigateway", "GetDeployments"): lambda c, kw, item: c.delete_deployment(deploymentId=item["id"], **kw),
    ("apigateway", "GetUsagePlanKeys"): lambda c, kw, item: c.delete_usage_plan_key(keyId=item["id"], **kw),
    ("apigateway", "GetVpcLinks"): lambda c, kw, item: c.delete_vpc_link(vpcLinkId=item["id"]),
    ("apigateway", "GetAuthorizers"): lambda c, kw, item: c.delete_authorizer(authorizerId=item["id"], **kw),
    ("apigateway", "GetDocumentationParts"): lambda c, kw, item: c.delete_documentation_part(
        documentationPartId=item["id"], **kw),
    ("apigatewayv2", "GetApis"): lambda c, kw, item: c.delete_api(ApiId=item["ApiId"]),
    ("apigatewayv2", "GetAuthorizers"): lambda c, kw, item: c.delete_authorizer(
        AuthorizerId=item["AuthorizerId"], **kw),
    ("apigatewayv2", "GetDeployments"): lambda c, kw, item: c.delete_deployment(
        DeploymentId=item["DeploymentId"], **kw),
    ("apigatewayv2", "GetIntegrationResponses"): lambda c, kw, item: c.delete_integration_response(
        IntegrationResponseId=item["IntegrationResponseId"], **kw),
    ("apigatewayv2", "GetIntegrations"): lambda c, kw, item: c.delete_integration(
        IntegrationId=item["IntegrationId"], **kw),
    ("apigatewayv2", "ListPortals"): lambda c, kw, item: c.delete_portal(PortalId=item["PortalId"]),
    ("apigatewayv2", "ListProductPages"): lambda c, kw, item: c.delete_product_page(
        ProductPageId=item["ProductPageId"], **kw),
    ("apigatewayv2", "ListProductRestEndpointPages"): lambda c, kw, item: c.delete_product_rest_endpoint_page(
        ProductRestEndpointPageId=item["ProductRestEndpointPageId"], **kw),
    ("apigatewayv2", "GetRoutes"): lambda c, kw, item: c.delete_route(RouteId=item["RouteId"], **kw),
    ("apigatewayv2", "GetStages"): lambda c, kw, item: c.delete_stage(StageName=item["StageName"], **kw),
    ("apigatewayv2", "GetModels"): lambda c, kw, item: c.delete_model(ModelId=item["ModelId"], **kw),
    ("apigatewayv2", "GetDomainNames"): lambda c, kw, item: c.delete_domain_name(DomainName=item["DomainName"]),
    ("apigatewayv2", "ListRoutingRules"): lambda c, kw, item: c.delete_routing_rule(
        RoutingRuleId=item["RoutingRuleId"], **kw),
    ("apigatewayv2", "ListPortalProducts"): lambda c, kw, item: c.delete_portal_product(
        PortalProductId=item["PortalProductId"]),
}
# Listings AWS caps below N by its own rules (one route response per route: "$default").
AT_LEAST = {("apigatewayv2", "GetRouteResponses"): 1}
# Listings whose result is a map (GetUsage: key id -> daily usage); botocore cannot cut a map at MaxItems.
MAP_RESULTS = {("apigateway", "GetUsage")}
# "The GatewayResponses collection does not support pagination and the limit does not apply here" (the API
# reference, https://docs.aws.amazon.com/apigateway/latest/api/API_GetGatewayResponses.html): one page always.
UNPAGED = {("apigateway", "GetGatewayResponses")}
INVALID_TOKEN = {"apigateway": "Invalid position parameter", "apigatewayv2": "Invalid NextToken"}


# --- the listing under test ------------------------------------------------------------------------------------------


class Listing:
    """One paginator of one service over the items its maker made, with its botocore names."""

    def __init__(self, service: str, op: str, clients: dict[str, Any]) -> None:
        self.service, self.op, self.key = service, op, (service, op)
        self.client = clients[service]
        config = PAGINATORS[service][op]
        self.result, self.token, self.limit = config["result_key"], config["output_token"], config["limit_key"]
        self.input_token = config["input_token"]
        self.method = _snake(self.client, op)
        self.kwargs = MAKERS[self.key](clients["apigateway"], clients["apigatewayv2"])

    def limit_of(self, size: int) -> int | str:
        """``size`` as the model types the limit (v2's MaxResults is a string, but not everywhere)."""
        shape = self.client.meta.service_model.operation_model(self.op).input_shape.members[self.limit]
        return size if shape.type_name == "integer" else str(size)

    def call(self, **extra: Any) -> dict[str, Any]:
        return getattr(self.client, self.method)(**self.kwargs, **extra)  # type: ignore[no-any-return]

    def everything(self) -> list[Any]:
        """One call without a limit (v1: the largest it takes), the order every page must follow."""
        extra = {"limit": 500} if self.service == "apigateway" else {}
        answer = self.call(**extra)
        assert self.token not in answer, f"{self.op}: more than one page of {answer[self.result]!r}"
        return _items(answer[self.result])

    def paginate(self, **config: Any) -> list[dict[str, Any]]:
        pages = self.client.get_paginator(self.method).paginate(**self.kwargs, PaginationConfig=config)
        return list(pages)


def _snake(client: Any, op: str) -> str:
    return next(name for name, api in client.meta.method_to_api_mapping.items() if api == op)


def _items(result: Any) -> list[Any]:
    return list(result.items()) if isinstance(result, dict) else list(result)


def _token(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
def clients(gwmock: Any) -> dict[str, Any]:
    return {"apigateway": boto3.client("apigateway", region_name="eu-west-1"),
            "apigatewayv2": boto3.client("apigatewayv2", region_name="eu-west-1")}


@pytest.fixture
def listing(request: pytest.FixtureRequest, clients: dict[str, Any]) -> Listing:
    service, op = request.param
    assert clients[service].can_paginate(_snake(clients[service], op))  # CASES come from this botocore
    return Listing(service, op, clients)


def over(cases: Any) -> Any:
    """Parametrize ``listing`` over ``cases`` (each test names the listings it applies to: no skips,
    which the CI run refuses)."""
    wanted = set(cases)
    chosen = [case for case in CASES if case in wanted]
    return pytest.mark.parametrize("listing", chosen, indirect=True, ids=[f"{s}.{o}" for s, o in chosen])


# --- the tests -------------------------------------------------------------------------------------------------------


def test_every_paginator_has_a_maker() -> None:
    assert sorted(set(CASES) - set(MAKERS)) == []
    assert sorted(set(MAKERS) - set(CASES)) == []  # a stale row would hide a renamed paginator
    assert sorted(set(DELETERS) - set(CASES)) == []


@over(CASES)
@pytest.mark.parametrize("size", [1, 2, 100])
def test_pages_hold_every_item_once_in_order(listing: Listing, size: int) -> None:
    everything = listing.everything()
    assert len(everything) >= AT_LEAST.get(listing.key, N)
    pages = listing.paginate(PageSize=size)
    seen = [item for page in pages for item in _items(page[listing.result])]
    assert seen == everything
    if listing.key in UNPAGED:
        assert len(pages) == 1 and listing.token not in pages[0]
        return
    assert all(len(page[listing.result]) <= size for page in pages)
    assert len(pages) == max(1, -(-len(everything) // size))
    # the "more results" key is botocore's name, on every page but the last
    assert [listing.token in page for page in pages] == [True] * (len(pages) - 1) + [False]


@over(set(CASES) - UNPAGED - set(AT_LEAST))  # one page whatever the limit / a single item
def test_first_page_uses_botocores_wire_names(listing: Listing) -> None:
    page = listing.call(**{listing.limit: listing.limit_of(1)})
    assert page["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert len(page[listing.result]) == 1
    assert isinstance(page[listing.token], str) and page[listing.token]
    rest = listing.call(**{listing.input_token: page[listing.token]})
    assert _items(page[listing.result]) + _items(rest[listing.result]) == listing.everything()


@over(set(CASES) - MAP_RESULTS)  # botocore cannot cut a map result at MaxItems
@pytest.mark.parametrize("max_items", [1, 2, 3])
def test_max_items_and_starting_token_resume_where_they_stopped(listing: Listing, max_items: int) -> None:
    everything = listing.everything()
    seen: list[Any] = []
    token = None
    for _ in range(len(everything) + 1):
        config: dict[str, Any] = {"MaxItems": max_items, "PageSize": 2}
        if token:
            config["StartingToken"] = token
        result = listing.client.get_paginator(listing.method).paginate(
            **listing.kwargs, PaginationConfig=config).build_full_result()
        assert len(result[listing.result]) <= max_items
        seen += result[listing.result]
        token = result.get("NextToken")
        if not token:
            break
    assert seen == everything


@over(CASES)
@pytest.mark.parametrize("garbage", ["garbage!!", "x", _token("gw:+1"), "A" * 2000])
def test_a_garbled_token_is_refused(listing: Listing, garbage: str) -> None:
    before = listing.everything()
    if listing.key in UNPAGED:  # "the position does not apply here"
        assert _items(listing.call(**{listing.input_token: garbage})[listing.result]) == before
        return
    error = error_of(listing.call, **{listing.input_token: garbage})
    assert_error(error, "BadRequestException", INVALID_TOKEN[listing.service], 400)
    assert listing.everything() == before


def _foreign_token(clients: dict[str, Any], service: str, kind: str) -> str:
    """A token another listing gave: one of insertion order (REST APIs, HTTP APIs), or one of a
    listing that sorts by its own key (resources by path, routing rules by priority)."""
    if service == "apigateway":
        v1 = clients["apigateway"]
        if kind == "insertion":
            for i in range(3):
                _rest_api(v1, f"other{i}")
            return v1.get_rest_apis(limit=1)["position"]  # type: ignore[no-any-return]
        kwargs = _v1_resources(v1, None)
        return v1.get_resources(limit=1, **kwargs)["position"]  # type: ignore[no-any-return]
    v2 = clients["apigatewayv2"]
    if kind == "insertion":
        for i in range(3):
            _v2_http_api(v2, f"other{i}")
        return v2.get_apis(MaxResults="1")["NextToken"]  # type: ignore[no-any-return]
    kwargs = _v2_routing_rules(clients["apigateway"], v2, "other.example.com")
    return v2.list_routing_rules(MaxResults=1, **kwargs)["NextToken"]  # type: ignore[no-any-return]


# Listings read in the store's insertion order: a sort-key token reaches paging.py's own refusal,
# worded as the service words it (it said "Invalid pagination token").
SCAN_LISTINGS = {(service, op) for service, op in CASES} - UNPAGED - {
    ("apigateway", "GetResources"), ("apigateway", "GetModels"), ("apigateway", "GetSdkTypes"),
    ("apigateway", "GetApiKeys"), ("apigateway", "GetUsage"), ("apigateway", "GetUsagePlanKeys"),
    ("apigatewayv2", "ListRoutingRules")}


@over(CASES)
@pytest.mark.parametrize("kind", ["insertion", "sort-key"])
def test_another_listings_token_never_fails_with_a_500(request: pytest.FixtureRequest, listing: Listing,
                                                       clients: dict[str, Any], kind: str) -> None:
    foreign = _foreign_token(clients, listing.service, kind)
    everything = listing.everything()
    answer, error = _call_or_error(listing, **{listing.input_token: foreign})
    if error is not None:
        assert_error(error, "BadRequestException", INVALID_TOKEN[listing.service], 400)
    else:
        assert _is_subsequence(_items(answer[listing.result]), everything)


@over(DELETERS)
def test_a_token_of_a_deleted_item_resumes_after_it(listing: Listing) -> None:
    """Guess: tokens are cursors, so deleting the last item of a page does not break the next page."""
    delete = DELETERS[listing.key]
    everything = listing.everything()
    page = listing.call(**{listing.limit: listing.limit_of(2)})
    delete(listing.client, listing.kwargs, page[listing.result][-1])
    rest: list[Any] = []
    token = page[listing.token]
    while token:
        answer = listing.call(**{listing.input_token: token})
        rest += answer[listing.result]
        token = answer.get(listing.token)
    assert rest == everything[2:]


def test_get_api_keys_pages_as_recorded(apigateway: Any) -> None:
    """The only recorded listing with a pagination field (aws-recorded test_apigateway_extended,
    test_get_api_keys: get-apis-keys-pagination and -2), through the paginator with PageSize 1."""
    step = lambda name: recorded("extended", "test_get_api_keys", name)  # noqa: E731
    first = apigateway.create_api_key(name="test-key-aaaa1")["id"]
    second = apigateway.create_api_key(name="test-key-bbbb2")["id"]
    pages = list(apigateway.get_paginator("get_api_keys").paginate(PaginationConfig={"PageSize": 1}))
    assert len(pages) == 2
    assert_matches(pages[0], step("get-apis-keys-pagination"))
    assert_matches(pages[1], step("get-apis-keys-pagination-2"))
    assert [page["items"][0]["id"] for page in pages] == [second, first]


@over(UNPAGED)
@pytest.mark.parametrize("limit", [0, -1, 501])
def test_a_limit_that_does_not_apply_is_not_checked(listing: Listing, limit: int) -> None:
    """Guess: "the limit does not apply here" (GetGatewayResponses), so no value of it is refused."""
    assert _items(listing.call(limit=limit)[listing.result]) == listing.everything()


@over(case for case in CASES if case[0] == "apigateway" and case not in UNPAGED)
@pytest.mark.parametrize("limit", [0, -1, 501])
def test_v1_limit_outside_1_to_500_is_refused(listing: Listing, limit: int) -> None:
    if listing.op == "GetApiKeys" and limit < 1:
        # aws-recorded: test_negative_get_usage_plan_api_keys, get-api-keys-invalid-limit
        assert _items(listing.call(limit=limit)["items"]) == listing.everything()
        return
    relation = "less than or equal to 500" if limit > 500 else "greater than or equal to 1"
    assert_error(error_of(listing.call, limit=limit), "ValidationException",
                 f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: "
                 f"Member must have value {relation}", 400)


# ListRoutingRules' MaxResults is an integer 1..100 in the model: tests/apigatewayv2/test_routing_rule_limits.py
@over(case for case in CASES if case[0] == "apigatewayv2" and case[1] != "ListRoutingRules")
@pytest.mark.parametrize(("max_results", "message"), [
    ("0", "MaxResults must be greater than or equal to 1"),
    ("-1", "MaxResults must be greater than or equal to 1"),
    ("many", "Invalid MaxResults: many"),
])
def test_v2_max_results_out_of_range_is_refused(listing: Listing, max_results: str, message: str) -> None:
    assert_error(error_of(listing.call, MaxResults=max_results), "BadRequestException", message, 400)


@pytest.mark.parametrize("max_results", ["1_0", " 1", "1 "])
def test_v2_max_results_is_parsed_as_aws_parses_it(apigatewayv2: Any, max_results: str) -> None:
    """Guess: AWS parses MaxResults as a Java int (Integer.parseInt), refusing underscores and white
    space; Python's int() accepts both, so a malformed limit pages as a well-formed one."""
    for i in range(12):
        _v2_http_api(apigatewayv2, f"api{i}")
    assert_error(error_of(apigatewayv2.get_apis, MaxResults=max_results), "BadRequestException",
                 f"Invalid MaxResults: {max_results}", 400)


def _call_or_error(listing: Listing, **extra: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    try:
        return listing.call(**extra), None
    except listing.client.exceptions.ClientError as caught:
        return {}, caught.response


def _is_subsequence(part: list[Any], whole: list[Any]) -> bool:
    it = iter(whole)
    return all(any(item == other for other in it) for item in part)
