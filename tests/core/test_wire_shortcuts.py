"""The wire layer's shortcuts keep its answers: list items' texts kept per item, and the
other per-call savings of the control plane's pipeline."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from gwmock import mock_apigateway
from gwmock.jsontext import compact
from gwmock.protocol import serializer
from gwmock.protocol.models import operation_model, service_model


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
