"""Custom domain routing rules on the data plane (``gwmock/runtime/routing_rules.py``).

The cases follow AWS's developer guide: "Routing rules to connect API stages to a custom domain name
for REST APIs" (header and base path conditions, the wildcard and strip base path tables), "Examples
of how API Gateway evaluates routing rules" (examples 1 to 4) and "Set the routing mode for your custom
domain name". Guesses are named where they are pinned.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from gwmock.runtime.routing_rules import glob_matches, route

REGION = "us-east-1"
DOMAIN = "petstore.example.com"
CERT = f"arn:aws:acm:{REGION}:123456789012:certificate/abc"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _rest_api(apigateway, name):
    """A REST API answering every path (root and ``{proxy+}``) with its Lambda proxy event, on ``prod``."""
    api = apigateway.create_rest_api(name=name, endpointConfiguration={"types": ["REGIONAL"]})
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    for resource in (api["rootResourceId"], proxy["id"]):
        apigateway.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        apigateway.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    return api["id"]


@pytest.fixture
def apis(apigateway, gwmock):
    gwmock.add_lambda(FN, _echo)
    return [_rest_api(apigateway, f"target-{n}") for n in range(1, 4)]


def _domain(apigatewayv2, mode, name=DOMAIN):
    apigatewayv2.create_domain_name(DomainName=name, RoutingMode=mode, DomainNameConfigurations=[
        {"CertificateArn": CERT, "EndpointType": "REGIONAL"}])


def _headers(**pairs):
    return {"MatchHeaders": {"AnyOf": [{"Header": k.replace("_", "-"), "ValueGlob": v} for k, v in pairs.items()]}}


def _header(name, glob):
    return {"MatchHeaders": {"AnyOf": [{"Header": name, "ValueGlob": glob}]}}


def _base(*paths):
    return {"MatchBasePaths": {"AnyOf": list(paths)}}


def _rule(apigatewayv2, api_id, priority, conditions=(), strip=False, domain=DOMAIN):
    return apigatewayv2.create_routing_rule(
        DomainName=domain, Priority=priority, Conditions=list(conditions),
        Actions=[{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": strip}}])["RoutingRuleId"]


def _record(rule_id, priority, conditions=(), strip=False, api_id="hit"):
    """A stored rule as ``route`` reads it: for shapes the control plane refuses (one value per
    ``AnyOf``, glob and base path lengths, ``StripBasePath`` without a base path), which records
    restored from older state may still have."""
    return {"RoutingRuleId": rule_id, "Priority": priority, "Conditions": list(conditions),
            "Actions": [{"InvokeApi": {"ApiId": api_id, "Stage": "prod", "StripBasePath": strip}}]}


def _call(url, headers=None):
    answer = requests.get(url, headers=headers or {}, timeout=5)
    return answer.status_code, answer.json()


def _api_of(url, headers=None):
    """The API a request reached, or its status when no API answered."""
    status, body = _call(url, headers)
    return body["requestContext"]["apiId"] if status == 200 else status


def _forbidden(url, headers=None):
    answer = requests.get(url, headers=headers or {}, timeout=5)
    return (answer.status_code, answer.json(), answer.headers["x-amzn-ErrorType"]) == (
        403, {"message": "Forbidden"}, "ForbiddenException")


# --- routing modes --------------------------------------------------------------------------------


def test_api_mapping_only_ignores_rules(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_THEN_API_MAPPING")
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=apis[0], Stage="prod", ApiMappingKey="")
    _rule(apigatewayv2, apis[1], 1)  # a catch-all
    assert _api_of(f"https://{DOMAIN}/pets") == apis[1]

    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="API_MAPPING_ONLY")

    assert _api_of(f"https://{DOMAIN}/pets") == apis[0]


def test_routing_rule_only_ignores_api_mappings(apigatewayv2, apis):
    _domain(apigatewayv2, "API_MAPPING_ONLY")
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=apis[0], Stage="prod", ApiMappingKey="")
    apigatewayv2.update_domain_name(DomainName=DOMAIN, RoutingMode="ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[1], 10, [_header("Hello", "World")])

    assert _api_of(f"https://{DOMAIN}/pets", {"Hello": "World"}) == apis[1]
    # "API callers can't use API mappings to access this domain name"; nothing matched is a 403
    assert _forbidden(f"https://{DOMAIN}/pets")


def test_routing_rule_only_without_rules_is_forbidden(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")

    assert _forbidden(f"https://{DOMAIN}/")


def test_rules_then_api_mappings_falls_back_to_mappings(apigatewayv2, apis):
    # AWS's example 2: rules abc123 (base path pets) and 000zzz (Cookie *ux=beta* and base path
    # /refunds), mappings /refunds and (none)
    petstore, refunds, search = apis
    _domain(apigatewayv2, "ROUTING_RULE_THEN_API_MAPPING")
    _rule(apigatewayv2, petstore, 1, [_base("pets")])
    _rule(apigatewayv2, search, 5, [_header("Cookie", "*ux=beta*"), _base("/refunds")])
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=refunds, Stage="prod", ApiMappingKey="refunds")
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=search, Stage="prod", ApiMappingKey="")

    assert _api_of(f"https://{DOMAIN}/pets") == petstore
    assert _api_of(f"https://{DOMAIN}/refunds", {"Cookie": "lang=en-us;ux=beta"}) == search
    assert _api_of(f"https://{DOMAIN}/refunds") == refunds
    assert _api_of(f"https://{DOMAIN}/") == search


def test_rules_then_api_mappings_with_nothing_matching_is_forbidden(apigatewayv2, apis):
    # AWS's example 3: "Since there is no default routing rule, API Gateway rejects the call and sends
    # the caller a 403 Forbidden status code."
    _domain(apigatewayv2, "ROUTING_RULE_THEN_API_MAPPING")
    _rule(apigatewayv2, apis[0], 10, [_header("Hello", "World")])
    _rule(apigatewayv2, apis[1], 50, [_header("Accept", "image/webp"), _header("Pet", "Dog-*"),
                                       _base("PetStoreShopper")])
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=apis[2], Stage="prod",
                                    ApiMappingKey="PetStoreShopper")

    assert _api_of(f"https://{DOMAIN}/PetStoreShopper", {"Accept": "image/webp", "Pet": "Cats"}) == apis[2]
    assert _api_of(f"https://{DOMAIN}/PetStoreShopper/cats", {"Hello": "World"}) == apis[0]
    assert _forbidden(f"https://{DOMAIN}/Admin", {"Pet": "Dog-Bella"})


def test_v1_routing_mode_names_and_patch(apigateway, apigatewayv2, apis):
    apigateway.create_domain_name(domainName=DOMAIN, endpointConfiguration={"types": ["REGIONAL"]},
                                  regionalCertificateArn=CERT, routingMode="ROUTING_RULE_THEN_BASE_PATH_MAPPING")
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=apis[0], stage="prod")
    _rule(apigatewayv2, apis[1], 10, [_base("v2")])

    assert [_api_of(f"https://{DOMAIN}/v2/x"), _api_of(f"https://{DOMAIN}/v1/x")] == [apis[1], apis[0]]
    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/routingMode", "value": "BASE_PATH_MAPPING_ONLY"}])
    assert _api_of(f"https://{DOMAIN}/v2/x") == apis[0]
    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/routingMode", "value": "ROUTING_RULE_ONLY"}])
    assert _api_of(f"https://{DOMAIN}/v2/x") == apis[1]
    assert _forbidden(f"https://{DOMAIN}/v1/x")


def test_rule_changes_are_seen_at_once(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    first = _rule(apigatewayv2, apis[0], 10)
    assert _api_of(f"https://{DOMAIN}/") == apis[0]

    apigatewayv2.put_routing_rule(DomainName=DOMAIN, RoutingRuleId=first, Priority=10, Conditions=[],
                                  Actions=[{"InvokeApi": {"ApiId": apis[1], "Stage": "prod"}}])
    assert _api_of(f"https://{DOMAIN}/") == apis[1]
    apigatewayv2.delete_routing_rule(DomainName=DOMAIN, RoutingRuleId=first)
    assert _forbidden(f"https://{DOMAIN}/")


def test_execute_api_hosts_are_not_routed_by_rules(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[1], 1)

    assert _api_of(f"https://{apis[0]}.execute-api.{REGION}.amazonaws.com/prod/x") == apis[0]


# --- priorities and header conditions ---------------------------------------------------------------


def test_rules_are_evaluated_by_priority_first_match_wins(apigatewayv2, apis):
    # AWS's example 1, the rules created out of priority order
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[2], 100)
    _rule(apigatewayv2, apis[1], 50, [_header("Accept", "image/webp"), _header("Pet", "Dog-*"),
                                       _base("PetStoreShopper")])
    _rule(apigatewayv2, apis[0], 10, [_header("Hello", "World")])
    url = f"https://{DOMAIN}/PetStoreShopper"

    assert _api_of(f"https://{DOMAIN}", {"Hello": "World"}) == apis[0]
    assert _api_of(url, {"Hello": "World", "Pet": "Dog-Bella", "Accept": "image/webp"}) == apis[0]
    assert _api_of(url, {"Pet": "Dog-Bella", "Accept": "image/webp"}) == apis[1]
    assert _api_of(url, {"Pet": "Dog-Bella"}) == apis[2]


def test_header_names_are_case_insensitive_values_case_sensitive(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_THEN_API_MAPPING")
    _rule(apigatewayv2, apis[0], 10, [_header("Hello", "World")])

    assert _api_of(f"https://{DOMAIN}/", {"hello": "World"}) == apis[0]
    assert _api_of(f"https://{DOMAIN}/", {"HELLO": "World"}) == apis[0]
    assert _api_of(f"https://{DOMAIN}/", {"Hello": "world"}) == 403


# the guide's wildcard table: condition(s) -> the x-version values that match, of these five
VERSIONS = ("account", "alpha", "backup", "beta", "users")
WILDCARDS = [
    (("a*",), {"account", "alpha"}),
    (("*a",), {"alpha", "beta"}),
    (("*a*",), {"account", "alpha", "backup", "beta"}),
    (("*a*", "*b*"), {"backup", "beta"}),
    (("b*", "*a"), {"beta"}),
    (("*",), set(VERSIONS)),
]


def test_header_value_wildcards_as_aws_documents_them(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    rule = _rule(apigatewayv2, apis[0], 10, [_header("x-version", "a*")])
    for globs, matching in WILDCARDS:
        apigatewayv2.put_routing_rule(
            DomainName=DOMAIN, RoutingRuleId=rule, Priority=10, Conditions=[_header("x-version", g) for g in globs],
            Actions=[{"InvokeApi": {"ApiId": apis[0], "Stage": "prod"}}])
        routed = {v for v in VERSIONS if _api_of(f"https://{DOMAIN}/", {"x-version": v}) == apis[0]}
        assert routed == matching, globs


def test_any_of_header_entries_match_when_one_does():
    rules = [_record("r", 10, [_headers(x_version="v1", x_beta="yes")])]

    assert route(rules, "/", {"x-beta": "yes"}, DOMAIN) is not None
    assert route(rules, "/", {"x-version": "v1"}, DOMAIN) is not None
    assert route(rules, "/", {"x-version": "v2"}, DOMAIN) is None


def test_header_lines_match_one_by_one_comma_joined_values_literally(apigatewayv2, apis, gwmock):
    # the guide: "Accept: *json" matches the lines application/json and text/xml, not
    # "application/json,text/xml"; "*json*" matches both
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    rule = _rule(apigatewayv2, apis[0], 10, [_header("Accept", "*json")])
    lines = {"Accept": ["application/json", "text/xml"]}
    joined = {"Accept": "application/json,text/xml"}

    def status(headers):
        return gwmock.invoke("GET", f"https://{DOMAIN}/", headers=headers).status

    assert (status(lines), status(joined)) == (200, 403)
    apigatewayv2.put_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule, Priority=10,
                                  Conditions=[_header("Accept", "*json*")],
                                  Actions=[{"InvokeApi": {"ApiId": apis[0], "Stage": "prod"}}])
    assert (status(lines), status(joined)) == (200, 200)


def test_a_missing_header_does_not_match_even_star(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[0], 10, [_header("x-version", "*")])

    assert _api_of(f"https://{DOMAIN}/") == 403
    assert _api_of(f"https://{DOMAIN}/", {"x-version": "anything"}) == apis[0]


def test_wildcard_domain_routed_by_host(apigatewayv2, apis, gwmock):
    # AWS's example 4: *.example.com, rules on the Host header and a catch-all
    wildcard = "*.example.com"
    _domain(apigatewayv2, "ROUTING_RULE_ONLY", name=wildcard)
    _rule(apigatewayv2, apis[0], 10, [_header("Host", "a.example.com")], domain=wildcard)
    _rule(apigatewayv2, apis[1], 50, [_header("Host", "b.example.com")], domain=wildcard)
    _rule(apigatewayv2, apis[2], 500, domain=wildcard)

    assert [_api_of(f"https://{sub}.example.com/") for sub in ("a", "b", "testing")] == apis
    sent = gwmock.invoke("GET", "https://testing.example.com/", headers={"Host": "b.example.com"})
    assert json.loads(sent.body)["requestContext"]["apiId"] == apis[1]  # the Host sent wins


# --- base paths and stripping -----------------------------------------------------------------------


# the guide's strip table: (base path, strip, request path) -> the resource path the API serves
STRIPPED = [
    ("PetStoreShopper/dogs", True, "/PetStoreShopper/dogs", "/", None),
    ("PetStoreShopper/dogs", False, "/PetStoreShopper/dogs", "/{proxy+}", "PetStoreShopper/dogs"),
    ("PetStoreShopper", True, "/PetStoreShopper/dogs", "/{proxy+}", "dogs"),
    ("PetStoreShopper", False, "/PetStoreShopper/dogs", "/{proxy+}", "PetStoreShopper/dogs"),
]


@pytest.mark.parametrize(("base", "strip", "path", "resource", "proxy"), STRIPPED)
def test_strip_base_path(apigatewayv2, apis, base, strip, path, resource, proxy):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[0], 10, [_base(base)], strip=strip)

    status, event = _call(f"https://{DOMAIN}{path}")

    assert status == 200
    assert event["resource"] == resource
    assert (event["pathParameters"] or {}).get("proxy") == proxy
    context = event["requestContext"]
    # the event keeps the custom domain and the path as called, as an API mapping's does
    assert (event["path"], context["path"], context["stage"]) == (path, path, "prod")
    assert (context["domainName"], context["domainPrefix"], event["headers"]["Host"]) == (DOMAIN, "petstore", DOMAIN)


@pytest.mark.parametrize(("strip", "resource"), [(True, "/"), (False, "/{proxy+}")])
def test_strip_base_path_keeps_the_query_string(apigatewayv2, apis, strip, resource):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[0], 10, [_base("PetStoreShopper")], strip=strip)

    status, event = _call(f"https://{DOMAIN}/PetStoreShopper?birds=available")

    assert (status, event["resource"]) == (200, resource)
    assert event["queryStringParameters"] == {"birds": "available"}


def test_base_paths_are_case_sensitive_whole_segments(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[0], 10, [_base("New/Users")])

    assert _api_of(f"https://{DOMAIN}/New/Users/7") == apis[0]
    assert _api_of(f"https://{DOMAIN}/new/users") == 403  # the guide: case sensitive
    assert _api_of(f"https://{DOMAIN}/New/UsersX") == 403  # guess: whole segments, as mappings
    assert _api_of(f"https://{DOMAIN}/x/New/Users") == 403  # guess: from the start of the path


def test_the_longest_matching_base_path_is_stripped():
    # guess: AnyOf lists several (a stored shape the control plane now refuses), the longest one counts
    routed = route([_record("r", 10, [_base("shop", "shop/dogs")], strip=True)], "/shop/dogs/rex", {}, DOMAIN)

    assert routed is not None and routed.path == "/rex"


def test_stripping_without_a_base_path_condition_keeps_the_path():
    routed = route([_record("r", 10, [_header("Hello", "World")], strip=True)], "/a/b", {"Hello": "World"}, DOMAIN)

    assert routed is not None and routed.path == "/a/b"


# --- hostile inputs -----------------------------------------------------------------------------------


def test_many_rules_cost_little(apigatewayv2, apis):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    for priority in range(1, 201):
        _rule(apigatewayv2, apis[0], priority, [_header("x-version", f"*v{priority}*"), _base(f"p{priority}")])
    _rule(apigatewayv2, apis[1], 1_000_000)
    started = time.monotonic()
    for _ in range(5):
        assert _api_of(f"https://{DOMAIN}/p200", {"x-version": "v199"}) == apis[1]
    assert _api_of(f"https://{DOMAIN}/p200/x", {"x-version": "v200"}) == apis[0]
    assert time.monotonic() - started < 3


def test_route_is_linear_in_the_rules():
    rules = [{"RoutingRuleId": str(n), "Priority": 100_000 - n,
              "Conditions": [_header("x-h", f"*{n}-no*"), _header("x-g", f"{n}*"), _base(f"a/b/{n}")],
              "Actions": [{"InvokeApi": {"ApiId": "miss", "Stage": "prod"}}]} for n in range(20_000)]
    rules.append({"RoutingRuleId": "last", "Priority": 100_001, "Conditions": [],
                  "Actions": [{"InvokeApi": {"ApiId": "hit", "Stage": "prod"}}]})
    headers = {f"x-{n}": "v" * 50 for n in range(200)} | {"x-h": "1-yes", "x-g": "q"}
    started = time.monotonic()
    routed = route(rules, "/a/b/" + "c/" * 1000, headers, DOMAIN)
    assert routed is not None and (routed.api_id, routed.rule_id) == ("hit", "last")
    assert time.monotonic() - started < 3


def test_long_globs_and_values_are_matched_without_backtracking(apigatewayv2, apis, gwmock):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[0], 10, [_header("x-long", "*" + "a" * 37 + "b*")])  # the longest infix AWS takes
    _rule(apigatewayv2, apis[1], 20)
    started = time.monotonic()
    value = "a" * 60_000
    assert json.loads(gwmock.invoke("GET", f"https://{DOMAIN}/", {"x-long": value}).body)[
        "requestContext"]["apiId"] == apis[1]
    assert json.loads(gwmock.invoke("GET", f"https://{DOMAIN}/", {"x-long": value + "b"}).body)[
        "requestContext"]["apiId"] == apis[0]
    # stored globs longer than the control plane takes, or shaped to make a regular-expression or
    # fnmatch translation backtrack, are literal text
    needle = "a" * 20_000 + "b"
    assert route([_record("r", 10, [_header("x-long", f"*{needle}*")])], "/", {"x-long": value + "b"}, DOMAIN)
    assert not route([_record("r", 10, [_header("x-long", f"*{needle}*")])], "/", {"x-long": value}, DOMAIN)
    assert not route([_record("r", 10, [_header("x-long", "*" + "a*" * 500 + "c")])], "/",
                     {"x-long": "a" * 5_000}, DOMAIN)
    assert time.monotonic() - started < 3


def test_many_header_entries_and_many_headers(apigatewayv2, apis, gwmock):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    _rule(apigatewayv2, apis[0], 10, [_header("x-h1998", "*1998*"), _header("x-h1999", "*1999*")])
    _rule(apigatewayv2, apis[1], 20)
    sent = {f"X-Other-{n}": ["v"] * 5 for n in range(500)}
    started = time.monotonic()
    assert json.loads(gwmock.invoke("GET", f"https://{DOMAIN}/", sent).body)["requestContext"]["apiId"] == apis[1]
    hit = {**sent, "X-H1998": "a1998b", "X-H1999": "a1999b"}
    assert json.loads(gwmock.invoke("GET", f"https://{DOMAIN}/", hit).body)["requestContext"]["apiId"] == apis[0]
    # stored AnyOf lists longer than the control plane takes cost their size
    entries = [{"Header": f"x-h{n}", "ValueGlob": f"*{n}*"} for n in range(2_000)]
    rules = [_record("r", 10, [{"MatchHeaders": {"AnyOf": entries}}] * 2)]
    assert route(rules, "/", sent, DOMAIN) is None
    assert route(rules, "/", {**sent, "X-H1999": "a1999b"}, DOMAIN) is not None
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(("glob", "value", "matches"), [
    (".*", "anything", False),  # regular-expression syntax is literal text
    (".*", ".*", True),
    ("(a+)+$", "aaaa", False),
    ("[ab]*", "a", False),
    ("[ab]*", "[ab]x", True),
    ("a*b", "axb", False),  # guess: a * inside a glob is literal (AWS refuses such globs)
    ("a*b", "a*b", True),
    ("a?c", "abc", False),  # guess: ? is literal
    ("**", "", True),
    ("*", "", True),
    ("x*", "", False),
    ("*é*", "café", True),
    ("%2A", "*", False),
    ("", "", True),
])
def test_glob_is_literal_text_around_its_stars(glob, value, matches):
    assert glob_matches(glob, value) is matches


def test_odd_header_values(apigatewayv2, apis, gwmock):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    rule = _rule(apigatewayv2, apis[0], 10, [_header("x-v", "*$(x)*")])
    _rule(apigatewayv2, apis[1], 20)

    def target(headers, path="/"):
        return json.loads(gwmock.invoke("GET", f"https://{DOMAIN}{path}", headers).body)["requestContext"]["apiId"]

    assert target({"x-v": "a$(x)b"}) == apis[0]
    assert target({"x-v": "  $(x)  "}) == apis[0]  # blanks around a value are not part of it (guess)
    assert target({"x-v": []}) == apis[1]  # no line at all
    assert target({"x-v": b"\xff$(x)"}) == apis[0]
    assert target({"X-V": "nope", "x-v": "$(x)"}) == apis[0]  # either line of a name sent twice
    apigatewayv2.put_routing_rule(DomainName=DOMAIN, RoutingRuleId=rule, Priority=10,
                                  Conditions=[_base("a+b/(c)*")],
                                  Actions=[{"InvokeApi": {"ApiId": apis[0], "Stage": "prod"}}])
    assert target({}, "/a+b/(c)*/x") == apis[0]  # the base path's characters are literal too
    assert target({}, "/aab/c") == apis[1]
    assert target({}, "/a%2Bb/%28c%29%2A") == apis[0]  # compared percent-decoded (guess)
    # a stored "" glob (the control plane now refuses it) is an exact, empty value
    assert route([_record("r", 10, [_header("x-v", "")])], "/", {"x-v": ""}, DOMAIN)
    assert not route([_record("r", 10, [_header("x-v", "")])], "/", {"x-v": "x"}, DOMAIN)


def test_hostile_paths(apigatewayv2, apis, gwmock):
    _domain(apigatewayv2, "ROUTING_RULE_ONLY")
    base = "/".join(["s"] * 60)  # 119 characters: AWS takes base paths shorter than 128
    _rule(apigatewayv2, apis[0], 10, [_base(base)], strip=True)
    _rule(apigatewayv2, apis[1], 20)
    deep = "/".join(["s"] * 3_000)
    started = time.monotonic()
    event = json.loads(gwmock.invoke("GET", f"https://{DOMAIN}/{deep}/tail").body)
    assert (event["requestContext"]["apiId"], event["pathParameters"]) == (
        apis[0], {"proxy": "/".join(["s"] * 2_940) + "/tail"})
    assert json.loads(gwmock.invoke("GET", f"https://{DOMAIN}/{base[:-2]}").body)["requestContext"]["apiId"] == apis[1]
    # a stored base path longer than the control plane takes costs its size
    routed = route([_record("r", 10, [_base(deep)], strip=True)], f"/{deep}/tail", {}, DOMAIN)
    assert routed is not None and routed.path == "/tail"
    assert route([_record("r", 10, [_base(deep)])], f"/{deep[:-2]}", {}, DOMAIN) is None
    assert time.monotonic() - started < 3


# --- access logs ----------------------------------------------------------------------------------


def test_access_logs_name_the_routing_rule_that_matched(apigateway, apigatewayv2, apis, gwmock):
    # "$context.customDomain.routingRuleIdMatched: The routing rule that matched the incoming request"
    # (AWS's access logging variables); "-" when an API mapping or the execute-api host served it
    _domain(apigatewayv2, "ROUTING_RULE_THEN_API_MAPPING")
    rule = _rule(apigatewayv2, apis[0], 10, [_base("orders")], strip=True)
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=apis[0], Stage="prod", ApiMappingKey="legacy")
    apigateway.update_stage(restApiId=apis[0], stageName="prod", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/format",
         "value": "$context.requestId $context.customDomain.routingRuleIdMatched $context.path"},
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:123456789012:log-group:access"}])
    lines = []
    for url in (f"https://{DOMAIN}/orders/7", f"https://{DOMAIN}/legacy/7",
                f"https://{apis[0]}.execute-api.{REGION}.amazonaws.com/prod/7"):
        answer = requests.get(url, timeout=5)
        assert answer.status_code == 200
        lines.append(gwmock.requests[-1].access_log.split(" ", 1)[1])
    assert lines == [f"{rule} /orders/7", "- /legacy/7", "- /prod/7"]
