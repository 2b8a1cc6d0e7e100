"""Attacks on HTTP API routes: route keys at CreateRoute/UpdateRoute/CreateApi (``apigatewayv2.routes``),
route selection and path handling on the data plane (``runtime.http.request``) and CORS
(``runtime.http.cors``).

Evidence: AWS's "Working with routes for HTTP APIs" (the priorities: a full match of route and
method, then a greedy ``{proxy+}`` route, then ``$default``; ``{"message":"Not Found"}`` when none
matches; its example table is ``test_the_developer_guides_routing_table``), "Configuring CORS for an
HTTP API", botocore's ``Cors`` shape (``MaxAge`` between -1 and 86400) and the wording quoted in the
modules' docstrings. Every refusal is AWS's code, status and wording with state unchanged, never a 500,
and the mock serves the next request.

Defects these tests found (fixed):
* a route key with many path variables cost quadratic time and memory in the route-conflict index (a
  62 KB key of 8,000 variables: 1 s and 500 MB kept by the index and its cache);
* ``GET /a/{b}/{b}`` (a variable name twice) was accepted, and its event could carry only one value
  (guess: refused as "One or more path parts appear to be invalid");
* tabs, line breaks and other control characters inside a route path were accepted (guess: refused as
  a key not of the form ``<METHOD> /<path>``, as a space is);
* a preflight's requested headers were looked up in the allowed list one by one (their product: a
  1 MB ``Access-Control-Request-Headers`` against 500 allowed names took 1.4 s).
"""

from __future__ import annotations

import json
import random

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.apigatewayv2 import routes as route_keys
from gwmock.runtime.http import cors as http_cors
from gwmock.runtime.http.request import RouteTable, select_route

ACCOUNT = "123456789012"
NOT_FORMATTED = ('The provided route key is not formatted properly for HTTP protocol. '
                 'Format should be "<HTTP METHOD> /<RESOURCE PATH>" or "$default"')
BAD_PARTS = "One or more path parts appear to be invalid"
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}


@pytest.fixture
def api(apigatewayv2):
    return apigatewayv2.create_api(Name="attacks", ProtocolType="HTTP")["ApiId"]


@pytest.fixture
def serve(apigatewayv2, gwmock, api):
    """Routes to an echo function (payload 2.0 unless ``version``), deployed on ``$default``;
    returns a function calling a path and giving (status, event or body)."""
    gwmock.add_lambda("echo", _echo)
    region = apigatewayv2.meta.region_name

    def add(*keys, version="2.0"):
        integration = apigatewayv2.create_integration(
            ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion=version,
            IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:echo")["IntegrationId"]
        for key in keys:
            apigatewayv2.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}")
        if not apigatewayv2.get_stages(ApiId=api)["Items"]:
            apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)

        def call(path, method="GET", headers=None):
            answer = gwmock.invoke(method, f"https://{api}.execute-api.{region}.amazonaws.com{path}", headers=headers)
            try:
                return answer.status, json.loads(answer.body)
            except ValueError:
                return answer.status, answer.body
        return call

    return add


def _refused(call, code, status, message):
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
    assert error["Error"]["Message"] == message


def _keys(client, api_id):
    return sorted(r["RouteKey"] for r in client.get_routes(ApiId=api_id)["Items"])


# --- route keys at creation ------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "message"), [
    ("GET /{proxy+}/x", BAD_PARTS),  # greedy not last
    ("GET /a//b", BAD_PARTS),
    ("GET /a/", BAD_PARTS),
    ("GET //", BAD_PARTS),
    ("GET /{}", BAD_PARTS),
    ("GET /{a+b}", BAD_PARTS),
    ("GET /{+}", BAD_PARTS),
    ("GET /f{x}", BAD_PARTS),
    ("GET /{x}.json", BAD_PARTS),
    ("GET /{proxy+}/", BAD_PARTS),
    ("GET /a/{b}/{b}", BAD_PARTS),  # defect: a variable name twice was accepted (guess for the wording)
    ("GET /a/{b}/c/{b+}", BAD_PARTS),
    ("get /a", NOT_FORMATTED),
    ("FOO /a", NOT_FORMATTED),
    ("CONNECT /a", NOT_FORMATTED),
    ("GET", NOT_FORMATTED),
    ("GET ", NOT_FORMATTED),
    ("GET  /a", NOT_FORMATTED),
    ("GET a", NOT_FORMATTED),
    (" GET /a", NOT_FORMATTED),
    ("GET /a ", NOT_FORMATTED),
    ("GET\t/a", NOT_FORMATTED),
    ("GET /a\tb", NOT_FORMATTED),  # defect: control characters inside the path were accepted (guess)
    ("GET /a\nb", NOT_FORMATTED),
    ("GET /\x00", NOT_FORMATTED),
    ("GET /a\x7f", NOT_FORMATTED),
    ("$DEFAULT", NOT_FORMATTED),
    ("$connect", NOT_FORMATTED),
])
def test_a_hostile_route_key_is_refused_and_nothing_is_stored(apigatewayv2, api, key, message):
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /kept")

    _refused(lambda: apigatewayv2.create_route(ApiId=api, RouteKey=key), "BadRequestException", 400, message)

    assert _keys(apigatewayv2, api) == ["GET /kept"]


def test_an_empty_route_key_is_required(apigatewayv2, api):
    _refused(lambda: apigatewayv2.create_route(ApiId=api, RouteKey=""), "BadRequestException", 400,
             "Route key is required")
    assert _keys(apigatewayv2, api) == []


@pytest.mark.parametrize("key", ["GET /é/ü", "GET /" + "a" * 300, "ANY /a", "HEAD /a", "OPTIONS /a", "GET /",
                                 "GET /{a.b}/{c-d}/{e_f}", "GET /x/{y}/{proxy+}", "$default", "GET /*"])
def test_unusual_but_well_formed_keys_are_kept_as_given(apigatewayv2, api, key):
    made = apigatewayv2.create_route(ApiId=api, RouteKey=key)

    assert made["RouteKey"] == key and made["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert apigatewayv2.get_route(ApiId=api, RouteId=made["RouteId"])["RouteKey"] == key


@pytest.mark.parametrize(("first", "second", "message"), [
    ("GET /c/{x}", "GET /c/{x}", "Route with key GET /c/{x} already exists for this API"),
    ("GET /c/{x}", "GET /c/{y}",
     'The provided route key "GET /c/{y}" has a conflicting variable on the same hierarchical level as "GET /c/{x}"'),
    ("GET /c/{x}", "POST /c/{z}",  # compared across methods (guess)
     'The provided route key "POST /c/{z}" has a conflicting variable on the same hierarchical level as "GET /c/{x}"'),
    ("GET /d/{p+}", "GET /d/{q+}",
     'The provided route key "GET /d/{q+}" has a conflicting variable on the same hierarchical level as "GET /d/{p+}"'),
    ("GET /{p}/x", "GET /{q}/y",
     'The provided route key "GET /{q}/y" has a conflicting variable on the same hierarchical level as "GET /{p}/x"'),
])
def test_routes_differing_only_by_a_variable_name_conflict(apigatewayv2, api, first, second, message):
    apigatewayv2.create_route(ApiId=api, RouteKey=first)

    _refused(lambda: apigatewayv2.create_route(ApiId=api, RouteKey=second), "ConflictException", 409, message)

    assert _keys(apigatewayv2, api) == [first]


def test_a_refused_update_leaves_the_route_as_it_was(apigatewayv2, api):
    kept = apigatewayv2.create_route(ApiId=api, RouteKey="GET /c/{x}")["RouteId"]
    moved = apigatewayv2.create_route(ApiId=api, RouteKey="GET /d")["RouteId"]

    _refused(lambda: apigatewayv2.update_route(ApiId=api, RouteId=moved, RouteKey="GET /c/{z}"), "ConflictException",
             409, 'The provided route key "GET /c/{z}" has a conflicting variable on the same hierarchical level as '
                  '"GET /c/{x}"')
    _refused(lambda: apigatewayv2.update_route(ApiId=api, RouteId=moved, RouteKey="GET /d/{v}/{v}"),
             "BadRequestException", 400, BAD_PARTS)
    _refused(lambda: apigatewayv2.update_route(ApiId=api, RouteId=moved, RouteKey="GET /d\r\n"),
             "BadRequestException", 400, NOT_FORMATTED)

    assert apigatewayv2.get_route(ApiId=api, RouteId=moved)["RouteKey"] == "GET /d"
    # renaming a route's own variable conflicts with nothing
    assert apigatewayv2.update_route(ApiId=api, RouteId=kept, RouteKey="GET /c/{y}")["RouteKey"] == "GET /c/{y}"
    assert _keys(apigatewayv2, api) == ["GET /c/{y}", "GET /d"]


@pytest.mark.parametrize(("key", "message"), [("GET /a/{b}/{b}", BAD_PARTS), ("get /a", NOT_FORMATTED),
                                              ("GET /a\nb", NOT_FORMATTED)])
def test_quick_create_refuses_a_hostile_route_key_and_creates_no_api(apigatewayv2, key, message):
    before = len(apigatewayv2.get_apis()["Items"])

    _refused(lambda: apigatewayv2.create_api(Name="q", ProtocolType="HTTP", Target="https://example.com",
                                             RouteKey=key), "BadRequestException", 400, message)

    assert len(apigatewayv2.get_apis()["Items"]) == before


def test_keys_with_thousands_of_variables_are_indexed_in_linear_space(apigatewayv2, api):
    # defect: each variable's place named its whole parent path: O(n^2) characters in the index
    many = "".join(f"/{{v{j}}}" for j in range(8000))
    entries = route_keys._clash_keys_for("GET " + many)
    assert len(entries) == 1 + 2 * 8000
    assert sum(map(len, entries)) < 20 * len(many)  # was 495 million characters

    made = apigatewayv2.create_route(ApiId=api, RouteKey="GET " + many)
    assert made["RouteKey"] == "GET " + many
    # the long places still find conflicts and still tell different parents apart
    renamed = many[: -len("/{v7999}")] + "/{w}"
    _refused(lambda: apigatewayv2.create_route(ApiId=api, RouteKey="PUT " + renamed), "ConflictException", 409,
             f'The provided route key "PUT {renamed}" has a conflicting variable on the same hierarchical level as '
             f'"GET {many}"')
    elsewhere = "/x" + many[: -len("/{v7999}")] + "/{w}"
    assert apigatewayv2.create_route(ApiId=api, RouteKey="PUT " + elsewhere)["RouteKey"] == "PUT " + elsewhere
    assert len(_keys(apigatewayv2, api)) == 2


def test_long_and_short_places_agree_for_one_and_many_variables():
    parent = "/" + "p" * 400
    one = route_keys._clash_keys_of.__wrapped__(f"GET {parent}/{{a}}")
    two = route_keys._clash_keys_of.__wrapped__(f"GET /{{z}}{parent[2:] and parent}/{{a}}")
    many = route_keys._clash_keys_of.__wrapped__(f"GET {parent}/{{a}}/x/{{b}}")
    assert one[1] == many[1] and one[2] == many[2]  # the same place for {a}, whichever way it was made
    assert one[1] != two[3] and len(one[1]) < 64  # another parent, and a digest, not the text


# --- route selection and paths ---------------------------------------------------------------------


def test_the_developer_guides_routing_table(serve):
    call = serve("GET /pets/dog/{id}", "GET /pets/{proxy+}", "ANY /{proxy+}", "$default")

    assert call("/pets/dog/1")[1]["routeKey"] == "GET /pets/dog/{id}"
    assert call("/pets/cat/1")[1]["routeKey"] == "GET /pets/{proxy+}"
    assert call("/test/5", "POST")[1]["routeKey"] == "ANY /{proxy+}"
    assert call("/", "POST")[1]["routeKey"] == "$default"  # a greedy variable needs a segment


def test_precedence_literal_longer_greedy_method_then_default(serve):
    call = serve("GET /a/b", "GET /a/{x}", "ANY /a/c", "GET /{y}/c", "GET /a/{p+}", "GET /a/b/{q+}", "ANY /z",
                 "GET /z")

    assert call("/a/b")[1]["routeKey"] == "GET /a/b"
    assert (call("/a/q")[1]["routeKey"], call("/a/q")[1]["pathParameters"]) == ("GET /a/{x}", {"x": "q"})
    assert call("/a/c")[1]["routeKey"] == "ANY /a/c"  # a literal route beats a variable one of the method
    assert call("/a/b/c/d")[1]["routeKey"] == "GET /a/b/{q+}"  # the longer greedy prefix
    assert call("/a/x/y")[1]["pathParameters"] == {"p": "x/y"}
    assert call("/z")[1]["routeKey"] == "GET /z" and call("/z", "PUT")[1]["routeKey"] == "ANY /z"
    assert call("/nothing/here") == (404, {"message": "Not Found"})
    assert call("/a/b", "DELETE") == (404, {"message": "Not Found"})


@pytest.mark.parametrize(("path", "status", "route", "raw_path", "parameters"), [
    ("//", 404, None, None, None),
    ("/a/../b", 200, "ANY /{proxy+}", "/a/../b", {"proxy": "a/../b"}),
    ("/a/x%2Fy", 200, "ANY /{proxy+}", "/a/x/y", {"proxy": "a/x/y"}),  # %2F separates segments
    ("/a/x%252Fy", 200, "GET /a/{x}", "/a/x/y", {"x": "x/y"}),  # decoded twice for the event
    ("/a/%00", 200, "GET /a/{x}", "/a/\x00", {"x": "\x00"}),
    ("/a/%C3%A9", 200, "GET /a/{x}", "/a/é", {"x": "é"}),
    ("/a/é", 200, "GET /a/{x}", "/a/é", {"x": "é"}),
    ("/a/%FF", 200, "GET /a/{x}", "/a/\ufffd", {"x": "\ufffd"}),
    ("/a/%2e%2e", 200, "GET /a/{x}", "/a/..", {"x": ".."}),
    ("/a/%", 400, None, None, None),
    ("/a/%zz", 400, None, None, None),
    ("/a/%25zz", 400, None, None, None),  # its second decoding meets "%zz"
    ("/lit/", 200, "GET /lit", "/lit/", None),
    ("//lit", 200, "GET /lit", "//lit", None),
    ("/lit%2F", 200, "GET /lit", "/lit/", None),
    ("/LIT", 200, "ANY /{proxy+}", "/LIT", {"proxy": "LIT"}),  # paths are case-sensitive
    ("/a/%3Fq", 200, "ANY /{proxy+}", "/a/", {"proxy": "a"}),  # a decoded "?" ends the path
])
def test_hostile_paths_reach_the_events_as_documented(serve, path, status, route, raw_path, parameters):
    call = serve("GET /a/{x}", "GET /lit", "ANY /{proxy+}")

    got_status, event = call(path)

    assert got_status == status
    if status == 200:
        assert (event["routeKey"], event["rawPath"], event["requestContext"]["http"]["path"]) == (
            route, raw_path, raw_path)
        assert event.get("pathParameters") == parameters
    else:
        assert event == {"message": "Not Found" if status == 404 else "Bad Request"}
    assert call("/lit") [0] == 200  # and the next request is served


def test_payload_1_0_gets_the_same_decoded_path_and_parameters(serve):
    call = serve("GET /a/{x}", "ANY /{proxy+}", version="1.0")

    status, event = call("/a/x%252Fy")
    assert status == 200
    assert (event["resource"], event["path"], event["pathParameters"]) == ("/a/{x}", "/a/x/y", {"x": "x/y"})
    status, event = call("/b/%C3%A9/c")
    assert (event["resource"], event["path"], event["pathParameters"]) == ("/{proxy+}", "/b/é/c", {"proxy": "b/é/c"})


def test_an_8_kb_path_and_many_segments_are_served(serve):
    call = serve("GET /a/{x}", "GET /g/{p+}")

    long_segment = "y" * 8192
    assert call("/a/" + long_segment)[1]["pathParameters"] == {"x": long_segment}
    many = "/".join(["s"] * 4000)
    assert call("/g/" + many)[1]["pathParameters"] == {"p": many}
    assert call("/a/" + "/".join(["s"] * 4000)) == (404, {"message": "Not Found"})


def test_lower_case_methods_select_the_routes_of_their_upper_case(serve):
    call = serve("GET /m", "ANY /n")

    status, event = call("/m", "get")
    assert (status, event["routeKey"], event["requestContext"]["http"]["method"]) == (200, "GET /m", "GET")
    assert call("/n", "patch")[1]["routeKey"] == "ANY /n"


# --- route selection fuzzed ------------------------------------------------------------------------

_METHODS = ["GET", "POST", "ANY"]
_LITERALS = ["a", "b", "pets", "é"]


@st.composite
def _route_key(draw):
    if draw(st.integers(0, 12)) == 0:
        return "$default"
    parts = draw(st.lists(st.sampled_from(_LITERALS + ["{v}", "{w}"]), max_size=3))
    numbered = [f"{{{p[1]}{i}}}" if p.startswith("{") else p for i, p in enumerate(parts)]
    if draw(st.booleans()):
        numbered.append("{rest+}")
    return f"{draw(st.sampled_from(_METHODS))} /" + "/".join(numbered)


def _valid_set(keys):
    """The keys CreateRoute would accept together, in order."""
    kept: list[str] = []
    for key in keys:
        try:
            route_keys._check_http_route_key(key)
        except Exception:  # noqa: BLE001 - a refused key is simply not created
            continue
        if key in kept or any("{" in key and "{" in other and route_keys._conflicting_variables(key, other)
                              for other in kept):
            continue
        kept.append(key)
    return kept


def _fill(key, params):
    path = key.partition(" ")[2]
    for name, value in params.items():
        path = path.replace("{" + name + "+}", value).replace("{" + name + "}", value)
    return path.strip("/")


@FUZZ
@given(st.lists(_route_key(), max_size=12), st.sampled_from(["GET", "POST", "DELETE"]),
       st.lists(st.sampled_from(_LITERALS + ["x", ""]), max_size=5), st.randoms(use_true_random=False))
def test_route_selection_is_total_deterministic_and_ranked_as_documented(keys, method, segments, rng):
    routes = [{"RouteKey": key, "RouteId": str(i)} for i, key in enumerate(_valid_set(keys))]
    path = "/" + "/".join(segments)

    chosen = RouteTable(routes).select(method, path)

    assert chosen == select_route(routes, method, path)  # the compiled table and the reference agree
    shuffled = list(routes)
    rng.shuffle(shuffled)
    again = RouteTable(shuffled).select(method, path)
    assert (again is None) == (chosen is None) and (again is None or again[0]["RouteKey"] == chosen[0]["RouteKey"])
    if chosen is None:
        assert not any(r["RouteKey"] == "$default" for r in routes)
        return
    route, params = chosen
    key = route["RouteKey"]
    if key == "$default":
        return
    route_method, _, template = key.partition(" ")
    assert route_method in (method, "ANY")
    assert _fill(key, params) == path.strip("/")  # the template filled with the parameters is the path
    request = path.strip("/").split("/") if path.strip("/") else []
    full = [r for r in routes if r["RouteKey"] != "$default" and "+}" not in r["RouteKey"]
            and r["RouteKey"].partition(" ")[0] in (method, "ANY")
            and select_route([r], method, path) is not None]
    if full:  # a full match outranks any greedy route
        assert "+}" not in template
    exact = f"{method} /" + "/".join(request)
    if any(r["RouteKey"] == exact for r in routes):
        assert key == exact


def test_hundreds_of_variable_routes_select_like_the_reference():
    rng = random.Random(7)
    keys = _valid_set([f"{rng.choice(_METHODS)} /r{i % 150}/" + rng.choice(["{id}", "{id}/x", "{p+}", "lit"])
                       for i in range(800)])
    routes = [{"RouteKey": key} for key in keys] + [{"RouteKey": "$default"}]
    table = RouteTable(routes)
    for _ in range(300):
        path = f"/r{rng.randrange(160)}/" + "/".join(rng.choice(["lit", "x", "7"]) for _ in range(rng.randrange(4)))
        method = rng.choice(["GET", "POST", "PUT"])
        assert table.select(method, path) == select_route(routes, method, path), (method, path)


# --- CORS ------------------------------------------------------------------------------------------

ORIGIN = "https://app.example.com"
CORS = {"AllowOrigins": [ORIGIN], "AllowMethods": ["GET", "POST"], "AllowHeaders": ["x-a", "content-type"],
        "MaxAge": 300}


@pytest.fixture
def cors_api(apigatewayv2, gwmock):
    gwmock.add_lambda("fn", lambda event, context: {
        "statusCode": 200, "headers": {"access-control-allow-origin": "https://evil.example"}, "body": "fn"})
    region = apigatewayv2.meta.region_name

    def make(cors, *keys):
        api_id = apigatewayv2.create_api(Name="cors", ProtocolType="HTTP", CorsConfiguration=cors)["ApiId"]
        integration = apigatewayv2.create_integration(
            ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
            IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:fn")["IntegrationId"]
        for key in keys or ("GET /x",):
            apigatewayv2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")
        apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)

        def call(method, headers, path="/x"):
            answer = gwmock.invoke(method, f"https://{api_id}.execute-api.{region}.amazonaws.com{path}",
                                   headers=headers)
            return answer.status, {k: v for k, v in answer.headers.items() if k.startswith("access-control-")}, \
                answer.body
        return call

    return make


def _preflight(origin=ORIGIN, method="GET", headers=None):
    out = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers is not None:
        out["Access-Control-Request-Headers"] = headers
    return out


ALLOWED = {"access-control-allow-origin": ORIGIN, "access-control-allow-methods": "GET,POST",
           "access-control-allow-headers": "x-a,content-type", "access-control-max-age": "300"}


@pytest.mark.parametrize("origin", ["null", "*", ORIGIN.upper(), f"{ORIGIN}, https://other.example",
                                    ORIGIN + "/", "https://app.example.com.evil.example", "",
                                    "https://" + "a" * 100_000])
def test_a_preflight_from_an_origin_not_allowed_gets_no_cors_headers(cors_api, origin):
    call = cors_api(CORS)

    assert call("OPTIONS", _preflight(origin)) == (204, {}, b"")
    assert call("OPTIONS", _preflight()) == (204, ALLOWED, b"")  # the next preflight is answered


def test_null_and_star_origins_are_allowed_only_as_configured(cors_api):
    assert cors_api({**CORS, "AllowOrigins": ["null"]})("OPTIONS", _preflight("null"))[1][
        "access-control-allow-origin"] == "null"
    star = cors_api({**CORS, "AllowOrigins": ["*"]})
    assert star("OPTIONS", _preflight("https://x.example"))[1]["access-control-allow-origin"] == "*"
    scheme = cors_api({**CORS, "AllowOrigins": ["https://*"], "AllowCredentials": True})
    long_origin = "https://" + "b" * 10_000
    assert scheme("OPTIONS", _preflight(long_origin))[1]["access-control-allow-origin"] == long_origin
    assert scheme("OPTIONS", _preflight("https://"))[1] == {}  # the scheme alone names no origin


def test_a_preflight_asking_for_500_headers(cors_api):
    many = [f"x-h{i}" for i in range(500)]
    call = cors_api({**CORS, "AllowHeaders": many})

    status, headers, _ = call("OPTIONS", _preflight(headers=",".join(many)))
    assert status == 204 and headers["access-control-allow-headers"] == ",".join(many)
    assert call("OPTIONS", _preflight(headers=",".join(many + ["x-other"]))) == (204, {}, b"")
    # defect: the names were looked up in the list one by one; thousands of them now cost a set's look-ups
    status, headers, _ = call("OPTIONS", _preflight(headers=",".join(many * 40).upper()))
    assert status == 204 and headers["access-control-allow-origin"] == ORIGIN


def test_requested_headers_compare_case_insensitively_and_blank_names_are_skipped(cors_api):
    call = cors_api(CORS)

    assert call("OPTIONS", _preflight(headers="X-A, Content-Type,, ,"))[1] == ALLOWED
    assert call("OPTIONS", _preflight(method="get"))[1] == ALLOWED
    assert call("OPTIONS", _preflight(method="DELETE")) == (204, {}, b"")
    assert cors_api({**CORS, "AllowHeaders": ["*"]})("OPTIONS", _preflight(headers="anything,at-all"))[1][
        "access-control-allow-headers"] == "*"


def test_headers_allowed_agrees_for_short_and_long_lists():
    for allowed in (["a", "b"], [f"h{i}" for i in range(20)]):
        assert http_cors._headers_allowed(allowed, list(allowed)) is True
        assert http_cors._headers_allowed(allowed, [*allowed, "zz"]) is False
        assert http_cors._headers_allowed(allowed, []) is True


def test_max_age_bounds_and_expose_headers_star(cors_api, apigatewayv2):
    minus_one = cors_api({**CORS, "MaxAge": -1})
    assert minus_one("OPTIONS", _preflight())[1]["access-control-max-age"] == "-1"
    exposed = cors_api({**CORS, "ExposeHeaders": ["*"]})
    assert exposed("GET", {"Origin": ORIGIN}) == (
        200, {"access-control-allow-origin": ORIGIN, "access-control-expose-headers": "*"}, b"fn")

    _refused(lambda: apigatewayv2.create_api(Name="c", ProtocolType="HTTP", CorsConfiguration={"MaxAge": 86401}),
             "BadRequestException", 400,
             "1 validation error detected: Value '86401' at 'createApiInput.corsConfiguration.maxAge' failed to "
             "satisfy constraint: Member must have value less than or equal to 86400")


def test_credentials_with_any_origin_are_refused_and_the_api_keeps_its_cors(apigatewayv2):
    refused = "allow-credentials is not supported if 'allow-origin' is *"
    before = len(apigatewayv2.get_apis()["Items"])
    for origins in (["*"], [ORIGIN, "*"]):
        _refused(lambda origins=origins: apigatewayv2.create_api(
            Name="c", ProtocolType="HTTP", CorsConfiguration={"AllowOrigins": origins, "AllowCredentials": True}),
            "BadRequestException", 400, refused)
    assert len(apigatewayv2.get_apis()["Items"]) == before

    api_id = apigatewayv2.create_api(Name="c", ProtocolType="HTTP", CorsConfiguration=CORS)["ApiId"]
    _refused(lambda: apigatewayv2.update_api(ApiId=api_id, CorsConfiguration={"AllowOrigins": ["*"],
                                                                               "AllowCredentials": True}),
             "BadRequestException", 400, refused)
    assert apigatewayv2.get_api(ApiId=api_id)["CorsConfiguration"] == CORS


def test_an_options_route_takes_the_preflight_and_the_function_cors_headers_are_replaced(cors_api):
    call = cors_api(CORS, "OPTIONS /x", "GET /x")

    assert call("OPTIONS", _preflight()) == (200, {"access-control-allow-origin": ORIGIN}, b"fn")
    # a preflight no route takes, on a path with no route at all, is API Gateway's own answer
    assert call("OPTIONS", _preflight(), path="/nowhere") == (204, ALLOWED, b"")
    assert call("GET", {"Origin": "https://evil.example"}, path="/x") == (200, {}, b"fn")
