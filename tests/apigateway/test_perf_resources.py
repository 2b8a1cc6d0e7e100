"""The resource handlers' shortcuts keep AWS's answers: CreateResource's sibling check is one
seek in the path index, GetResources views items through a memo and one function per item.

Parents with more than 32 children are used where the store keeps its path index (below that
it sorts on each call), so both ways are covered."""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

from gwmock.state.sqlite import SqliteBackend

MANY = 40  # above the memory backend's small-collection size: the path index is kept


@pytest.fixture(params=[0, MANY], ids=["few", "indexed"])
def parent(request, apigateway):
    """(api id, parent id) of a resource ``/p`` with ``param`` plain children ``c00``..."""
    api = apigateway.create_rest_api(name="perf-resources")
    parent = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="p")
    for i in range(request.param):
        apigateway.create_resource(restApiId=api["id"], parentId=parent["id"], pathPart=f"c{i:02}")
    return api["id"], parent["id"]


def _create(client, api_id, parent_id, part):
    return client.create_resource(restApiId=api_id, parentId=parent_id, pathPart=part)


def test_a_plain_name_taken_by_a_sibling_is_a_conflict(apigateway, parent):
    api_id, parent_id = parent
    _create(apigateway, api_id, parent_id, "dogs")
    assert_error(error_of(_create, apigateway, api_id, parent_id, "dogs"), "ConflictException",
                 "Another resource with the same parent already has this name: dogs", 409)


def test_names_sharing_a_prefix_with_a_sibling_are_not_conflicts(apigateway, parent):
    api_id, parent_id = parent
    _create(apigateway, api_id, parent_id, "dogs")
    for part in ("dog", "dogsx", "dogs-x", "dogs.x", "Dogs"):
        assert _create(apigateway, api_id, parent_id, part)["pathPart"] == part


def test_a_name_taken_below_another_parent_is_free(apigateway, parent):
    api_id, parent_id = parent
    other = _create(apigateway, api_id, parent_id, "other")
    _create(apigateway, api_id, other["id"], "dogs")
    assert _create(apigateway, api_id, parent_id, "dogs")["path"] == "/p/dogs"


def test_a_second_variable_child_is_refused_naming_the_first(apigateway, parent):
    api_id, parent_id = parent
    first = _create(apigateway, api_id, parent_id, "{id}")
    _create(apigateway, api_id, first["id"], "a")  # descendants sort after it
    assert_error(error_of(_create, apigateway, api_id, parent_id, "{name}"), "BadRequestException",
                 "A sibling ({id}) of this resource already has a variable path part -- only one is allowed", 400)
    assert_error(error_of(_create, apigateway, api_id, parent_id, "{proxy+}"), "BadRequestException",
                 "A sibling ({id}) of this resource already has a variable path part -- only one is allowed", 400)


def test_the_same_variable_child_twice_is_a_conflict(apigateway, parent):
    api_id, parent_id = parent
    _create(apigateway, api_id, parent_id, "{id}")
    assert_error(error_of(_create, apigateway, api_id, parent_id, "{id}"), "ConflictException",
                 "Another resource with the same parent already has this name: {id}", 409)


def test_a_variable_grandchild_does_not_block_a_variable_child(apigateway, parent):
    api_id, parent_id = parent
    plain = _create(apigateway, api_id, parent_id, "a")
    _create(apigateway, api_id, plain["id"], "{id}")
    assert _create(apigateway, api_id, parent_id, "{id}")["path"] == "/p/{id}"


def test_a_plain_child_next_to_a_variable_one_is_allowed(apigateway, parent):
    api_id, parent_id = parent
    _create(apigateway, api_id, parent_id, "{id}")
    assert _create(apigateway, api_id, parent_id, "x")["path"] == "/p/x"


def test_a_deleted_sibling_frees_its_name(apigateway, parent):
    api_id, parent_id = parent
    dogs = _create(apigateway, api_id, parent_id, "{dog}")
    apigateway.delete_resource(restApiId=api_id, resourceId=dogs["id"])
    assert _create(apigateway, api_id, parent_id, "{cat}")["path"] == "/p/{cat}"


def test_a_renamed_sibling_frees_its_old_name_and_takes_the_new(apigateway, parent):
    api_id, parent_id = parent
    dogs = _create(apigateway, api_id, parent_id, "dogs")
    apigateway.update_resource(restApiId=api_id, resourceId=dogs["id"],
                               patchOperations=[{"op": "replace", "path": "/pathPart", "value": "cats"}])
    assert _create(apigateway, api_id, parent_id, "dogs")["path"] == "/p/dogs"
    assert_error(error_of(_create, apigateway, api_id, parent_id, "cats"), "ConflictException",
                 "Another resource with the same parent already has this name: cats", 409)


def test_children_of_the_root_are_checked_too(apigateway):
    api = apigateway.create_rest_api(name="perf-root")
    for i in range(MANY):
        _create(apigateway, api["id"], api["rootResourceId"], f"r{i:02}")
    _create(apigateway, api["id"], api["rootResourceId"], "{id}")
    assert_error(error_of(_create, apigateway, api["id"], api["rootResourceId"], "r07"), "ConflictException",
                 "Another resource with the same parent already has this name: r07", 409)
    assert_error(error_of(_create, apigateway, api["id"], api["rootResourceId"], "{other}"), "BadRequestException",
                 "A sibling ({id}) of this resource already has a variable path part -- only one is allowed", 400)


def test_listed_items_follow_method_changes(apigateway, parent):
    """The listing memo is keyed on the stored record: a method put or deleted shows at once."""
    api_id, parent_id = parent

    def listed():
        items = apigateway.get_resources(restApiId=api_id, limit=500)["items"]
        return next(item for item in items if item["id"] == parent_id)

    assert "resourceMethods" not in listed()
    apigateway.put_method(restApiId=api_id, resourceId=parent_id, httpMethod="GET", authorizationType="NONE")
    assert listed()["resourceMethods"] == {"GET": {}}
    apigateway.put_method(restApiId=api_id, resourceId=parent_id, httpMethod="POST", authorizationType="NONE")
    assert listed()["resourceMethods"] == {"GET": {}, "POST": {}}
    apigateway.delete_method(restApiId=api_id, resourceId=parent_id, httpMethod="GET")
    assert listed()["resourceMethods"] == {"POST": {}}
    apigateway.delete_method(restApiId=api_id, resourceId=parent_id, httpMethod="POST")
    assert "resourceMethods" not in listed()


def test_embedded_and_listed_views_differ_only_in_methods(apigateway, parent):
    api_id, parent_id = parent
    apigateway.put_method(restApiId=api_id, resourceId=parent_id, httpMethod="GET", authorizationType="NONE")
    plain = apigateway.get_resources(restApiId=api_id, limit=500)["items"]
    embedded = apigateway.get_resources(restApiId=api_id, limit=500, embed=["methods"])["items"]
    assert [item["path"] for item in plain] == [item["path"] for item in embedded]
    mine = next(item for item in embedded if item["id"] == parent_id)
    assert mine["resourceMethods"]["GET"]["httpMethod"] == "GET"
    assert next(item for item in plain if item["id"] == parent_id)["resourceMethods"] == {"GET": {}}


def test_the_sibling_check_on_sqlite(tmp_path):
    """The SQLite backend answers the same through its own path order."""
    import boto3

    from gwmock import mock_apigateway

    backend = SqliteBackend(str(tmp_path / "state.db"))
    try:
        with mock_apigateway(backend=backend):
            client = boto3.client("apigateway", region_name="eu-west-1")
            api = client.create_rest_api(name="perf-sqlite")
            root = api["rootResourceId"]
            for i in range(MANY):
                _create(client, api["id"], root, f"s{i:02}")
            _create(client, api["id"], root, "{id}")
            assert_error(error_of(_create, client, api["id"], root, "s01"), "ConflictException",
                         "Another resource with the same parent already has this name: s01", 409)
            assert_error(error_of(_create, client, api["id"], root, "{x}"), "BadRequestException",
                         "A sibling ({id}) of this resource already has a variable path part -- only one is allowed",
                         400)
            assert _create(client, api["id"], root, "s0")["path"] == "/s0"
    finally:
        backend.close()
