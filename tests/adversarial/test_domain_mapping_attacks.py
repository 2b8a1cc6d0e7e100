"""Attacks on custom domain names, base path mappings and API mappings: the control plane
(``gwmock/apigateway/domain_names.py``, ``base_path_mappings.py``, ``gwmock/apigatewayv2/domain_names.py``)
and the data plane's host and base-path routing (``gwmock/runtime/hosts.py``).

Defects these attacks found (each test says what happened before):

* a domain name created with upper case (``API.Example.COM``) was stored as given, and the data plane,
  which looks host names up in lower case, never served it: a request for it went to the real network.
  Names are now stored in lower case (AWS: "The domain must be lower case"), and a name that is no
  ASCII host name (``/``, blanks, URL delimiters, empty labels or a trailing dot, labels over 63 or
  names over 255 octets, IP addresses, a ``*`` other than a whole first label, non-ASCII letters such
  as the KELVIN SIGN that lower-case into ASCII) is a 400; a ``/`` made the domain's ARN name another
  record;
* an API mapping key (or base path) longer than AWS's documented 300 characters was accepted;
* a WebSocket API could be mapped to a domain already mapping REST or HTTP APIs, and the reverse (AWS:
  "You can't map WebSocket APIs to the same custom domain name as an HTTP API or REST API");
* GetApiMappings with a MaxResults past ``sys.maxsize`` was a 500 (the pager's slice);
* a host first answered by a wildcard domain (``*.example.com``) kept going to it after its own domain
  name was created (the data plane's cache): the name's own domain now wins.

The other attacks found nothing and stay as tests: mapping keys with ``..``, ``%2F``, ``//``, leading or
trailing ``/``, unicode, NUL; the longest base path winning, ``v1users`` not matching ``v1``, case;
``/v1/``, ``/v1//x``, ``/V1``, ``/v1%2Fx``, a query string only, an unmapped path (403 Forbidden, the next
request served); duplicate keys (409); a missing stage or API; deleting a mapped API or stage; hostile
pagination tokens and limits; Host headers with ports, upper case and a trailing dot; and hypothesis
fuzzing of the router (never raises, longest match) and of CreateApiMapping (never a 5xx, a refusal
changes nothing).
"""

from __future__ import annotations

import json

import boto3
import pytest
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime.hosts import map_custom_domain

REGION = "us-east-1"
DOMAIN = "api.example.com"
CERT = f"arn:aws:acm:{REGION}:123456789012:certificate/c"
INVALID_NAME = "Invalid domain name specified"
BAD_KEY = "An ApiMapping key may contain only letters, numbers and one of $-_.+!*'()"
MIXED = "WebSocket APIs cannot be mapped to the same custom domain name as an HTTP API or a REST API"
FORBIDDEN = b'{"message":"Forbidden"}'
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _rest_api(client, name, stage="dev"):
    """A REST API answering every path with its name and ``$context.path``."""
    api = client.create_rest_api(name=name)
    root = api["rootResourceId"]
    proxy = client.create_resource(restApiId=api["id"], parentId=root, pathPart="{proxy+}")["id"]
    for resource in (root, proxy):
        where = {"restApiId": api["id"], "resourceId": resource, "httpMethod": "ANY"}
        client.put_method(**where, authorizationType="NONE")
        client.put_integration(**where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(**where, statusCode="200")
        client.put_integration_response(**where, statusCode="200", responseTemplates={
            "application/json": '{"api": "' + name + '", "path": "$context.path"}'})
    client.create_deployment(restApiId=api["id"], stageName=stage)
    return api["id"]


def _regional(apigatewayv2, name=DOMAIN):
    return apigatewayv2.create_domain_name(DomainName=name, DomainNameConfigurations=[
        {"CertificateArn": CERT, "EndpointType": "REGIONAL"}])


def _websocket_api(apigatewayv2, stage="prod"):
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName=stage)
    return api_id


def _http_api(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="http", ProtocolType="HTTP")["ApiId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default")
    return api_id


def _keys(apigatewayv2, domain=DOMAIN):
    return sorted(m["ApiMappingKey"] for m in apigatewayv2.get_api_mappings(DomainName=domain)["Items"])


def _names(apigateway):
    return sorted(d["domainName"] for d in apigateway.get_domain_names()["items"])


def _served(gwmock, url, **kwargs):
    answer = gwmock.invoke("GET", url, **kwargs)
    return answer.status, (json.loads(answer.body) if answer.status == 200 else answer.body)


@pytest.fixture
def mapped(apigateway, apigatewayv2):
    """A domain mapping ``v1``, ``v1/users`` and the empty key to three REST APIs."""
    _regional(apigatewayv2)
    apis = {name: _rest_api(apigateway, name) for name in ("a", "b", "c")}
    for name, key in (("a", "v1"), ("b", "v1/users"), ("c", "")):
        apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=apis[name], Stage="dev", ApiMappingKey=key)
    return apis


# --- defects found ---------------------------------------------------------------------------------


@pytest.mark.parametrize("service", ["apigateway", "apigatewayv2"])
def test_upper_case_domain_name_is_stored_in_lower_case_and_served(apigateway, apigatewayv2, gwmock, service):
    # before: stored as "API.Example.COM", never found by the data plane (the request left for the network)
    if service == "apigateway":
        made = apigateway.create_domain_name(domainName="API.Example.COM",
                                             endpointConfiguration={"types": ["REGIONAL"]})["domainName"]
    else:
        made = _regional(apigatewayv2, "API.Example.COM")["DomainName"]
    assert made == DOMAIN
    api_id = _rest_api(apigateway, "a")
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="dev", basePath="v1")

    assert _served(gwmock, "https://API.EXAMPLE.COM/v1/x") == (200, {"api": "a", "path": "/v1/x"})
    # AWS answers the name in another case with its 404 (aws/aws-cdk#8428)
    assert_error(error_of(apigateway.get_domain_name, domainName="API.Example.COM"),
                 "NotFoundException", "Invalid domain name identifier specified", 404)
    assert_error(error_of(apigatewayv2.create_domain_name, DomainName="api.EXAMPLE.com",
                          DomainNameConfigurations=[{"EndpointType": "REGIONAL"}]),
                 "ConflictException", "The domain name you provided already exists.", 409)


HOSTILE_NAMES = [
    "a/b.example.com", "a/basepathmappings/v1", "sp ace.example.com", "a?b.example.com", "a#b.example.com",
    "user@example.com", "example.com:8080", "a%2Fb.example.com", "a\\b.example.com", "[::1]", "127.0.0.1",
    "trailing.example.com.", ".lead.example.com", "a..b.example.com", "x" * 64 + ".example.com",
    ("a" * 60 + ".") * 5 + "com", "b\u00fccher.example", "\u212a.example.com", "a.*.example.com",
    "*a.example.com", "*", "**.example.com", "a\nb.example.com",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_v1_refuses_domain_names_that_are_no_host_names(apigateway, name):
    apigateway.create_domain_name(domainName="kept.example.com")

    assert_error(error_of(apigateway.create_domain_name, domainName=name,
                          endpointConfiguration={"types": ["REGIONAL"]}), "BadRequestException", INVALID_NAME, 400)
    assert _names(apigateway) == ["kept.example.com"]


@pytest.mark.parametrize("name", HOSTILE_NAMES[::3])
def test_v2_refuses_domain_names_that_are_no_host_names(apigatewayv2, apigateway, name):
    assert_error(error_of(apigatewayv2.create_domain_name, DomainName=name,
                          DomainNameConfigurations=[{"EndpointType": "REGIONAL"}]),
                 "BadRequestException", INVALID_NAME, 400)
    assert apigatewayv2.get_domain_names()["Items"] == []


@pytest.mark.parametrize("name", ["*.example.com", "xn--bcher-kva.example", "a-b.c-d.example", "x" * 63 + ".com",
                                  ("a" * 62 + ".") * 3 + "abc.com"])
def test_host_names_at_the_limits_are_accepted(apigateway, name):
    assert apigateway.create_domain_name(domainName=name)["domainName"] == name


def test_domain_name_with_a_slash_cannot_reach_another_record_through_its_arn(apigateway, apigatewayv2):
    # before: "a/basepathmappings/v1" was created, its ARN's path naming the mapping "v1" of domain "a"
    _regional(apigatewayv2, "a.example.com")
    with pytest.raises(Exception) as caught:
        apigateway.create_domain_name(domainName="a.example.com/basepathmappings/v1", tags={"k": "v"})
    assert caught.value.response["Error"]["Message"] == INVALID_NAME
    assert _names(apigateway) == ["a.example.com"]


def test_api_mapping_key_of_300_characters_is_the_longest(apigateway, apigatewayv2, gwmock):
    _regional(apigatewayv2)
    api_id = _rest_api(apigateway, "a")
    longest = "/".join(["k" * 99] * 3) + "x"  # 300 characters, three levels
    assert len(longest) == 300
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="dev", ApiMappingKey=longest)
    for key in (longest + "x", "k" * 100_000):  # before: accepted
        assert_error(error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId=api_id, Stage="dev",
                              ApiMappingKey=key),
                     "BadRequestException", "An ApiMapping key must be at most 300 characters long", 400)
    assert _keys(apigatewayv2) == [longest]
    assert _served(gwmock, f"https://{DOMAIN}/{longest}/x") == (200, {"api": "a", "path": f"/{longest}/x"})


def test_update_api_mapping_refuses_a_key_over_300_characters(apigateway, apigatewayv2):
    _regional(apigatewayv2)
    api_id = _rest_api(apigateway, "a")
    mapping = apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="dev", ApiMappingKey="v1")
    assert_error(error_of(apigatewayv2.update_api_mapping, DomainName=DOMAIN, ApiMappingId=mapping["ApiMappingId"],
                          ApiId=api_id, ApiMappingKey="k" * 301), "BadRequestException", status=400)
    assert _keys(apigatewayv2) == ["v1"]


def test_v1_base_path_over_300_characters_is_refused(apigateway):
    apigateway.create_domain_name(domainName=DOMAIN)
    api_id = _rest_api(apigateway, "a")
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="dev", basePath="b" * 300)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=api_id,
                          basePath="b" * 301), "BadRequestException", "A base path must be at most 300 characters long",
                 400)
    assert_error(error_of(apigateway.update_base_path_mapping, domainName=DOMAIN, basePath="b" * 300,
                          patchOperations=[{"op": "replace", "path": "/basePath", "value": "c" * 301}]),
                 "BadRequestException", status=400)
    assert [m["basePath"] for m in apigateway.get_base_path_mappings(domainName=DOMAIN)["items"]] == ["b" * 300]


def test_websocket_api_is_not_mapped_beside_rest_or_http_apis(apigateway, apigatewayv2):
    _regional(apigatewayv2)
    rest_id, http_id, ws_id = _rest_api(apigateway, "a"), _http_api(apigatewayv2), _websocket_api(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=rest_id, Stage="dev", ApiMappingKey="r")
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=http_id, Stage="$default", ApiMappingKey="h")

    # before: created
    assert_error(error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId=ws_id, Stage="prod",
                          ApiMappingKey="w"), "BadRequestException", MIXED, 400)
    mapping = apigatewayv2.get_api_mappings(DomainName=DOMAIN)["Items"][1]
    assert_error(error_of(apigatewayv2.update_api_mapping, DomainName=DOMAIN, ApiMappingId=mapping["ApiMappingId"],
                          ApiId=ws_id, Stage="prod"), "BadRequestException", MIXED, 400)
    assert _keys(apigatewayv2) == ["h", "r"]
    assert apigatewayv2.get_api_mapping(DomainName=DOMAIN, ApiMappingId=mapping["ApiMappingId"])["ApiId"] == http_id


def test_rest_and_http_apis_are_not_mapped_beside_a_websocket_api(apigateway, apigatewayv2):
    _regional(apigatewayv2)
    rest_id, http_id, ws_id = _rest_api(apigateway, "a"), _http_api(apigatewayv2), _websocket_api(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=ws_id, Stage="prod", ApiMappingKey="w")
    second_ws = _websocket_api(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=second_ws, Stage="prod", ApiMappingKey="w2")

    assert_error(error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId=http_id, Stage="$default",
                          ApiMappingKey="h"), "BadRequestException", MIXED, 400)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=rest_id, stage="dev",
                          basePath="r"), "BadRequestException", MIXED, 400)
    assert _keys(apigatewayv2) == ["w", "w2"]


def test_the_only_mapping_may_change_api_kind(apigateway, apigatewayv2):
    _regional(apigatewayv2)
    rest_id, ws_id = _rest_api(apigateway, "a"), _websocket_api(apigatewayv2)
    mapping = apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=rest_id, Stage="dev", ApiMappingKey="x")
    updated = apigatewayv2.update_api_mapping(DomainName=DOMAIN, ApiMappingId=mapping["ApiMappingId"], ApiId=ws_id,
                                              Stage="prod")
    assert (updated["ApiId"], updated["Stage"], updated["ApiMappingKey"]) == (ws_id, "prod", "x")


@pytest.mark.parametrize("max_results", ["9223372036854775807", "1" + "0" * 40])
def test_get_api_mappings_with_a_huge_max_results_answers_everything(mapped, apigatewayv2, max_results):
    # before: 500 "Stop argument for islice() must be None or an integer"
    answer = apigatewayv2.get_api_mappings(DomainName=DOMAIN, MaxResults=max_results)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert sorted(m["ApiMappingKey"] for m in answer["Items"]) == ["", "v1", "v1/users"]
    assert "NextToken" not in answer


def test_a_host_s_own_domain_wins_over_the_wildcard_that_answered_it(apigateway, apigatewayv2, gwmock):
    a, b = _rest_api(apigateway, "a"), _rest_api(apigateway, "b")
    _regional(apigatewayv2, "*.example.com")
    apigatewayv2.create_api_mapping(DomainName="*.example.com", ApiId=a, Stage="dev")
    assert _served(gwmock, "https://x.example.com/")[1]["api"] == "a"

    _regional(apigatewayv2, "x.example.com")  # before: x.example.com kept going to the wildcard
    apigatewayv2.create_api_mapping(DomainName="x.example.com", ApiId=b, Stage="dev")
    assert _served(gwmock, "https://x.example.com/")[1]["api"] == "b"
    assert _served(gwmock, "https://y.example.com/")[1]["api"] == "a"
    apigatewayv2.delete_domain_name(DomainName="x.example.com")
    assert _served(gwmock, "https://x.example.com/")[1]["api"] == "a"


def test_a_name_s_own_domain_in_another_region_wins_over_a_wildcard(apigateway, apigatewayv2, gwmock):
    _regional(apigatewayv2, "*.example.com")
    apigatewayv2.create_api_mapping(DomainName="*.example.com", ApiId=_rest_api(apigateway, "a"), Stage="dev")
    west = boto3.client("apigateway", region_name="eu-west-1")
    west.create_domain_name(domainName="x.example.com", endpointConfiguration={"types": ["REGIONAL"]})
    west.create_base_path_mapping(domainName="x.example.com", restApiId=_rest_api(west, "west"), stage="dev")
    assert _served(gwmock, "https://x.example.com/")[1]["api"] == "west"


# --- attacks that found nothing ---------------------------------------------------------------------


ROUTES = [
    ("/v1", "a", "/v1"), ("/v1/", "a", "/v1/"), ("/v1//x", "a", "/v1//x"), ("/v1/users", "b", "/v1/users"),
    ("/v1/users/7", "b", "/v1/users/7"), ("/v1users", "c", "/v1users"), ("/V1", "c", "/V1"),
    ("/v1%2Fusers", "c", "/v1%2Fusers"), ("/v1/users%2F7", "a", "/v1/users%2F7"), ("/", "c", "/"),
    ("?only=query", "c", "/"), ("/a/b/c/d/e", "c", "/a/b/c/d/e"),
]


def test_longest_base_path_wins_segment_by_segment(mapped, gwmock):
    for path, api, seen in ROUTES:
        assert _served(gwmock, f"https://{DOMAIN}{path}") == (200, {"api": api, "path": seen}), path


@pytest.mark.parametrize("path", ["/", "/V1", "/v1users", "/v1%2Fx", "/x" * 2000, "/%ZZ", "?q=1"])
def test_unmapped_path_is_forbidden_and_the_domain_still_serves(apigateway, apigatewayv2, gwmock, path):
    _regional(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=_rest_api(apigateway, "a"), Stage="dev",
                                    ApiMappingKey="v1")
    answer = gwmock.invoke("GET", f"https://{DOMAIN}{path}")
    assert (answer.status, answer.body) == (403, FORBIDDEN)
    assert _served(gwmock, f"https://{DOMAIN}/v1/x") == (200, {"api": "a", "path": "/v1/x"})


def test_hostile_mapping_keys_are_refused_with_state_unchanged(mapped, apigatewayv2):
    for key in ("/v1", "v1/", "a//b", "a%2Fb", "\u00e9", " ", "v1 ", "\x00", "a/b/", "a\\b", "?"):
        assert_error(error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId=mapped["a"], Stage="dev",
                              ApiMappingKey=key), "BadRequestException", BAD_KEY, 400)
    assert _keys(apigatewayv2) == ["", "v1", "v1/users"]


@pytest.mark.parametrize("key", ["..", ".", "a/../b", "a/./b", "(x)", "$default", "a/b/c/d/e", "V1"])
def test_mapping_keys_of_the_documented_characters_are_taken_literally(mapped, apigatewayv2, key):
    created = apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=mapped["a"], Stage="dev", ApiMappingKey=key)
    assert created["ApiMappingKey"] == key
    assert key in _keys(apigatewayv2)


def test_same_key_twice_is_a_conflict(mapped, apigatewayv2, apigateway):
    for key in ("v1", "v1/users", ""):
        assert_error(error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId=mapped["b"], Stage="dev",
                              ApiMappingKey=key), "ConflictException",
                     "ApiMapping key already exists for this domain name", 409)
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId=mapped["b"],
                          stage="dev", basePath="v1"), "ConflictException",
                 "Base path already exists for this domain name", 409)
    assert _keys(apigatewayv2) == ["", "v1", "v1/users"]


def test_missing_stage_or_api_is_refused(mapped, apigatewayv2, apigateway):
    assert_error(error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId=mapped["a"], Stage="nope",
                          ApiMappingKey="n"), "BadRequestException", "Invalid stage identifier specified", 400)
    assert error_of(apigatewayv2.create_api_mapping, DomainName=DOMAIN, ApiId="zzzz", Stage="dev",
                    ApiMappingKey="n")["Error"]["Code"] == "NotFoundException"
    assert_error(error_of(apigateway.create_base_path_mapping, domainName=DOMAIN, restApiId="zzzz", basePath="n"),
                 "BadRequestException", "Invalid REST API identifier specified", 400)
    assert _keys(apigatewayv2) == ["", "v1", "v1/users"]


def test_mapped_api_and_stage_cannot_be_deleted_and_the_domain_still_serves(mapped, apigateway, gwmock):
    assert error_of(apigateway.delete_rest_api, restApiId=mapped["a"])["Error"]["Code"] == "BadRequestException"
    assert error_of(apigateway.delete_stage, restApiId=mapped["a"], stageName="dev")["Error"]["Code"] == \
        "BadRequestException"
    assert _served(gwmock, f"https://{DOMAIN}/v1") == (200, {"api": "a", "path": "/v1"})


def test_host_forms_reach_the_domain(mapped, gwmock):
    for url in (f"https://{DOMAIN}:443/v1", f"https://{DOMAIN.upper()}/v1", f"https://{DOMAIN}./v1",
                f"http://{DOMAIN}:8080/v1?x=1", f"https://user:pw@{DOMAIN}/v1#frag"):
        assert _served(gwmock, url) == (200, {"api": "a", "path": "/v1"}), url


def test_hostile_base_path_mapping_positions_are_refused(mapped, apigateway):
    for position in ("x", "\x00", "a" * 5000, "../../", "%00", "1"):
        assert_error(error_of(apigateway.get_base_path_mappings, domainName=DOMAIN, position=position),
                     "BadRequestException", "Invalid position parameter", 400)


@pytest.mark.parametrize(("max_results", "message"), [("0", "MaxResults must be greater than or equal to 1"),
                                                      ("-1", "MaxResults must be greater than or equal to 1"),
                                                      ("x", "Invalid MaxResults: x"),
                                                      ("1" * 5000, None)])
def test_hostile_max_results_are_refused(mapped, apigatewayv2, max_results, message):
    assert_error(error_of(apigatewayv2.get_api_mappings, DomainName=DOMAIN, MaxResults=max_results),
                 "BadRequestException", message, 400)


def test_hostile_next_tokens_are_refused(mapped, apigatewayv2):
    for token in ("x", "\x00", "a" * 5000, "eyJ4IjoxfQ=="):
        assert_error(error_of(apigatewayv2.get_api_mappings, DomainName=DOMAIN, NextToken=token),
                     "BadRequestException", "Invalid NextToken", 400)


def test_pages_of_one_cover_every_mapping_once(mapped, apigatewayv2):
    seen, token = [], None
    for _ in range(5):
        more = {"NextToken": token} if token else {}
        page = apigatewayv2.get_api_mappings(DomainName=DOMAIN, MaxResults="1", **more)
        seen += [m["ApiMappingKey"] for m in page["Items"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == ["", "v1", "v1/users"]


def test_limit_out_of_range_is_a_validation_error(mapped, apigateway):
    answer = error_of(apigateway.get_base_path_mappings, domainName=DOMAIN, limit=501)
    assert (answer["Error"]["Code"], answer["ResponseMetadata"]["HTTPStatusCode"]) == ("ValidationException", 400)


SEGMENT = st.sampled_from(["v1", "users", "V1", "x", "", "%2F", "..", "%76%31", "\u00e9", "a b"])


@FUZZ
@given(segments=st.lists(SEGMENT, max_size=6))
def test_router_never_raises_and_picks_the_longest_matching_key(mapped, gwmock, segments):
    path = "/" + "/".join(segments)
    found = map_custom_domain(gwmock, DOMAIN, path)
    assert found is not None  # the empty key maps everything
    decoded = [s.replace("%2F", "/").replace("%76%31", "v1") for s in segments]
    expected = "b" if decoded[:2] == ["v1", "users"] else "a" if decoded[:1] == ["v1"] else "c"
    assert found.api_id == mapped[expected]
    assert found.path.startswith("/")


KEY_TEXT = st.text(alphabet=st.sampled_from(list("ab/.%$()*+!'-_ \u00e9\x00")), max_size=12)


@FUZZ
@given(key=KEY_TEXT)
def test_create_api_mapping_fuzz_never_5xx_and_a_refusal_changes_nothing(mapped, apigatewayv2, key):
    before = _keys(apigatewayv2)
    try:
        made = apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=mapped["a"], Stage="dev", ApiMappingKey=key)
    except apigatewayv2.exceptions.ClientError as caught:
        assert caught.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 409)
        assert _keys(apigatewayv2) == before
        return
    assert made["ApiMappingKey"] in _keys(apigatewayv2)
    apigatewayv2.delete_api_mapping(DomainName=DOMAIN, ApiMappingId=made["ApiMappingId"])
    assert _keys(apigatewayv2) == before
