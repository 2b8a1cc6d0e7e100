"""CreateRoute decides uniqueness from index counts, skipping the count by name when no route
has a variable at that place: the answers stay those of a scan over every route."""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

MANY = 40


@pytest.fixture
def api(apigatewayv2):
    return apigatewayv2.create_api(Name="perf-routes", ProtocolType="HTTP")["ApiId"]


def _create(client, api_id, key):
    return client.create_route(ApiId=api_id, RouteKey=key)


def _conflict(client, api_id, key, other):
    assert_error(error_of(_create, client, api_id, key), "ConflictException",
                 f'The provided route key "{key}" has a conflicting variable on the same hierarchical level as '
                 f'"{other}"', 409)


def test_a_variable_at_a_new_place_is_free(apigatewayv2, api):
    for i in range(MANY):
        _create(apigatewayv2, api, f"GET /pets/r{i}")
    assert _create(apigatewayv2, api, "GET /pets/{id}")["RouteKey"] == "GET /pets/{id}"
    assert _create(apigatewayv2, api, "GET /owners/{name}/pets")["RouteKey"] == "GET /owners/{name}/pets"


def test_many_routes_sharing_a_variable_name_do_not_conflict(apigatewayv2, api):
    for i in range(MANY):
        _create(apigatewayv2, api, f"GET /pets/{{id}}/r{i}")
    assert _create(apigatewayv2, api, "POST /pets/{id}")["RouteKey"] == "POST /pets/{id}"


def test_another_name_at_a_crowded_place_conflicts(apigatewayv2, api):
    for i in range(MANY):
        _create(apigatewayv2, api, f"GET /pets/{{id}}/r{i}")
    _conflict(apigatewayv2, api, "GET /pets/{petId}/x", "GET /pets/{id}/r0")


def test_greedy_and_plain_variables_are_different_places(apigatewayv2, api):
    _create(apigatewayv2, api, "GET /pets/{id}")
    assert _create(apigatewayv2, api, "GET /pets/{proxy+}")["RouteKey"] == "GET /pets/{proxy+}"
    _conflict(apigatewayv2, api, "POST /pets/{other+}", "GET /pets/{proxy+}")


def test_a_deleted_route_frees_its_variable_name(apigatewayv2, api):
    route = _create(apigatewayv2, api, "GET /pets/{id}")
    _conflict(apigatewayv2, api, "GET /pets/{petId}", "GET /pets/{id}")
    apigatewayv2.delete_route(ApiId=api, RouteId=route["RouteId"])
    assert _create(apigatewayv2, api, "GET /pets/{petId}")["RouteKey"] == "GET /pets/{petId}"


def test_a_second_variable_segment_is_checked_too(apigatewayv2, api):
    _create(apigatewayv2, api, "GET /orgs/{org}/users/{user}")
    assert _create(apigatewayv2, api, "GET /orgs/{org}/teams/{team}")["RouteKey"] == "GET /orgs/{org}/teams/{team}"
    _conflict(apigatewayv2, api, "GET /orgs/{org}/users/{id}", "GET /orgs/{org}/users/{user}")


def test_an_updated_key_is_checked_against_the_others(apigatewayv2, api):
    _create(apigatewayv2, api, "GET /pets/{id}")
    other = _create(apigatewayv2, api, "GET /owners")
    response = error_of(apigatewayv2.update_route, ApiId=api, RouteId=other["RouteId"], RouteKey="GET /pets/{name}")
    assert_error(response, "ConflictException")
    updated = apigatewayv2.update_route(ApiId=api, RouteId=other["RouteId"], RouteKey="GET /pets/{id}/owners")
    assert updated["RouteKey"] == "GET /pets/{id}/owners"
