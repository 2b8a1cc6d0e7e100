"""The patch engine, table-driven."""

from __future__ import annotations

import pytest

from gwmock.errors import BadRequest
from gwmock.patch import (
    apply_patch,
    as_bool,
    as_int,
    escape,
    list_item,
    map_entry,
    rule,
    set_field,
    set_nested,
    split_path,
)

RULES = [
    rule("/name", "replace", set_field("name")),
    rule("/enabled", "replace", set_field("enabled", as_bool)),
    rule("/limit", "replace", set_field("limit", as_int)),
    rule("/throttle/burstLimit", "add replace", set_nested(["throttle", "burstLimit"], as_int)),
    rule("/requestParameters/{key}", "add replace remove", map_entry("requestParameters")),
    rule("/labels", "add remove", list_item("labels")),
]


@pytest.mark.parametrize(("ops", "expected"), [
    ([{"op": "replace", "path": "/name", "value": "new"}], {"name": "new"}),
    ([{"op": "replace", "path": "/enabled", "value": "true"}], {"name": "old", "enabled": True}),
    ([{"op": "replace", "path": "/limit", "value": "12"}], {"name": "old", "limit": 12}),
    ([{"op": "add", "path": "/throttle/burstLimit", "value": "5"}], {"name": "old", "throttle": {"burstLimit": 5}}),
    ([{"op": "add", "path": "/requestParameters/method.request.header.a~1b", "value": "true"}],
     {"name": "old", "requestParameters": {"method.request.header.a/b": "true"}}),
    ([{"op": "add", "path": "/labels", "value": "x"}, {"op": "add", "path": "/labels", "value": "y"},
      {"op": "remove", "path": "/labels", "value": "x"}], {"name": "old", "labels": ["y"]}),
])
def test_operations_apply(ops, expected):
    record = {"name": "old"}
    assert apply_patch(record, ops, RULES) == expected
    assert record == {"name": "old"}  # the input is never changed


@pytest.mark.parametrize(("op", "message"), [
    ({"op": "add", "path": "/name", "value": "x"},
     "Invalid patch path  '/name' specified for op 'add'. Must be one of: [/throttle/burstLimit, "
     "/requestParameters/{key}, /labels]"),
    ({"op": "replace", "path": "/id", "value": "x"},
     "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/name, /enabled, /limit, "
     "/throttle/burstLimit, /requestParameters/{key}]"),
    ({"op": "copy", "path": "/name", "from": "/id"},
     "Invalid patch path  '/name' specified for op 'copy'. Please choose supported operations"),
])
def test_unsupported_paths_and_ops(op, message):
    with pytest.raises(BadRequest) as caught:
        apply_patch({}, [op], RULES)
    assert caught.value.message == message


def test_bad_values_are_bad_requests():
    with pytest.raises(BadRequest):
        apply_patch({}, [{"op": "replace", "path": "/enabled", "value": "maybe"}], RULES)
    with pytest.raises(BadRequest):
        apply_patch({}, [{"op": "replace", "path": "/limit", "value": "ten"}], RULES)


def test_escapes_round_trip():
    assert split_path("/a~1b/c~0d") == ["a/b", "c~d"]
    assert escape("a/b~c") == "a~1b~0c"


def test_null_and_malformed_operations_are_refused_not_crashed():
    for operation in (None, "replace", 3, [], {"op": "replace"}, {"op": "replace", "path": 5}):
        with pytest.raises(BadRequest, match="Invalid patch path"):
            apply_patch({"name": "a"}, [operation], RULES)
    with pytest.raises(BadRequest, match="Invalid patch value null for path /labels"):
        apply_patch({}, [{"op": "add", "path": "/labels"}], RULES)
    assert apply_patch({"labels": ["a"]}, [{"op": "remove", "path": "/labels", "value": "a"}], RULES) == {}


@pytest.mark.parametrize("junk", [None, "text", 3, ["x"]])
def test_containers_of_the_wrong_shape_start_afresh(junk):
    record = {"throttle": junk, "requestParameters": junk, "labels": junk if junk != ["x"] else {"x": 1}}
    out = apply_patch(record, [
        {"op": "add", "path": "/throttle/burstLimit", "value": "5"},
        {"op": "add", "path": "/requestParameters/a", "value": "b"},
        {"op": "add", "path": "/labels", "value": "l"},
    ], RULES)
    assert out == {"throttle": {"burstLimit": 5}, "requestParameters": {"a": "b"}, "labels": ["l"]}
    assert record["throttle"] == junk  # the caller's record is never touched


def test_null_value_removes_a_field_and_keeps_a_map_entry_null():
    assert apply_patch({"name": "a"}, [{"op": "replace", "path": "/name", "value": None}], RULES) == {}
    out = apply_patch({}, [{"op": "add", "path": "/requestParameters/k", "value": None}], RULES)
    assert out == {"requestParameters": {"k": None}}
