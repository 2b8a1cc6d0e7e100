"""Red-team attacks on REST API resources: CreateResource, UpdateResource, DeleteResource, GetResources.

Every refusal is AWS's code, status and wording with GetResources unchanged; deep (1,000 levels),
long (10,000-character paths) and wide trees stay quick; hostile path parts, parents, paging
arguments and restored state never give a 500 or a hang.

Defects found (tests marked "Before:"): a restored snapshot whose resources' parents form a cycle
made UpdateResource and DeleteResource loop for ever, growing a list until memory ran out.
"""

from __future__ import annotations

import base64
import string
import threading
import time
from typing import Any

import boto3
import pytest
from helpers import assert_error, call_or_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway

BAD_PART = ("Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces "
            "at the beginning and the end and an optional plus sign before the closing brace.")
GREEDY_PARENT = "Cannot create a child of a resource with a greedy path variable: {proxy+}"
CYCLE = "Resources cannot be cyclical."
NO_RESOURCE = "Invalid Resource identifier specified"


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="resource-attacks")
    return created["id"], created["rootResourceId"]


def _listing(client: Any, api_id: str) -> list[tuple[str, str, str | None]]:
    """Every resource as (path, id, parentId), all pages."""
    pages = client.get_paginator("get_resources").paginate(restApiId=api_id, PaginationConfig={"PageSize": 500})
    return [(r["path"], r["id"], r.get("parentId")) for page in pages for r in page["items"]]


def _create(client: Any, api_id: str, parent: str, part: str) -> str:
    return client.create_resource(restApiId=api_id, parentId=parent, pathPart=part)["id"]


def _update(client: Any, api_id: str, resource: str, path: str, value: str) -> dict[str, Any]:
    return error_of(client.update_resource, restApiId=api_id, resourceId=resource,
                    patchOperations=[{"op": "replace", "path": path, "value": value}])


def _chain(client: Any, api_id: str, parent: str, parts: list[str]) -> list[str]:
    """Ids of a chain of resources, each the child of the one before."""
    ids = []
    for part in parts:
        parent = _create(client, api_id, parent, part)
        ids.append(parent)
    return ids


def _still_serves(client: Any, api_id: str, root: str) -> None:
    """The mock answers the next request normally."""
    made = client.create_resource(restApiId=api_id, parentId=root, pathPart="after-attack")
    assert made["path"] == "/after-attack"
    client.delete_resource(restApiId=api_id, resourceId=made["id"])


# --- path parts ------------------------------------------------------------------------------

REFUSED_PARTS = ["", "/", "a/b", "/a", "a/", "%2F", "%2e%2e", "é", "ü" * 10, "\u202e", "a b", " a", "a\n", "\x00",
                 "~", "@", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "?", "#", "{}", "{", "}",
                 "{a", "a}", "{a}{b}", "x{a}", "{a}x", "{a++}", "{+}", "{+a}", "{a+b}", "{proxy+}x", "{a:b}",
                 "{{a}}", "{a b}", "{a/b}", "{é}", "{a}\n"]


@pytest.mark.parametrize("part", REFUSED_PARTS, ids=[repr(p) for p in REFUSED_PARTS])
def test_a_refused_path_part_changes_nothing_on_create_or_rename(apigateway, api, part):
    api_id, root = api
    leaf = _create(apigateway, api_id, root, "leaf")
    before = _listing(apigateway, api_id)
    assert_error(error_of(apigateway.create_resource, restApiId=api_id, parentId=root, pathPart=part),
                 "BadRequestException", BAD_PART, 400)
    assert_error(error_of(apigateway.create_resource, restApiId=api_id, parentId=leaf, pathPart=part),
                 "BadRequestException", BAD_PART, 400)
    assert_error(_update(apigateway, api_id, leaf, "/pathPart", part), "BadRequestException", BAD_PART, 400)
    assert _listing(apigateway, api_id) == before
    _still_serves(apigateway, api_id, root)


@pytest.mark.parametrize("part", ["..", ".", "-", ":", "_", "a" * 300, "{a.b}", "{_}", "{a-b}", "{a+}", "A:b.c-d_e"])
def test_odd_but_valid_path_parts_are_kept_verbatim(apigateway, api, part):
    # guess: ".." and "." pass AWS's own character list (dots are allowed) and are kept as written
    api_id, root = api
    made = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart=part)
    assert (made["pathPart"], made["path"]) == (part, f"/{part}")
    assert apigateway.get_resource(restApiId=api_id, resourceId=made["id"])["path"] == f"/{part}"
    renamed = apigateway.update_resource(restApiId=api_id, resourceId=made["id"],
                                         patchOperations=[{"op": "replace", "path": "/pathPart", "value": "z"}])
    assert renamed["path"] == "/z"
    again = apigateway.update_resource(restApiId=api_id, resourceId=made["id"],
                                       patchOperations=[{"op": "replace", "path": "/pathPart", "value": part}])
    assert again["path"] == f"/{part}"


PART_ALPHABET = string.ascii_letters + string.digits + "._-:{}+/ %~@é\x00\n"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.text(alphabet=PART_ALPHABET, max_size=12))
def test_fuzzed_path_parts_are_created_or_refused_cleanly(apigateway, part):
    api = apigateway.create_rest_api(name="fuzz")
    api_id, root = api["id"], api["rootResourceId"]
    response, error = call_or_error(apigateway.create_resource, restApiId=api_id, parentId=root, pathPart=part)
    if error is not None:
        assert_error(error, "BadRequestException", BAD_PART, 400)
        assert _listing(apigateway, api_id) == [("/", root, None)]
    else:
        assert response is not None
        assert response["path"] == f"/{part}"
        assert "/" not in part and part.isascii() and part.strip() == part
        assert _listing(apigateway, api_id) == [("/", root, None), (f"/{part}", response["id"], root)]
    _still_serves(apigateway, api_id, root)


PARTS = st.sampled_from(["a", "b", "{v}", "{w}", "{p+}", "a/b", "{x"])
STEPS = st.lists(st.tuples(st.sampled_from(["create", "rename", "move", "delete"]), st.integers(0, 7),
                           st.integers(0, 7), PARTS), max_size=12)


def _check_tree(client: Any, api_id: str) -> None:
    """What every sequence of calls must keep: unique paths, each its parent's path and its part,
    at most one variable child, no child under a greedy part, and parents leading to the root."""
    items = {r["id"]: r for page in client.get_paginator("get_resources").paginate(restApiId=api_id)
             for r in page["items"]}
    assert len({r["path"] for r in items.values()}) == len(items)
    for item in items.values():
        if "parentId" not in item:
            assert item["path"] == "/"
            continue
        parent = items[item["parentId"]]
        assert item["path"] == ("" if parent["path"] == "/" else parent["path"]) + "/" + item["pathPart"]
        assert not parent.get("pathPart", "").endswith("+}")
        siblings = [r for r in items.values() if r.get("parentId") == parent["id"]]
        assert sum(r["pathPart"].startswith("{") for r in siblings) <= 1
        hops, current = 0, item
        while "parentId" in current:
            current, hops = items[current["parentId"]], hops + 1
            assert hops <= len(items)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_random_calls_keep_the_tree_sound(apigateway, steps):
    api = apigateway.create_rest_api(name="stateful")
    api_id = api["id"]
    for op, first, second, part in steps:
        ids = [r["id"] for r in apigateway.get_resources(restApiId=api_id, limit=500)["items"]]
        target, other = ids[first % len(ids)], ids[second % len(ids)]
        if op == "create":
            call_or_error(apigateway.create_resource, restApiId=api_id, parentId=target, pathPart=part)
        elif op == "rename":
            call_or_error(apigateway.update_resource, restApiId=api_id, resourceId=target,
                          patchOperations=[{"op": "replace", "path": "/pathPart", "value": part}])
        elif op == "move":
            call_or_error(apigateway.update_resource, restApiId=api_id, resourceId=target,
                          patchOperations=[{"op": "replace", "path": "/parentId", "value": other}])
        else:
            call_or_error(apigateway.delete_resource, restApiId=api_id, resourceId=target)
        _check_tree(apigateway, api_id)


# --- greedy and variable siblings ------------------------------------------------------------


def test_a_greedy_resource_takes_no_child_in_any_way(apigateway, api):
    api_id, root = api
    proxy = _create(apigateway, api_id, root, "{proxy+}")
    other = _create(apigateway, api_id, root, "other")
    child = _create(apigateway, api_id, other, "child")
    _create(apigateway, api_id, child, "grandchild")
    before = _listing(apigateway, api_id)
    for part in ("x", "{id}", "{proxy+}", "{more+}"):
        assert_error(error_of(apigateway.create_resource, restApiId=api_id, parentId=proxy, pathPart=part),
                     "BadRequestException", GREEDY_PARENT, 400)
    assert_error(_update(apigateway, api_id, child, "/parentId", proxy), "BadRequestException", GREEDY_PARENT, 400)
    assert_error(_update(apigateway, api_id, other, "/parentId", proxy), "BadRequestException", GREEDY_PARENT, 400)
    # a resource with a child cannot itself become greedy (the greedy part would not be last)
    assert_error(_update(apigateway, api_id, child, "/pathPart", "{proxy+}"), "BadRequestException",
                 GREEDY_PARENT, 400)
    assert _listing(apigateway, api_id) == before
    _still_serves(apigateway, api_id, root)


def test_a_literal_sibling_beside_a_greedy_one_is_allowed(apigateway, api):
    # recorded: /parent/{proxy+} then /parent/child (create-proxy-sibling-static-child-resource)
    api_id, root = api
    parent = _create(apigateway, api_id, root, "parent")
    _create(apigateway, api_id, parent, "{proxy+}")
    child = apigateway.create_resource(restApiId=api_id, parentId=parent, pathPart="child")
    assert child["path"] == "/parent/child"
    assert _create(apigateway, api_id, child["id"], "{proxy+}")


def test_two_variable_siblings_are_refused_on_create_rename_and_move(apigateway, api):
    api_id, root = api
    _create(apigateway, api_id, root, "{a}")
    plain = _create(apigateway, api_id, root, "plain")
    elsewhere = _create(apigateway, api_id, plain, "{b}")
    before = _listing(apigateway, api_id)
    sibling = "A sibling ({a}) of this resource already has a variable path part -- only one is allowed"
    for part in ("{b}", "{proxy+}"):
        assert_error(error_of(apigateway.create_resource, restApiId=api_id, parentId=root, pathPart=part),
                     "BadRequestException", sibling, 400)
    assert_error(_update(apigateway, api_id, plain, "/pathPart", "{b}"), "BadRequestException", sibling, 400)
    assert_error(_update(apigateway, api_id, elsewhere, "/parentId", root), "BadRequestException", sibling, 400)
    assert _listing(apigateway, api_id) == before
    _still_serves(apigateway, api_id, root)


def test_the_same_path_part_twice_is_a_conflict_on_create_rename_and_move(apigateway, api):
    api_id, root = api
    _create(apigateway, api_id, root, "pets")
    _create(apigateway, api_id, root, "{id}")
    other = _create(apigateway, api_id, root, "other")
    nested = _create(apigateway, api_id, other, "pets")
    before = _listing(apigateway, api_id)
    for part in ("pets", "{id}"):
        assert_error(error_of(apigateway.create_resource, restApiId=api_id, parentId=root, pathPart=part),
                     "ConflictException", f"Another resource with the same parent already has this name: {part}", 409)
    assert_error(_update(apigateway, api_id, other, "/pathPart", "pets"), "ConflictException",
                 "Another resource with the same parent already has this name: pets", 409)
    assert_error(_update(apigateway, api_id, nested, "/parentId", root), "ConflictException",
                 "Another resource with the same parent already has this name: pets", 409)
    assert _listing(apigateway, api_id) == before


def test_a_rename_to_its_own_name_or_a_move_to_its_own_parent_is_accepted(apigateway, api):
    api_id, root = api
    pets = _create(apigateway, api_id, root, "pets")
    assert apigateway.update_resource(restApiId=api_id, resourceId=pets, patchOperations=[
        {"op": "replace", "path": "/pathPart", "value": "pets"},
        {"op": "replace", "path": "/parentId", "value": root}])["path"] == "/pets"


# --- moving: cycles, missing and foreign parents ---------------------------------------------


def test_a_move_under_itself_or_any_descendant_is_refused_quickly(apigateway, api):
    api_id, root = api
    chain = _chain(apigateway, api_id, root, ["d"] * 1000)
    before = _listing(apigateway, api_id)
    started = time.perf_counter()
    for target in (chain[0], chain[1], chain[500], chain[-1]):
        assert_error(_update(apigateway, api_id, chain[0], "/parentId", target), "BadRequestException", CYCLE, 400)
    assert_error(_update(apigateway, api_id, chain[10], "/parentId", chain[-1]), "BadRequestException", CYCLE, 400)
    assert time.perf_counter() - started < 2
    assert _listing(apigateway, api_id) == before


def test_a_move_to_a_missing_or_foreign_parent_is_not_found(apigateway, api):
    api_id, root = api
    pets = _create(apigateway, api_id, root, "pets")
    foreign = apigateway.create_rest_api(name="other")
    foreign_child = _create(apigateway, foreign["id"], foreign["rootResourceId"], "x")
    before = _listing(apigateway, api_id)
    for parent in ("missing", "", foreign["rootResourceId"], foreign_child, f"{root}/methods/GET", "..", "a" * 2000):
        assert_error(_update(apigateway, api_id, pets, "/parentId", parent), "NotFoundException", NO_RESOURCE, 404)
        assert_error(error_of(apigateway.create_resource, restApiId=api_id, parentId=parent or "x", pathPart="y"),
                     "NotFoundException", NO_RESOURCE, 404)
    assert_error(error_of(apigateway.create_resource, restApiId=foreign["id"], parentId=root, pathPart="y"),
                 "NotFoundException", NO_RESOURCE, 404)
    assert _listing(apigateway, api_id) == before
    assert len(_listing(apigateway, foreign["id"])) == 2


def test_a_failed_patch_list_changes_nothing(apigateway, api):
    api_id, root = api
    pets = _create(apigateway, api_id, root, "pets")
    other = _create(apigateway, api_id, root, "other")
    before = _listing(apigateway, api_id)
    response = error_of(apigateway.update_resource, restApiId=api_id, resourceId=pets, patchOperations=[
        {"op": "replace", "path": "/pathPart", "value": "renamed"},
        {"op": "replace", "path": "/parentId", "value": other},
        {"op": "replace", "path": "/id", "value": "stolen"}])
    assert_error(response, "BadRequestException",
                 "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/parentId, /pathPart]", 400)
    assert _listing(apigateway, api_id) == before


def test_the_root_cannot_be_renamed_moved_or_deleted(apigateway, api):
    api_id, root = api
    child = _create(apigateway, api_id, root, "child")
    before = _listing(apigateway, api_id)
    assert_error(_update(apigateway, api_id, root, "/pathPart", "x"), "BadRequestException",
                 "Root resource cannot update its pathPart.", 400)
    assert_error(_update(apigateway, api_id, root, "/parentId", child), "BadRequestException",
                 "Root resource cannot update its parentId.", 400)
    assert_error(error_of(apigateway.delete_resource, restApiId=api_id, resourceId=root), "BadRequestException",
                 "Cannot delete root resource", 400)
    assert _listing(apigateway, api_id) == before


# --- deep, long and wide trees ---------------------------------------------------------------


def test_a_1000_level_subtree_moves_and_deletes_in_bounded_time(apigateway, api):
    api_id, root = api
    keep = _create(apigateway, api_id, root, "keep")
    chain = _chain(apigateway, api_id, root, ["d"] * 1000)
    started = time.perf_counter()
    moved = apigateway.update_resource(restApiId=api_id, resourceId=chain[0], patchOperations=[
        {"op": "replace", "path": "/parentId", "value": keep}])
    assert moved["path"] == "/keep/d"
    assert apigateway.get_resource(restApiId=api_id, resourceId=chain[-1])["path"] == "/keep" + "/d" * 1000
    deleted = apigateway.delete_resource(restApiId=api_id, resourceId=chain[0])
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert time.perf_counter() - started < 2
    assert _listing(apigateway, api_id) == [("/", root, None), ("/keep", keep, root)]
    assert_error(error_of(apigateway.get_resource, restApiId=api_id, resourceId=chain[-1]),
                 "NotFoundException", NO_RESOURCE, 404)


def test_10000_character_paths_are_listed_renamed_and_deleted(apigateway, api):
    api_id, root = api
    chain = _chain(apigateway, api_id, root, ["a" * 249] * 40)
    deepest = apigateway.get_resource(restApiId=api_id, resourceId=chain[-1])
    assert len(deepest["path"]) == 10_000
    apigateway.update_resource(restApiId=api_id, resourceId=chain[0],
                               patchOperations=[{"op": "replace", "path": "/pathPart", "value": "b" * 249}])
    assert apigateway.get_resource(restApiId=api_id, resourceId=chain[-1])["path"] == "/" + "/".join(
        ["b" * 249] + ["a" * 249] * 39)
    first = apigateway.get_resources(restApiId=api_id, limit=5)
    rest = apigateway.get_resources(restApiId=api_id, limit=500, position=first["position"])
    assert len(first["items"]) + len(rest["items"]) == 41
    apigateway.delete_resource(restApiId=api_id, resourceId=chain[0])
    assert _listing(apigateway, api_id) == [("/", root, None)]


def test_get_resources_embeds_methods_of_1000_resources(apigateway, api):
    api_id, root = api
    ids = [_create(apigateway, api_id, root, f"r{i:04}") for i in range(1000)]
    for resource_id in ids[::10]:
        apigateway.put_method(restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE")
    started = time.perf_counter()
    pages = list(apigateway.get_paginator("get_resources").paginate(
        restApiId=api_id, embed=["methods"], PaginationConfig={"PageSize": 500}))
    assert time.perf_counter() - started < 2
    items = [item for page in pages for item in page["items"]]
    assert len(items) == 1001
    with_methods = [item for item in items if "resourceMethods" in item]
    assert len(with_methods) == 100
    assert all(item["resourceMethods"]["GET"]["authorizationType"] == "NONE" for item in with_methods)
    plain = apigateway.get_resources(restApiId=api_id, limit=500)["items"]
    assert plain[1]["resourceMethods"] == {"GET": {}}


@pytest.mark.parametrize(("kwargs", "code", "message"), [
    ({"limit": 0}, "ValidationException", "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                                          "constraint: Member must have value greater than or equal to 1"),
    ({"limit": -5}, "ValidationException", None),
    ({"limit": 501}, "ValidationException", "1 validation error detected: Value '501' at 'limit' failed to "
                                            "satisfy constraint: Member must have value less than or equal to 500"),
    ({"limit": 2**31 - 1}, "ValidationException", None),
    ({"position": "x"}, "BadRequestException", "Invalid position parameter"),
    ({"position": "!!!!"}, "BadRequestException", "Invalid position parameter"),
    ({"position": "\u00e9\u00e9\u00e9\u00e9"}, "BadRequestException", "Invalid position parameter"),
    ({"position": "A" * 10_001}, "BadRequestException", "Invalid position parameter"),
])
def test_hostile_paging_arguments_are_refused(apigateway, api, kwargs, code, message):
    api_id, root = api
    _create(apigateway, api_id, root, "a")
    assert_error(error_of(apigateway.get_resources, restApiId=api_id, **kwargs), code, message, 400)
    assert [path for path, _, _ in _listing(apigateway, api_id)] == ["/", "/a"]


def test_foreign_and_far_positions_give_empty_pages(apigateway, api):
    api_id, root = api
    _create(apigateway, api_id, root, "a")

    def token(text: str) -> str:
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    # an insertion-order cursor (another listing's), and a path sorting after every path
    assert apigateway.get_resources(restApiId=api_id, position=token("gw:1"))["items"] == []
    assert apigateway.get_resources(restApiId=api_id, position=token("gw:s:~"))["items"] == []
    after_root = apigateway.get_resources(restApiId=api_id, position=token("gw:s:/"))["items"]
    assert [item["path"] for item in after_root] == ["/a"]


# --- restored state the handlers never make --------------------------------------------------


@pytest.fixture(params=["memory", "sqlite"])
def restored(request, tmp_path):
    """(client, gw, api id, root, p, q): resources /p and /p/q, on each backend."""
    state = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/state.db"
    with mock_apigateway(state=state) as gw:
        client = boto3.client("apigateway", region_name="us-east-1")
        api = client.create_rest_api(name="restored")
        p = _create(client, api["id"], api["rootResourceId"], "p")
        q = _create(client, api["id"], p, "q")
        yield client, gw, api["id"], api["rootResourceId"], p, q


def _restore_with_parents(gw: Any, parents: dict[str, str]) -> None:
    """Restore the state with the given resources' parentId changed."""
    snapshot = gw.snapshot()
    for key, records in snapshot["collections"]:
        if key[-1] == "resources":
            for resource_id, record in records:
                if resource_id in parents:
                    record["parentId"] = parents[resource_id]
    gw.restore(snapshot)


def _answer(call: Any, **kwargs: Any) -> dict[str, Any]:
    """The call's response, or its error response (never a 5xx)."""
    response, error = call_or_error(call, **kwargs)
    return response if error is None else error  # type: ignore[return-value]


def _finishes(call: Any, **kwargs: Any) -> dict[str, Any]:
    """The call's answer, failing (not hanging) when it takes more than a few seconds."""
    answer: list[dict[str, Any]] = []
    worker = threading.Thread(target=lambda: answer.append(_answer(call, **kwargs)), daemon=True)
    worker.start()
    worker.join(5)
    assert answer, f"{call.__name__} did not finish"
    return answer[0]


@pytest.mark.parametrize("cycle", ["two", "self"])
def test_a_parent_cycle_in_restored_state_never_hangs(restored, cycle):
    # Before: UpdateResource and DeleteResource walked the cycle for ever, growing a list.
    client, gw, api_id, root, p, q = restored
    _restore_with_parents(gw, {p: q} if cycle == "two" else {q: q})
    renamed = _finishes(client.update_resource, restApiId=api_id, resourceId=p,
                        patchOperations=[{"op": "replace", "path": "/pathPart", "value": "z"}])
    if cycle == "two":  # p's parent is its own child
        assert_error(renamed, "BadRequestException", CYCLE, 400)
    else:
        assert renamed["path"] == "/z"
    moved = _finishes(client.update_resource, restApiId=api_id, resourceId=q,
                      patchOperations=[{"op": "replace", "path": "/parentId", "value": root}])
    assert moved["path"] == "/q"
    for resource_id in (p, q):
        deleted = _finishes(client.delete_resource, restApiId=api_id, resourceId=resource_id)
        assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert _listing(client, api_id) == [("/", root, None)]
    _still_serves(client, api_id, root)
