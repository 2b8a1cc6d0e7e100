"""Routing answers from its cache exactly as it would without it."""

from __future__ import annotations

from gwmock.protocol import router


def test_cached_route_is_the_same_answer() -> None:
    first = router.route("apigateway", "GET", "/restapis/abc/resources/xyz", {})
    again = router.route("apigateway", "GET", "/restapis/abc/resources/xyz", {})
    assert first == again == ("GetResource", {"restapi_id": "abc", "resource_id": "xyz"})


def test_query_that_selects_the_operation_is_part_of_the_key() -> None:
    assert router.route("apigateway", "POST", "/restapis", {"mode": ["import"]})[0] == "ImportRestApi"
    assert router.route("apigateway", "POST", "/restapis", {})[0] == "CreateRestApi"
    assert router.route("apigateway", "POST", "/restapis", {"mode": ["import"]})[0] == "ImportRestApi"


def test_long_paths_are_not_kept() -> None:
    seen = router._router("apigateway").seen
    path = "/restapis/" + "a" * 5000
    router.route("apigateway", "GET", path, {})
    assert all(len(key[1]) <= 512 for key in seen)  # type: ignore[arg-type]


def test_cache_stays_bounded() -> None:
    for i in range(router._CACHE_SIZE + 10):
        router.route("apigateway", "GET", f"/restapis/api{i}", {})
    assert len(router._router("apigateway").seen) <= router._CACHE_SIZE
