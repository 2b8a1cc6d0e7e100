"""The wire layer's shortcuts keep its answers: list items' texts kept per item, and the
other per-call savings of the control plane's pipeline."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

import boto3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwmock import dispatch, mock_apigateway
from gwmock.jsontext import compact
from gwmock.protocol import serializer
from gwmock.protocol import validate as validate_module
from gwmock.protocol.models import operation_model, service_model
from gwmock.registry import handler_for, handlers


def _paged_plans() -> list[tuple[str, str]]:
    return [(service, name) for service in ("apigateway", "apigatewayv2")
            for name in service_model(service).operation_names
            if serializer._plan(operation_model(service, name)).text is not None]


def test_every_listing_is_written_by_items() -> None:
    names = {name for _, name in _paged_plans()}
    assert {"GetResources", "GetRestApis", "GetRoutes", "GetApis"} <= names
    assert "GetRestApi" not in names  # one object: the plain encoder writes it


@pytest.mark.parametrize(("service", "operation"), _paged_plans())
def test_item_writer_gives_the_plain_encoders_text(service: str, operation: str) -> None:
    plan = serializer._plan(operation_model(service, operation))
    assert plan.text is not None and plan.body is not None
    shape = operation_model(service, operation).output_shape
    listed = [name for name, m in shape.members.items()
              if m.type_name == "list" and not m.serialization.get("location")]
    item = {"id": "a1", "Name": "x", "unknown": 1, "Description": None, "tags": {"k": "v"}, "Tags": {"k": "v"},
            "createdDate": 1700000000, "CreatedDate": 1700000000}
    values: list[dict[str, Any]] = [
        {},
        {name: [] for name in listed},
        {name: [item, dict(item), item] for name in listed},
        {"position": "p", "NextToken": "n", **{name: [item] for name in listed}, "extra": [1]},
        {**{name: [item] for name in listed}, "position": None, "NextToken": None},
    ]
    for value in values:
        assert plan.text(value) == compact(plan.body(value))
        assert plan.text(value) == compact(plan.body(value))  # again, from the memo


def test_a_replaced_record_is_listed_anew() -> None:
    with mock_apigateway(region="eu-west-1"):
        client = boto3.client("apigateway", region_name="eu-west-1")
        api = client.create_rest_api(name="one")
        assert [a["name"] for a in client.get_rest_apis()["items"]] == ["one"]
        client.update_rest_api(restApiId=api["id"], patchOperations=[{"op": "replace", "path": "/name",
                                                                        "value": "two"}])
        assert [a["name"] for a in client.get_rest_apis()["items"]] == ["two"]
        client.delete_rest_api(restApiId=api["id"])
        assert client.get_rest_apis()["items"] == []


def test_items_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serializer, "ITEM_MEMO_MAX", 3)
    texts = serializer._ItemTexts(lambda item: item)
    items = [{"n": i} for i in range(10)]
    assert texts(items) == compact(items)
    assert len(texts.memo) <= 3
    assert texts(items[:2]) == compact(items[:2])


def test_items_memo_knows_a_new_item_at_a_reused_address() -> None:
    texts = serializer._ItemTexts(lambda item: item)
    first = {"n": 1}
    texts([first])
    # an entry holds its item: the same id is the same object, and a new object is written anew
    second = {"n": 2}
    texts.memo[id(second)] = (first, compact(first))
    assert texts([second]) == compact([second])


QUERIES = ["", "limit=25", "a=1&a=2&b", "a=&=x&&b=c=d", "embed=methods&limit=500&position=abc", "a=%2F&b=c",
           "x=a+b", "mode=import&fail=true", "ü=ß", "&&", "=", "a=1;b=2"]


@pytest.mark.parametrize("query", QUERIES)
def test_query_split_by_hand_is_parse_qs(query: str) -> None:
    assert dispatch.parse_query(query) == parse_qs(query, keep_blank_values=True)


@given(st.text(alphabet="ab=&%+2F;ü ", max_size=30))
def test_query_split_by_hand_is_parse_qs_for_any_text(query: str) -> None:
    assert dispatch.parse_query(query) == parse_qs(query, keep_blank_values=True)


def test_operation_model_and_handler_found_once() -> None:
    op, handler = dispatch._operation("apigateway", "GetRestApi")
    assert op is operation_model("apigateway", "GetRestApi")
    assert handler is handler_for("apigateway", "GetRestApi")
    assert dispatch._operation("apigateway", "GetRestApi")[0] is op
    saved = handlers("apigateway").pop("GetRestApi")
    try:
        assert dispatch._operation("apigateway", "GetRestApi") == (op, None)  # the table is read each time
    finally:
        handlers("apigateway")["GetRestApi"] = saved


def test_request_ids_have_uuid4s_shape_and_differ() -> None:
    ids = {dispatch._with_request_id((200, {}, b""))[1]["x-amzn-RequestId"] for _ in range(200)}
    assert len(ids) == 200
    for request_id in ids:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", request_id)


def _unchecked_operations() -> list[tuple[str, str]]:
    return [(service, name) for service in ("apigateway", "apigatewayv2")
            for name in service_model(service).operation_names
            if operation_model(service, name).input_shape is not None
            and not validate_module._plan(operation_model(service, name))]


def test_operations_whose_input_cannot_fail_skip_validation() -> None:
    names = {name for _, name in _unchecked_operations()}
    assert {"GetRestApi", "GetApi", "DeleteRestApi"} <= names
    assert not names & {"GetResources", "CreateRestApi", "GetRestApis"}  # integers, bodies, lists


@pytest.mark.parametrize(("service", "operation"), _unchecked_operations())
def test_an_unchecked_input_is_strings_the_router_and_parser_always_give(service: str, operation: str) -> None:
    op = operation_model(service, operation)
    shape = op.input_shape
    for name in shape.required_members:
        member = shape.members[name]
        assert member.serialization["location"] == "uri"
        assert "{" + member.serialization.get("name", name) in op.http["requestUri"]
    for member in shape.members.values():
        assert member.type_name == "string"
        assert member.serialization.get("location") in ("uri", "querystring", "header")
        assert not member.metadata.get("pattern") and not getattr(member, "enum", None)
        assert member.metadata.get("min") is None and member.metadata.get("max") is None
    params = {name: value for name, value in zip(shape.members, ["", "x" * 5000, "ü", "a b"] * 5)}
    validate_module.validate(service, op, dict(params))
