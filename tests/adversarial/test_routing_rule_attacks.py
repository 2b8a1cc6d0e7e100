"""Attacks on custom domains' routing rules: the control plane (``gwmock/apigatewayv2/routing_rules.py``)
and the data plane's matcher (``gwmock/runtime/routing_rules.py``).

Defects these attacks found (each test says what happened before):

* a header name outside ASCII was lower-cased by Unicode's rules, so ``x-\\u212aey`` (KELVIN SIGN)
  matched a condition on ``x-key``: HTTP field names are case-insensitive in ASCII only;
* ``DomainName`` ``NAME+ID`` (the storage key of a private domain name) reached that private domain
  without its ``DomainNameId``: AWS knows no domain of that name (a 404);
* ListRoutingRules took another listing's NextToken (GetApiMappings', GetApis') as one of its own and
  answered the page after an unrelated cursor (guess: AWS refuses a token it did not give, as gwmock
  refuses a malformed one).

The other attacks found nothing and stay as tests: hostile JSON through the wire, priorities and
conditions out of bounds, globs built to backtrack, 64 KB header values, odd header names and repeated
header lines, hostile base paths, rule ids that look like paths, hostile pagination, a domain deleted
with its rules, updates racing deletes, and hypothesis fuzzing of the matcher (never raises,
deterministic, first match by priority) and of the control plane (never a 5xx, a refusal changes nothing).
"""

from __future__ import annotations

import json
import re
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime.routing_rules import glob_matches, route

REGION = "us-east-1"
DOMAIN = "rules.example.com"
CERT = f"arn:aws:acm:{REGION}:123456789012:certificate/c"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
POLICY = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
          '"Action": "execute-api:Invoke", "Resource": "*"}]}')
NO_DOMAIN = "Invalid domain name identifier specified"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps({"api": event["requestContext"]["apiId"], "path": event["path"],
                                                   "proxy": (event["pathParameters"] or {}).get("proxy")})}


def _rest_api(apigateway, name, **options):
    """A REST API answering every path with the API id and path it was given, on stage ``prod``."""
    api = apigateway.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL"]}, **options)
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    for resource in (api["rootResourceId"], proxy["id"]):
        apigateway.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        apigateway.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    return api["id"]


def _domain(apigatewayv2, mode="ROUTING_RULE_ONLY", name=DOMAIN):
    apigatewayv2.create_domain_name(DomainName=name, RoutingMode=mode, DomainNameConfigurations=[
        {"CertificateArn": CERT, "EndpointType": "REGIONAL"}])


@pytest.fixture
def apis(gwmock, apigateway, apigatewayv2):
    """Two REST APIs and the domain ``DOMAIN`` in ``ROUTING_RULE_ONLY`` mode, with no rule yet."""
    gwmock.add_lambda(FN, _echo)
    _domain(apigatewayv2)
    return [_rest_api(apigateway, f"target-{n}") for n in range(2)]


def _header(name, glob):
    return {"MatchHeaders": {"AnyOf": [{"Header": name, "ValueGlob": glob}]}}


def _base(*paths):
    return {"MatchBasePaths": {"AnyOf": list(paths)}}


def _action(api_id, strip=False):
    return [{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": strip}}]


def _rule(apigatewayv2, api_id, priority, conditions=(), strip=False, domain=DOMAIN, **more):
    return apigatewayv2.create_routing_rule(DomainName=domain, Priority=priority, Conditions=list(conditions),
                                            Actions=_action(api_id, strip), **more)["RoutingRuleId"]


def _record(rule_id, priority, conditions=(), api_id="hit", strip=False):
    return {"RoutingRuleId": rule_id, "Priority": priority, "Conditions": list(conditions),
            "Actions": _action(api_id, strip)}


def _target(gwmock, path="/", headers=None, host=DOMAIN):
    """(API, path it was given, proxy parameter) the request reached, or the status when none answered."""
    answer = gwmock.invoke("GET", f"https://{host}{path}", headers=headers)
    if answer.status != 200:
        return answer.status, json.loads(answer.body)
    body = json.loads(answer.body)
    return body["api"], body["path"], body["proxy"]


def _refused(gwmock, call, code, message, status, **kwargs):
    """``call`` answers AWS's ``code``/``message``/``status`` and leaves every record as it was."""
    before = gwmock.snapshot()
    assert_error(error_of(call, **kwargs), code, message, status)
    assert gwmock.snapshot() == before


def _loose(gwmock):
    return boto3.client("apigatewayv2", region_name=REGION, config=Config(parameter_validation=False))


def _raw():
    """A client and the list whose last item (bytes, or a value sent as JSON) its requests carry as body."""
    client = boto3.client("apigatewayv2", region_name=REGION, config=Config(parameter_validation=False))
    bodies = []

    def swap(request, **_):
        request.data = bodies[-1] if isinstance(bodies[-1], bytes) else json.dumps(bodies[-1]).encode()

    client.meta.events.register("request-created", swap)
    return client, bodies


def _priorities(apigatewayv2, **more):
    return [r["Priority"] for r in apigatewayv2.list_routing_rules(DomainName=DOMAIN, **more)["RoutingRules"]]


# === defects found ==================================================================================


def test_a_non_ascii_header_name_is_not_folded_into_an_ascii_one(gwmock, apigatewayv2, apis):
    # Before: "x-\u212aey".lower() == "x-key", so KELVIN SIGN stood in for "k" and the rule matched.
    _rule(apigatewayv2, apis[0], 10, [_header("x-key", "v1")])
    _rule(apigatewayv2, apis[1], 20)

    assert _target(gwmock, "/", {"X-KEY": "v1"})[0] == apis[0]  # ASCII case still folds
    for name in ("x-\u212aey", "X-\u212aEY"):
        assert _target(gwmock, "/", {name: "v1"})[0] == apis[1], name
        assert route([_record("r", 1, [_header("x-key", "v1")])], "/", {name: "v1"}, DOMAIN) is None
        # a stored condition naming a non-ASCII header (older state) does not fold either
        assert route([_record("r", 1, [_header(name, "v1")])], "/", {"x-key": "v1"}, DOMAIN) is None
    assert route([_record("r", 1, [_header("x-\u212aey", "v1")])], "/", {"X-\u212aey": "v1"}, DOMAIN)


def test_a_private_domain_is_not_reached_through_its_storage_key(gwmock, apigateway, apigatewayv2):
    # Before: DomainName "priv.example.com+<id>" without DomainNameId named the private domain's record,
    # so rules were created, listed, replaced and deleted on it.
    private_api = apigateway.create_rest_api(name="p", endpointConfiguration={"types": ["PRIVATE"]}, policy=POLICY)
    apigateway.put_method(restApiId=private_api["id"], resourceId=private_api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=private_api["id"], resourceId=private_api["rootResourceId"],
                               httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=private_api["id"], stageName="prod")
    domain_id = apigateway.create_domain_name(domainName="priv.example.com", routingMode="ROUTING_RULE_ONLY",
                                              endpointConfiguration={"types": ["PRIVATE"]})["domainNameId"]
    rule = _rule(apigatewayv2, private_api["id"], 5, domain="priv.example.com", DomainNameId=domain_id)
    key = f"priv.example.com+{domain_id}"

    _refused(gwmock, apigatewayv2.create_routing_rule, "NotFoundException", NO_DOMAIN, 404,
             DomainName=key, Priority=1, Conditions=[], Actions=_action(private_api["id"]))
    _refused(gwmock, apigatewayv2.put_routing_rule, "NotFoundException", NO_DOMAIN, 404,
             DomainName=key, RoutingRuleId=rule, Priority=1, Conditions=[], Actions=_action(private_api["id"]))
    for call in (apigatewayv2.get_routing_rule, apigatewayv2.delete_routing_rule):
        _refused(gwmock, call, "NotFoundException", NO_DOMAIN, 404, DomainName=key, RoutingRuleId=rule)
    _refused(gwmock, apigatewayv2.list_routing_rules, "NotFoundException", NO_DOMAIN, 404, DomainName=key)
    # the same name with a DomainNameId of its own is no better
    _refused(gwmock, apigatewayv2.list_routing_rules, "NotFoundException", NO_DOMAIN, 404,
             DomainName=key, DomainNameId=domain_id)

    listed = apigatewayv2.list_routing_rules(DomainName="priv.example.com", DomainNameId=domain_id)["RoutingRules"]
    assert [r["RoutingRuleId"] for r in listed] == [rule]


def test_list_routing_rules_refuses_a_token_of_another_listing(gwmock, apigatewayv2, apis):
    # Before: GetApiMappings' token (an insertion cursor) was read as a priority, and a forged string
    # token answered an empty page instead of an error.
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_THEN_API_MAPPING")
    for key in ("a", "b", "c"):
        apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=apis[0], Stage="prod", ApiMappingKey=key)
    for priority in (1, 2, 3, 50, 500):
        _rule(apigatewayv2, apis[0], priority, [_base(f"p{priority}")])
    for name in ("h1", "h2"):
        apigatewayv2.create_api(Name=name, ProtocolType="HTTP")
    foreign = [apigatewayv2.get_api_mappings(DomainName=DOMAIN, MaxResults="1")["NextToken"],
               apigatewayv2.get_apis(MaxResults="1")["NextToken"]]

    for token in foreign:
        _refused(gwmock, apigatewayv2.list_routing_rules, "BadRequestException", "Invalid NextToken", 400,
                 DomainName=DOMAIN, NextToken=token)
    # its own tokens page by priority
    first = apigatewayv2.list_routing_rules(DomainName=DOMAIN, MaxResults=2)
    assert [r["Priority"] for r in first["RoutingRules"]] == [1, 2]
    assert _priorities(apigatewayv2, NextToken=first["NextToken"]) == [3, 50, 500]


# === attacks that found nothing: the control plane ==================================================


HOSTILE_BODIES = [
    ({"priority": "1", "conditions": [], "actions": []},
     "Unable to parse '1' at 'createRoutingRuleInput.priority' as an integer"),
    ({"priority": 10.5, "conditions": [], "actions": []},
     "Unable to parse 10.5 at 'createRoutingRuleInput.priority' as an integer"),
    ({"priority": True, "conditions": [], "actions": []},
     "Unable to parse True at 'createRoutingRuleInput.priority' as an integer"),
    ({"priority": 2**31, "conditions": [], "actions": []},
     "Numeric value (2147483648) at 'createRoutingRuleInput.priority' out of range of int"),
    ({"priority": 0, "conditions": [], "actions": []},
     "1 validation error detected: Value '0' at 'createRoutingRuleInput.priority' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
    ({"priority": -1, "conditions": [], "actions": []},
     "1 validation error detected: Value '-1' at 'createRoutingRuleInput.priority' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
    ({"priority": 1_000_001, "conditions": [], "actions": []},
     "1 validation error detected: Value '1000001' at 'createRoutingRuleInput.priority' failed to satisfy "
     "constraint: Member must have value less than or equal to 1000000"),
    ({"priority": 1, "conditions": {"a": 1}, "actions": []}, "Expected a list at 'createRoutingRuleInput.conditions'"),
    ({"priority": 1, "conditions": ["x"], "actions": []},
     "Expected an object at 'createRoutingRuleInput.conditions.1.member'"),
    ({"priority": 1, "conditions": [{"matchHeaders": {"anyOf": ["x"]}}], "actions": []},
     "Expected an object at 'createRoutingRuleInput.conditions.1.member.matchHeaders.anyOf.1.member'"),
    ({"priority": 1, "conditions": [{"matchHeaders": {"anyOf": [{"header": 5, "valueGlob": "v"}]}}], "actions": []},
     "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"),
    ({"priority": 1, "conditions": [{"matchBasePaths": {"anyOf": "abc"}}], "actions": []},
     "Expected a list at 'createRoutingRuleInput.conditions.1.member.matchBasePaths.anyOf'"),
    ({"priority": 1, "conditions": [], "actions": [{"invokeApi": "x"}]},
     "Expected an object at 'createRoutingRuleInput.actions.1.member.invokeApi'"),
    ({"priority": 1, "conditions": [], "actions": {"invokeApi": {}}},
     "Expected a list at 'createRoutingRuleInput.actions'"),
    ({"priority": 1, "conditions": [{"matchHeaders": None}], "actions": []},
     "Each routing rule condition must specify exactly one of MatchBasePaths or MatchHeaders"),
    ({"priority": 1, "conditions": [{"unknown": 1}], "actions": []},
     "Each routing rule condition must specify exactly one of MatchBasePaths or MatchHeaders"),
    (b'{"priority": 1, "conditions": ' + b"[" * 50_000 + b"]" * 50_000 + b', "actions": []}',
     "Unable to parse request body as JSON: document nests deeper than 100 levels"),
    (b"[]", "Request body must be a JSON object"),
]


def test_hostile_json_bodies_are_refused_with_state_unchanged(gwmock, apigatewayv2, apis):
    client, bodies = _raw()
    for body, message in HOSTILE_BODIES:
        bodies.append(body)
        _refused(gwmock, client.create_routing_rule, "BadRequestException", message, 400,
                 DomainName=DOMAIN, Priority=1, Conditions=[], Actions=[])

    assert _rule(apigatewayv2, apis[0], 1)  # the mock still serves the next call


def test_duplicate_priorities_are_conflicts_on_create_and_put(gwmock, apigatewayv2, apis):
    first = _rule(apigatewayv2, apis[0], 1)
    second = _rule(apigatewayv2, apis[0], 2)
    message = "A routing rule with priority 1 already exists for this domain name"

    _refused(gwmock, apigatewayv2.create_routing_rule, "ConflictException", message, 409,
             DomainName=DOMAIN, Priority=1, Conditions=[], Actions=_action(apis[1]))
    _refused(gwmock, apigatewayv2.put_routing_rule, "ConflictException", message, 409,
             DomainName=DOMAIN, RoutingRuleId=second, Priority=1, Conditions=[], Actions=_action(apis[1]))
    # a rule may keep its own priority, and the bounds are rules' priorities like any other
    apigatewayv2.put_routing_rule(DomainName=DOMAIN, RoutingRuleId=first, Priority=1, Conditions=[],
                                  Actions=_action(apis[1]))
    apigatewayv2.put_routing_rule(DomainName=DOMAIN, RoutingRuleId=second, Priority=1_000_000, Conditions=[],
                                  Actions=_action(apis[1]))
    assert _priorities(apigatewayv2) == [1, 1_000_000]


HOSTILE_CONDITIONS = [
    ([_base("a")] * 100, "A routing rule can have at most 3 conditions"),
    ([_header("a", "1"), _header("b", "2"), _header("c", "3")],
     "A routing rule can have at most two MatchHeaders conditions"),
    ([_base("a"), _base("b")], "A routing rule can have at most one MatchBasePaths condition"),
    ([{**_header("a", "1"), **_base("b")}],
     "Each routing rule condition must specify exactly one of MatchBasePaths or MatchHeaders"),
    ([{}], "Each routing rule condition must specify exactly one of MatchBasePaths or MatchHeaders"),
    ([{"MatchHeaders": {"AnyOf": []}}], "MatchHeaders.AnyOf must not be empty"),
    ([_header("x", "*" * 5000)], "Header value glob must be less than 128 characters"),
    ([_header("x", "*" * 100)],
     "Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*"),
    ([_header("x", "*a" * 60 + "*")],
     "Header value glob may use a wildcard only as *prefix-match, suffix-match* or *contains*"),
    ([_header("x", "(a+)+$")], None),  # regular-expression syntax is a literal value
    ([_base("a" * 70_000)], "Base path must be less than 128 characters"),
    ([_base("a%2Fb")], "Base path may contain only letters, numbers and the characters $-_.+!*'()/"),
    ([_base("caf\u00e9")], "Base path may contain only letters, numbers and the characters $-_.+!*'()/"),
    ([_base("a\\..\\b")], "Base path may contain only letters, numbers and the characters $-_.+!*'()/"),
]


def test_hostile_conditions(gwmock, apigatewayv2, apis):
    started = time.monotonic()
    for priority, (conditions, message) in enumerate(HOSTILE_CONDITIONS, start=1):
        if message is None:
            rule = _rule(apigatewayv2, apis[0], priority, conditions)
            assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule)["Conditions"] == conditions
        else:
            _refused(gwmock, apigatewayv2.create_routing_rule, "BadRequestException", message, 400,
                     DomainName=DOMAIN, Priority=priority, Conditions=conditions, Actions=_action(apis[0]))
    assert time.monotonic() - started < 3


def test_empty_and_full_condition_lists(apigatewayv2, apis, gwmock):
    catch_all = _rule(apigatewayv2, apis[1], 20)
    full = _rule(apigatewayv2, apis[0], 10, [_header("x-a", "1*"), _header("x-b", "*2"), _base("shop")], strip=True)

    assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=catch_all)["Conditions"] == []
    assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=full)["Actions"] == _action(apis[0], True)
    assert _target(gwmock, "/shop/x", {"x-a": "1a", "x-b": "b2"}) == (apis[0], "/shop/x", "x")
    assert _target(gwmock, "/shop/x", {"x-a": "1a"}) == (apis[1], "/shop/x", "shop/x")  # every condition holds


def test_rule_ids_that_do_not_exist_or_look_like_paths(gwmock, apigatewayv2, apis):
    rule = _rule(apigatewayv2, apis[0], 1)
    for rule_id in ("nope", "../x", "..%2F..%2Fx", "a/b", "%00", "x" * 5000, "routingrules", "__class__",
                    "{routingRuleId}", rule.upper(), f" {rule}", f"{rule}/.."):
        message = f"Invalid RoutingRule identifier specified {rule_id}"
        for call in (apigatewayv2.get_routing_rule, apigatewayv2.delete_routing_rule):
            _refused(gwmock, call, "NotFoundException", message, 404, DomainName=DOMAIN, RoutingRuleId=rule_id)
        _refused(gwmock, apigatewayv2.put_routing_rule, "NotFoundException", message, 404,
                 DomainName=DOMAIN, RoutingRuleId=rule_id, Priority=2, Conditions=[], Actions=_action(apis[0]))
    assert apigatewayv2.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule)["Priority"] == 1


def test_a_rule_id_is_reached_through_its_own_domain_only(gwmock, apigatewayv2, apis):
    _domain(apigatewayv2, name="other.example.com")
    rule = _rule(apigatewayv2, apis[0], 1)
    message = f"Invalid RoutingRule identifier specified {rule}"

    for call in (apigatewayv2.get_routing_rule, apigatewayv2.delete_routing_rule):
        _refused(gwmock, call, "NotFoundException", message, 404, DomainName="other.example.com", RoutingRuleId=rule)
    _refused(gwmock, apigatewayv2.put_routing_rule, "NotFoundException", message, 404, DomainName="other.example.com",
             RoutingRuleId=rule, Priority=1, Conditions=[], Actions=_action(apis[0]))
    for name in ("../rules.example.com", "RULES.example.com", "rules.example.com.", "*.example.com"):
        _refused(gwmock, apigatewayv2.get_routing_rule, "NotFoundException", NO_DOMAIN, 404,
                 DomainName=name, RoutingRuleId=rule)


HOSTILE_MAX_RESULTS = [
    (0, "1 validation error detected: Value '0' at 'MaxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1"),
    (101, "1 validation error detected: Value '101' at 'MaxResults' failed to satisfy constraint: "
          "Member must have value less than or equal to 100"),
    (2**40, "Numeric value (1099511627776) at 'MaxResults' out of range of int"),
    ("abc", "Unable to parse 'abc' as an integer for MaxResults"),
    ("1.5", "Unable to parse '1.5' as an integer for MaxResults"),
]


def test_hostile_max_results_and_next_tokens(gwmock, apigatewayv2, apis):
    for priority in (1, 2, 3):
        _rule(apigatewayv2, apis[0], priority)
    loose = _loose(gwmock)

    for max_results, message in HOSTILE_MAX_RESULTS:
        _refused(gwmock, loose.list_routing_rules, "BadRequestException", message, 400,
                 DomainName=DOMAIN, MaxResults=max_results)
    # garbage, a bare cursor, 100 KB, a 6,000-digit cursor, forged "gw:s:zzz" and "gw:-5", non-ASCII
    for token in ("garbage", "!!!!", "gw:1", "A" * 100_000, "Z3c6OTk5" + "OTk5" * 2000, "Z3c6czp6eno", "Z3c6LTU",
                  "\u00e9", "%00"):
        _refused(gwmock, apigatewayv2.list_routing_rules, "BadRequestException", "Invalid NextToken", 400,
                 DomainName=DOMAIN, NextToken=token)
    assert _priorities(apigatewayv2) == [1, 2, 3]


def test_pages_follow_priorities_and_survive_changes_between_them(apigatewayv2, apis):
    rules = {priority: _rule(apigatewayv2, apis[0], priority) for priority in (40, 10, 30, 20)}
    first = apigatewayv2.list_routing_rules(DomainName=DOMAIN, MaxResults=2)
    assert [r["Priority"] for r in first["RoutingRules"]] == [10, 20]

    apigatewayv2.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=rules[20])  # the token's own rule
    _rule(apigatewayv2, apis[0], 25)
    _rule(apigatewayv2, apis[0], 5)  # before the token: not seen again

    assert _priorities(apigatewayv2, NextToken=first["NextToken"]) == [25, 30, 40]
    pages = apigatewayv2.get_paginator("list_routing_rules").paginate(
        DomainName=DOMAIN, PaginationConfig={"PageSize": 1}).build_full_result()
    assert [r["Priority"] for r in pages["RoutingRules"]] == [5, 10, 25, 30, 40]


def test_deleting_a_domain_deletes_its_rules(gwmock, apigatewayv2, apis):
    rule = _rule(apigatewayv2, apis[0], 1)
    assert _target(gwmock)[0] == apis[0]

    apigatewayv2.delete_domain_name(DomainName=DOMAIN)

    with pytest.raises(ValueError, match="not an execute-api URL"):
        gwmock.invoke("GET", f"https://{DOMAIN}/")
    _refused(gwmock, apigatewayv2.get_routing_rule, "NotFoundException", NO_DOMAIN, 404,
             DomainName=DOMAIN, RoutingRuleId=rule)
    _domain(apigatewayv2)  # the same name again starts without rules
    assert apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"] == []
    assert _target(gwmock)[0] == 403


def test_a_rule_whose_api_or_stage_is_gone(gwmock, apigateway, apigatewayv2, apis):
    rule = _rule(apigatewayv2, apis[0], 1, [_base("a")])
    _rule(apigatewayv2, apis[1], 2, [_base("b")])

    apigateway.delete_stage(restApiId=apis[0], stageName="prod")
    assert _target(gwmock, "/a/x") == (403, {"message": "Missing Authentication Token"})
    apigateway.delete_rest_api(restApiId=apis[0])
    assert _target(gwmock, "/a/x") == (403, {"message": "Forbidden"})
    _refused(gwmock, apigatewayv2.put_routing_rule, "BadRequestException",
             f"Invalid API identifier specified {apis[0]}", 400,
             DomainName=DOMAIN, RoutingRuleId=rule, Priority=1, Conditions=[], Actions=_action(apis[0]))
    assert _target(gwmock, "/b/x")[0] == apis[1]


def test_updates_racing_deletes_never_resurrect_a_rule(gwmock, apigatewayv2, apis):
    errors, seen = [], set()
    stop = threading.Event()

    def quiet(call, allowed=(), **kwargs):
        try:
            call(**kwargs)
        except Exception as error:  # noqa: BLE001 - collected for the assert below
            code = getattr(error, "response", {}).get("Error", {}).get("Code")
            if code not in allowed:
                errors.append(repr(error))

    def writer(n):
        client = boto3.client("apigatewayv2", region_name=REGION)
        for i in range(15):
            priority = 1 + n * 100 + i
            rule = _rule(client, apis[0], priority)
            put = threading.Thread(target=quiet, args=(client.put_routing_rule, ("NotFoundException",)), kwargs={
                "DomainName": DOMAIN, "RoutingRuleId": rule, "Priority": priority, "Conditions": [],
                "Actions": _action(apis[1])})
            put.start()
            quiet(client.delete_routing_rule, DomainName=DOMAIN, RoutingRuleId=rule)
            put.join()

    def reader():
        while not stop.is_set():
            try:
                seen.add(_target(gwmock, "/x")[0])
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    readers = [threading.Thread(target=reader) for _ in range(2)]
    for thread in writers + readers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in readers:
        thread.join()

    assert errors == []
    assert seen <= {apis[0], apis[1], 403}
    assert apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"] == []
    assert _target(gwmock, "/x")[0] == 403


def test_concurrent_creates_of_one_priority_make_one_rule(apigatewayv2, apis):
    outcomes = []

    def create():
        client = boto3.client("apigatewayv2", region_name=REGION)
        try:
            outcomes.append(_rule(client, apis[0], 7))
        except ClientError as error:
            outcomes.append((error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]))

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    created = [o for o in outcomes if isinstance(o, str)]
    assert len(created) == 1 and sorted(o for o in outcomes if o not in created) == [("ConflictException", 409)] * 7
    assert [r["RoutingRuleId"] for r in apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"]] == created


# === attacks that found nothing: the data plane =====================================================


def test_long_and_odd_header_values(gwmock, apigatewayv2, apis):
    _rule(apigatewayv2, apis[0], 10, [_header("x-v", "*needle*")])
    _rule(apigatewayv2, apis[1], 20)
    big = "a" * 65_536
    started = time.monotonic()

    assert _target(gwmock, "/", {"x-v": big})[0] == apis[1]
    assert _target(gwmock, "/", {"x-v": big + "needle" + big})[0] == apis[0]
    assert _target(gwmock, "/", {"x-v": ["no"] * 1000 + ["needle"]})[0] == apis[0]  # one line of a thousand
    assert _target(gwmock, "/", {"x-v": "nee\r\ndle"})[0] == apis[1]
    assert _target(gwmock, "/", {"x-v": "\u00e9needle\u00e9"})[0] == apis[0]
    assert _target(gwmock, "/", {"x-v": b"\xffneedle"})[0] == apis[0]
    assert _target(gwmock, "/", {"x-v": "NEEDLE"})[0] == apis[1]  # values are case sensitive
    assert _target(gwmock, "/", {"X-V": "no", "x-V": "needle"})[0] == apis[0]  # either line of a name
    assert _target(gwmock, "/", {"x-v ": "needle", " x-v": "needle"})[0] == apis[1]  # not the same name
    assert time.monotonic() - started < 3


def test_backtracking_globs_are_literal_text():
    value = "a" * 65_536
    started = time.monotonic()
    for glob in ("*" + "a*" * 2000 + "b", "*" * 5000, "*" + "a" * 30_000 + "b*", "(a+)+$", ".*a.*a.*a.*b"):
        assert route([_record("r", 1, [_header("x", glob)])], "/", {"x": value}, DOMAIN) is None, glob[:20]
    assert route([_record("r", 1, [_header("x", "*" * 5000)])], "/", {"x": "*" * 4998}, DOMAIN)
    assert time.monotonic() - started < 2


HOSTILE_PATHS = [  # (path, API A or B, path the API is given, its proxy parameter)
    ("/shop", ("A", "/shop", None)),
    ("/shop/", ("A", "/shop/", None)),
    ("/shop//x", ("A", "/shop//x", "x")),
    ("//shop/x", ("B", "//shop/x", "shop/x")),
    ("/shop/../x", ("A", "/shop/../x", "../x")),
    ("/x/../shop", ("B", "/x/../shop", "x/../shop")),
    ("/%73hop/x", ("A", "/%73hop/x", "x")),  # compared percent-decoded (guess)
    ("/shop%2Fx", ("B", "/shop%2Fx", "shop%2Fx")),
    ("/SHOP/x", ("B", "/SHOP/x", "SHOP/x")),
    ("/shop/%zz", ("A", "/shop/%zz", "%zz")),
    ("/shop/\u00e9", ("A", "/shop/\u00e9", "\u00e9")),
    ("/shop;x", ("B", "/shop;x", "shop;x")),
    ("/sh%00op", ("B", "/sh%00op", "sh%00op")),
]


def test_hostile_request_paths(gwmock, apigatewayv2, apis):
    _rule(apigatewayv2, apis[0], 10, [_base("shop")], strip=True)
    _rule(apigatewayv2, apis[1], 20)
    named = {"A": apis[0], "B": apis[1]}

    for path, (api, served, proxy) in HOSTILE_PATHS:
        assert _target(gwmock, path) == (named[api], served, proxy), path


def test_hostile_base_paths_a_rule_may_hold(gwmock, apigatewayv2, apis):
    for priority, base in enumerate(("..", "a//b", "New/Users/", "/refunds", "$-_.+!*'()"), start=1):
        _rule(apigatewayv2, apis[0], priority, [_base(base)], strip=True)
    _rule(apigatewayv2, apis[1], 100)
    long_path = "/" + "/".join(["s"] * 5000)
    started = time.monotonic()

    assert _target(gwmock, "/../x")[:2] == (apis[0], "/../x")
    assert _target(gwmock, "/a//b/c")[2] == "c"
    assert _target(gwmock, "/a/b/c")[0] == apis[1]
    assert _target(gwmock, "/New/Users")[0] == apis[0]
    assert _target(gwmock, "/refunds/1")[2] == "1"
    assert _target(gwmock, "/$-_.+!*'()/z")[2] == "z"
    assert _target(gwmock, long_path)[0] == apis[1]
    assert time.monotonic() - started < 3


# --- fuzzing ------------------------------------------------------------------------------------------

NAMES = st.sampled_from(["x-a", "X-A", "host", "Accept", "x-\u212a", "x-k", "k", "\u0130"])
VALUES = st.text(alphabet="ab*/ \t%\u00e9\x00", max_size=8)
GLOBS = st.one_of(st.just("*"), st.builds(lambda core, head, tail: ("*" if head else "") + core + ("*" if tail else ""),
                                          st.text(alphabet="ab/%\u00e9", max_size=4), st.booleans(), st.booleans()))
BASES = st.text(alphabet="ab/.%2F", min_size=1, max_size=6)
CONDITIONS = st.one_of(st.builds(_header, NAMES, GLOBS), st.builds(_base, BASES))
RULES = st.builds(lambda conditions, strip, api: {"Conditions": conditions, "Actions": _action(api, strip)},
                  st.lists(CONDITIONS, max_size=3), st.booleans(), st.sampled_from(["a1", "a2", "a3"]))
HEADERS = st.dictionaries(NAMES, st.one_of(VALUES, st.lists(VALUES, max_size=3), st.binary(max_size=3)), max_size=4)
PATHS = st.text(alphabet="ab/.%2F\u00e9", max_size=12).map(lambda p: "/" + p)


@settings(max_examples=50, deadline=None)
@given(st.lists(RULES, max_size=6), HEADERS, PATHS, st.randoms(use_true_random=False))
def test_the_matcher_never_raises_is_deterministic_and_follows_priorities(rules, headers, path, rnd):
    priorities = rnd.sample(range(1, 1_000_001), len(rules))
    rules = [{**rule, "RoutingRuleId": f"r{n}", "Priority": p} for n, (rule, p) in enumerate(zip(rules, priorities))]
    routed = route(rules, path, headers, DOMAIN)

    shuffled = rules[:]
    rnd.shuffle(shuffled)
    assert route(shuffled, path, headers, DOMAIN) == routed
    # the first rule by priority that matches on its own
    first = next((r for r in sorted(rules, key=lambda r: r["Priority"]) if route([r], path, headers, DOMAIN)), None)
    assert (routed and routed.rule_id) == (first and first["RoutingRuleId"])
    if routed is not None:
        assert routed.path.startswith("/") and routed.api_id == first["Actions"][0]["InvokeApi"]["ApiId"]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="ab*.?[]()+\\", max_size=8), st.text(alphabet="ab*.?[]()+\\", max_size=12))
def test_globs_match_as_aws_documents_them(glob, value):
    # a leading and a trailing * are wildcards; anything else is literal text (stars inside: a guess)
    head, tail = glob.startswith("*"), len(glob) > 1 and glob.endswith("*")
    core = glob[1 if head else 0:len(glob) - 1 if tail else len(glob)]
    pattern = (".*" if head else "") + re.escape(core) + (".*" if tail else "")

    assert glob_matches(glob, value) is bool(re.fullmatch(pattern, value, re.DOTALL))


TEXT = st.text(max_size=20)
FUZZ_CONDITIONS = st.one_of(
    st.builds(lambda entries: {"MatchHeaders": {"AnyOf": entries}},
              st.lists(st.fixed_dictionaries({"Header": TEXT, "ValueGlob": TEXT}), max_size=2)),
    st.builds(lambda entries: {"MatchBasePaths": {"AnyOf": entries}}, st.lists(TEXT, max_size=2)),
    st.fixed_dictionaries({}, optional={"MatchHeaders": st.just({"AnyOf": [{"Header": "a", "ValueGlob": "b"}]}),
                                        "MatchBasePaths": st.just({"AnyOf": ["c"]})}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(-2, 1_000_002), st.lists(FUZZ_CONDITIONS, max_size=4), st.booleans(), st.sampled_from([
    "api", "nope", ""]))
def test_the_control_plane_refuses_with_a_4xx_and_changes_nothing(gwmock, apis, priority, conditions, strip, target):
    client = _loose(gwmock)
    action = [{"InvokeApi": {"ApiId": apis[0] if target == "api" else target, "Stage": "prod",
                             "StripBasePath": strip}}]
    before = gwmock.snapshot()
    try:
        rule = client.create_routing_rule(DomainName=DOMAIN, Priority=priority, Conditions=conditions, Actions=action)
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response["Error"]
        assert error.response["Error"]["Code"] == "BadRequestException"
        assert gwmock.snapshot() == before
        return
    assert client.get_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule["RoutingRuleId"])["Priority"] == priority
    client.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule["RoutingRuleId"])
    assert gwmock.snapshot() == before


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["s", "t", ".", "..", "%2F", "%zz", "%00", "\u00e9", ";", " ", "//"]), max_size=6),
       st.dictionaries(st.sampled_from(["x-v", "X-V", "x-\u212a", "Host"]),
                       st.one_of(st.text(max_size=5), st.lists(st.text(max_size=5), max_size=3), st.binary(max_size=4)),
                       max_size=3))
def test_hostile_requests_reach_an_api_or_a_403(gwmock, apigatewayv2, apis, segments, headers):
    if not apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"]:
        _rule(apigatewayv2, apis[0], 1, [_header("x-v", "*a*"), _base("s/t")], strip=True)
        _rule(apigatewayv2, apis[1], 2, [_base("s")], strip=True)
    path = "/" + "/".join(segments)

    answer = gwmock.invoke("GET", f"https://{DOMAIN}{path}", headers=headers)

    expected = route(apigatewayv2.list_routing_rules(DomainName=DOMAIN)["RoutingRules"], path, headers, DOMAIN)
    assert answer.status in (200, 403)
    assert (json.loads(answer.body)["api"] if answer.status == 200 else None) == (expected and expected.api_id)
