"""The checks AWS makes on routing rules and routing modes (``gwmock/apigatewayv2/routing_rules.py``).

Limits and unsupported headers come from the developer guide ("Routing rules to connect API stages to
a custom domain name for REST APIs": Restrictions; "Set the routing mode for your custom domain name"),
corrected where aws-cdk's routing-rule tests record the service's own answer (a ``*`` in a header name
is accepted, an infix glob may be 40 characters, "Header value glob is required", "Only one basePath
is supported to use StripBasePath"). Every other message is gwmock's wording (a guess).
"""

from __future__ import annotations

import time

import boto3
import pytest
from botocore.config import Config
from helpers import assert_error, error_of

DOMAIN = "rules.example.com"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/c"
POLICY = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
          '"Action": "execute-api:Invoke", "Resource": "*"}]}')
NOT_SUPPORTED_HEADERS = [
    "Authorization", "AUTHORIZATION", "Connection", "Content-Encoding", "Content-Length", "Content-Location",
    "Forwarded", "Keep-Alive", "Origin", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailers",
    "Transfer-Encoding", "Upgrade", "x-apigw-api-id", "X-Forwarded-For", "X-Forwarded-Host",
    "X-Forwarded-Proto", "x-restAPI", "Via", "access-control-allow-origin", "Access-Control-Max-Age",
    "apigw-anything", "x-amz-date", "X-Amz-Security-Token", "x-amzn-trace-id", "X-AMZN-Whatever",
]


@pytest.fixture
def v1(gwmock):
    return boto3.client("apigateway", region_name="us-east-1")


def _rest_api(v1, name="routed", **options):
    api = v1.create_rest_api(name=name, **options)
    v1.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    v1.create_deployment(restApiId=api["id"], stageName="prod")
    return api["id"]


def _domain(apigatewayv2, mode="ROUTING_RULE_ONLY", name=DOMAIN):
    apigatewayv2.create_domain_name(DomainName=name, RoutingMode=mode, DomainNameConfigurations=[
        {"CertificateArn": CERT, "EndpointType": "REGIONAL"}])


@pytest.fixture
def api_id(v1, apigatewayv2):
    _domain(apigatewayv2)
    return _rest_api(v1)


def _header(name, glob):
    return {"MatchHeaders": {"AnyOf": [{"Header": name, "ValueGlob": glob}]}}


def _base(*paths):
    return {"MatchBasePaths": {"AnyOf": list(paths)}}


def _args(api_id, priority=10, conditions=(), strip=False, domain=DOMAIN, **more):
    return {"DomainName": domain, "Priority": priority, "Conditions": list(conditions),
            "Actions": [{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": strip}}], **more}


def _refused(gwmock, call, message, **kwargs):
    """``call`` is a 400 with ``message`` and leaves every record as it was."""
    before = gwmock.snapshot()
    assert_error(error_of(call, **kwargs), "BadRequestException", message, 400)
    assert gwmock.snapshot() == before


# --- routing modes ------------------------------------------------------------------------------


def test_rules_are_refused_in_api_mapping_only_mode_but_stay_readable(gwmock, apigatewayv2, api_id):
    rule = apigatewayv2.create_routing_rule(**_args(api_id))
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="API_MAPPING_ONLY")
    message = "Routing rules cannot be created or updated while the domain name's routing mode is API_MAPPING_ONLY"

    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(api_id, priority=20))
    _refused(gwmock, apigatewayv2.put_routing_rule, message, RoutingRuleId=rule["RoutingRuleId"],
             **_args(api_id, priority=30))

    assert [r["Priority"] for r in apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"]] == [10]
    assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule["RoutingRuleId"])["Priority"] == 10
    apigatewayv2.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule["RoutingRuleId"])
    assert apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"] == []


def test_a_v1_domain_in_its_default_mode_takes_no_rule(gwmock, v1, apigatewayv2):
    v1.create_domain_name(domainName="v1.example.com", endpointConfiguration={"types": ["REGIONAL"]},
                          regionalCertificateArn=CERT)
    api = _rest_api(v1)
    message = "Routing rules cannot be created or updated while the domain name's routing mode is API_MAPPING_ONLY"

    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(api, domain="v1.example.com"))
    v1.update_domain_name(domainName="v1.example.com", patchOperations=[
        {"op": "replace", "path": "/routingMode", "value": "ROUTING_RULE_THEN_BASE_PATH_MAPPING"}])
    assert apigatewayv2.create_routing_rule(**_args(api, domain="v1.example.com"))["Priority"] == 10


def test_api_mappings_are_refused_in_routing_rule_only_mode_but_stay_usable(gwmock, v1, apigatewayv2, api_id):
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="API_MAPPING_ONLY")
    mapping = apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="prod", ApiMappingKey="a")
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_ONLY")

    _refused(gwmock, apigatewayv2.create_api_mapping,
             "API mappings cannot be created while the domain name's routing mode is ROUTING_RULE_ONLY",
             DomainName=DOMAIN, ApiId=api_id, Stage="prod", ApiMappingKey="b")
    _refused(gwmock, v1.create_base_path_mapping,
             "Base path mappings cannot be created while the domain name's routing mode is ROUTING_RULE_ONLY",
             domainName=DOMAIN, restApiId=api_id, stage="prod", basePath="c")

    assert [m["ApiMappingKey"] for m in apigatewayv2.get_api_mappings(DomainName=DOMAIN)["Items"]] == ["a"]
    updated = apigatewayv2.update_api_mapping(DomainName=DOMAIN, ApiMappingId=mapping["ApiMappingId"],
                                              ApiId=api_id, ApiMappingKey="z")
    assert updated["ApiMappingKey"] == "z"
    v1.delete_base_path_mapping(domainName=DOMAIN, basePath="z")
    assert apigatewayv2.get_api_mappings(DomainName=DOMAIN)["Items"] == []


def test_rules_then_mappings_mode_takes_both(apigatewayv2, v1, api_id):
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_THEN_API_MAPPING")

    apigatewayv2.create_routing_rule(**_args(api_id))
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="prod", ApiMappingKey="a")
    v1.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="prod", basePath="b")

    assert len(apigatewayv2.get_api_mappings(DomainName=DOMAIN)["Items"]) == 2


@pytest.mark.parametrize("value", ["ROUTING_RULE_THEN_API_MAPPING", "API_MAPPING_ONLY", "rules", ""])
def test_v1_routing_mode_patch_takes_v1_names_only(gwmock, v1, value):
    v1.create_domain_name(domainName="v1.example.com", endpointConfiguration={"types": ["REGIONAL"]})

    _refused(gwmock, v1.update_domain_name,
             f"Invalid routing mode specified: {value}. Valid options are BASE_PATH_MAPPING_ONLY,"
             "ROUTING_RULE_ONLY,ROUTING_RULE_THEN_BASE_PATH_MAPPING",
             domainName="v1.example.com", patchOperations=[{"op": "replace", "path": "/routingMode", "value": value}])
    assert v1.get_domain_name(domainName="v1.example.com")["routingMode"] == "BASE_PATH_MAPPING_ONLY"


# --- header conditions -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["x-version", "Hello", "Host", "Cookie", "Accept", "x-*", "a" * 39,
                                  "A0!#$%&'*.^_`|~?-", "x-amzfoo", "apigw", "authorization-x"])
def test_header_names_aws_takes(apigatewayv2, api_id, name):
    rule = apigatewayv2.create_routing_rule(**_args(api_id, conditions=[_header(name, "v")]))

    assert rule["Conditions"] == [_header(name, "v")]


@pytest.mark.parametrize(("name", "message"), [
    ("", "Header name is required"),
    ("a" * 40, "Header name must be less than 40 characters"),
    ("x version", "Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~"),
    ("x:y", "Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~"),
    ("x/y", "Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~"),
    ("caf\u00e9", "Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~"),
    ("x\u0130", "Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~"),
    ("x\r\ny", "Header name may contain only letters, numbers and the characters *?-!#$%&'.^_`|~"),
    *[(name, f"Header {name} is not supported in a routing rule condition") for name in NOT_SUPPORTED_HEADERS],
])
def test_header_names_aws_refuses(gwmock, apigatewayv2, api_id, name, message):
    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(api_id, conditions=[_header(name, "v")]))


@pytest.mark.parametrize("glob", ["v", "*", "a*", "*a", "*a*", "**", "Dog-*", "image/webp", "*ux=beta*",
                                  "*json", "a b", "a" * 127, "*" + "a" * 126, "*" + "a" * 38 + "*", "$(x)"])
def test_value_globs_aws_takes(apigatewayv2, api_id, glob):
    rule = apigatewayv2.create_routing_rule(**_args(api_id, conditions=[_header("x-version", glob)]))

    assert rule["Conditions"][0]["MatchHeaders"]["AnyOf"][0]["ValueGlob"] == glob


@pytest.mark.parametrize(("glob", "message"), [
    ("", "Header value glob is required"),
    ("a" * 128, "Header value glob must be less than 128 characters"),
    ("*" + "a" * 127, "Header value glob must be less than 128 characters"),
    ("a*b", "Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*"),
    ("*a*b*", "Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*"),
    ("***", "Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*"),
    ("*" + "a" * 39 + "*", "Header value glob for an infix match must be at most 40 characters"),
    ("caf\u00e9", "Header value glob may contain only printable ASCII characters"),
    ("a\tb", "Header value glob may contain only printable ASCII characters"),
    ("a\r\nX-Injected: 1", "Header value glob may contain only printable ASCII characters"),
    ("\x00", "Header value glob may contain only printable ASCII characters"),
])
def test_value_globs_aws_refuses(gwmock, apigatewayv2, api_id, glob, message):
    _refused(gwmock, apigatewayv2.create_routing_rule, message,
             **_args(api_id, conditions=[_header("x-version", glob)]))


def test_each_any_of_holds_one_value(gwmock, apigatewayv2, api_id):
    two_headers = {"MatchHeaders": {"AnyOf": [{"Header": "a", "ValueGlob": "1"}, {"Header": "b", "ValueGlob": "2"}]}}

    _refused(gwmock, apigatewayv2.create_routing_rule, "MatchHeaders.AnyOf can contain only one value",
             **_args(api_id, conditions=[two_headers]))
    _refused(gwmock, apigatewayv2.create_routing_rule, "MatchBasePaths.AnyOf can contain only one value",
             **_args(api_id, conditions=[_base("a", "b")]))


# --- base paths and actions -------------------------------------------------------------------------


@pytest.mark.parametrize("base_path", ["PetStoreShopper", "PetStoreShopper/dogs", "/refunds", "a" * 127,
                                       "$-_.+!*'()", "New/Users/"])
def test_base_paths_aws_takes(apigatewayv2, api_id, base_path):
    rule = apigatewayv2.create_routing_rule(**_args(api_id, conditions=[_base(base_path)], strip=True))

    assert rule["Conditions"] == [_base(base_path)]


@pytest.mark.parametrize(("base_path", "message"), [
    ("", "Base path is required"),
    ("a" * 128, "Base path must be less than 128 characters"),
    *[(path, "Base path may contain only letters, numbers and the characters $-_.+!*'()/")
      for path in ("a\\b", "\\a", "a b", "a?b", "a#b", "a%2Fb", "caf\u00e9", "a;b", "..\u2215etc")],
])
def test_base_paths_aws_refuses(gwmock, apigatewayv2, api_id, base_path, message):
    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(api_id, conditions=[_base(base_path)]))


def test_strip_base_path_needs_a_base_path_condition(gwmock, apigatewayv2, api_id):
    message = "Only one basePath is supported to use StripBasePath"

    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(api_id, strip=True))
    _refused(gwmock, apigatewayv2.create_routing_rule, message,
             **_args(api_id, conditions=[_header("x-version", "v1")], strip=True))
    rule = apigatewayv2.create_routing_rule(
        **_args(api_id, conditions=[_header("x-version", "v1"), _base("v1")], strip=True))
    assert rule["Actions"][0]["InvokeApi"]["StripBasePath"] is True


def test_http_and_websocket_apis_are_not_targets(gwmock, apigatewayv2, api_id):
    for protocol in ("HTTP", "WEBSOCKET"):
        options = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
        api = apigatewayv2.create_api(Name=protocol, ProtocolType=protocol, **options)["ApiId"]
        apigatewayv2.create_stage(ApiId=api, StageName="prod")

        _refused(gwmock, apigatewayv2.create_routing_rule,
                 f"Routing rules can only invoke REST APIs: {api} is an HTTP or WebSocket API", **_args(api))


def test_public_and_private_domains_and_apis_do_not_mix(gwmock, v1, apigatewayv2, api_id):
    private_api = _rest_api(v1, "private", endpointConfiguration={"types": ["PRIVATE"]}, policy=POLICY)
    private = v1.create_domain_name(domainName="priv.example.com", endpointConfiguration={"types": ["PRIVATE"]},
                                    routingMode="ROUTING_RULE_ONLY")
    message = ("A routing rule of a private domain name can only invoke a private API, "
               "and one of a public domain name a public API")

    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(private_api))
    _refused(gwmock, apigatewayv2.create_routing_rule, message,
             **_args(api_id, domain="priv.example.com", DomainNameId=private["domainNameId"]))
    rule = apigatewayv2.create_routing_rule(
        **_args(private_api, domain="priv.example.com", DomainNameId=private["domainNameId"]))
    assert rule["Actions"][0]["InvokeApi"]["ApiId"] == private_api


def test_rules_and_http_api_mappings_exclude_each_other(gwmock, apigatewayv2, api_id):
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_THEN_API_MAPPING")
    http_api = apigatewayv2.create_api(Name="http", ProtocolType="HTTP")["ApiId"]
    apigatewayv2.create_stage(ApiId=http_api, StageName="prod")
    rest_mapping = apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="prod", ApiMappingKey="r")
    rule = apigatewayv2.create_routing_rule(**_args(api_id))

    _refused(gwmock, apigatewayv2.create_api_mapping,
             "API mappings to HTTP or WebSocket APIs are not supported for a domain name with routing rules",
             DomainName=DOMAIN, ApiId=http_api, Stage="prod", ApiMappingKey="h")
    _refused(gwmock, apigatewayv2.update_api_mapping,
             "API mappings to HTTP or WebSocket APIs are not supported for a domain name with routing rules",
             DomainName=DOMAIN, ApiMappingId=rest_mapping["ApiMappingId"], ApiId=http_api, Stage="prod")

    apigatewayv2.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule["RoutingRuleId"])
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=http_api, Stage="prod", ApiMappingKey="h")
    _refused(gwmock, apigatewayv2.create_routing_rule,
             "Routing rules are not supported for a domain name with API mappings to HTTP or WebSocket APIs",
             **_args(api_id))


# --- PutRoutingRule and priorities ------------------------------------------------------------------


def test_put_routing_rule_makes_the_same_checks_and_keeps_the_rule(gwmock, apigatewayv2, api_id):
    rule = apigatewayv2.create_routing_rule(**_args(api_id, conditions=[_base("orders")], strip=True))
    rule_id = rule["RoutingRuleId"]
    bad = [
        ("Header value glob is required", {"conditions": [_header("x-version", "")]}),
        ("Header Authorization is not supported in a routing rule condition",
         {"conditions": [_header("Authorization", "Bearer*")]}),
        ("Only one basePath is supported to use StripBasePath", {"strip": True}),
        ("MatchBasePaths.AnyOf can contain only one value", {"conditions": [_base("a", "b")]}),
    ]
    for message, change in bad:
        _refused(gwmock, apigatewayv2.put_routing_rule, message, RoutingRuleId=rule_id, **_args(api_id, **change))

    got = apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule_id)
    assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
        k: v for k, v in rule.items() if k != "ResponseMetadata"}


@pytest.mark.parametrize(("priority", "constraint"), [
    (0, "Member must have value greater than or equal to 1"),
    (-5, "Member must have value greater than or equal to 1"),
    (1_000_001, "Member must have value less than or equal to 1000000"),
])
def test_priority_range(gwmock, apigatewayv2, api_id, priority, constraint):
    loose = boto3.client("apigatewayv2", region_name="us-east-1", config=Config(parameter_validation=False))

    _refused(gwmock, loose.create_routing_rule,
             f"1 validation error detected: Value '{priority}' at 'createRoutingRuleInput.priority' "
             f"failed to satisfy constraint: {constraint}", **_args(api_id, priority=priority))


def test_priority_bounds_and_more_rules_than_the_default_quota(apigatewayv2, api_id):
    # The quota of 50 rules per domain can be raised, so gwmock does not enforce it (guess).
    for priority in (1, 1_000_000, *range(2, 60)):
        apigatewayv2.create_routing_rule(**_args(api_id, priority=priority, conditions=[_base(f"p{priority}")]))

    listed = apigatewayv2.get_paginator("list_routing_rules").paginate(DomainName=DOMAIN).build_full_result()
    assert [r["Priority"] for r in listed["RoutingRules"]] == [*range(1, 60), 1_000_000]


# --- hostile inputs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "message"), [
    ({"conditions": [_header("x", "v")] * 20_000}, "A routing rule can have at most 3 conditions"),
    ({"conditions": [{"MatchHeaders": {"AnyOf": [{"Header": "x", "ValueGlob": "v"}] * 50_000}}]},
     "MatchHeaders.AnyOf can contain only one value"),
    ({"conditions": [_base(*["a"] * 100_000)]}, "MatchBasePaths.AnyOf can contain only one value"),
    ({"conditions": [_header("x", "*" + "a" * 1_000_000)]}, "Header value glob must be less than 128 characters"),
    ({"conditions": [_header("x" * 1_000_000, "v")]}, "Header name must be less than 40 characters"),
    ({"conditions": [_base("a/" * 500_000)]}, "Base path must be less than 128 characters"),
    ({"conditions": [_header("x", "*" + "a*" * 60 + "*")]},
     "Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*"),
])
def test_hostile_rules_are_refused_quickly(gwmock, apigatewayv2, api_id, change, message):
    started = time.monotonic()

    _refused(gwmock, apigatewayv2.create_routing_rule, message, **_args(api_id, **change))

    assert time.monotonic() - started < 5


def test_hostile_actions_are_refused(gwmock, apigatewayv2, api_id):
    many = [{"InvokeApi": {"ApiId": api_id, "Stage": "prod"}}] * 10_000

    _refused(gwmock, apigatewayv2.create_routing_rule, "A routing rule must have exactly one action",
             DomainName=DOMAIN, Priority=1, Conditions=[], Actions=many)
    for api, stage, message in [("../../restapis", "prod", "Invalid API identifier specified ../../restapis"),
                                ("__class__", "prod", "Invalid API identifier specified __class__"),
                                (api_id, "../prod", "Invalid stage identifier specified ../prod")]:
        _refused(gwmock, apigatewayv2.create_routing_rule, message,
                 DomainName=DOMAIN, Priority=1, Conditions=[], Actions=[{"InvokeApi": {"ApiId": api, "Stage": stage}}])
