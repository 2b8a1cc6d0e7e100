"""Per-call savings of the boto3 control-plane path keep botocore's and AWS's answers:
the response parser made once per parser factory, the account read from the signing
mark, and validation plans without the members that cannot fail."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from gwmock import dispatch, mock_apigateway
from gwmock.protocol import validate as validate_module
from gwmock.protocol.models import operation_model
from gwmock.state.memory import MemoryBackend
from gwmock.state.sqlite import SqliteBackend


def _client(session: boto3.Session | None = None, **kwargs: object) -> object:
    return (session or boto3.Session()).client("apigateway", region_name="eu-west-1", **kwargs)  # type: ignore[call-overload]


@mock_apigateway
def test_set_parser_defaults_after_a_call_applies_to_the_next_call() -> None:
    session = boto3.Session()
    client = _client(session)
    api = client.create_rest_api(name="dated")  # type: ignore[attr-defined]
    assert isinstance(api["createdDate"], datetime.datetime)

    factory = session._session.get_component("response_parser_factory")
    factory.set_parser_defaults(timestamp_parser=lambda value: f"raw:{value}")

    again = client.get_rest_api(restApiId=api["id"])  # type: ignore[attr-defined]
    assert again["createdDate"] == f"raw:{int(api['createdDate'].timestamp())}"


@mock_apigateway
def test_each_session_keeps_its_own_parser_defaults() -> None:
    raw_session, plain_session = boto3.Session(), boto3.Session()
    raw_session._session.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=lambda value: "raw")
    raw, plain = _client(raw_session), _client(plain_session)
    api = plain.create_rest_api(name="shared")  # type: ignore[attr-defined]

    assert raw.get_rest_api(restApiId=api["id"])["createdDate"] == "raw"  # type: ignore[attr-defined]
    assert isinstance(plain.get_rest_api(restApiId=api["id"])["createdDate"], datetime.datetime)  # type: ignore[attr-defined]


@mock_apigateway
def test_an_unsigned_client_uses_the_default_account() -> None:
    unsigned = _client(config=Config(signature_version=UNSIGNED))
    default = _client(boto3.Session(aws_access_key_id="123456789012", aws_secret_access_key="x"))
    other = _client(boto3.Session(aws_access_key_id="111111111111", aws_secret_access_key="x"))

    api = unsigned.create_rest_api(name="anonymous")  # type: ignore[attr-defined]

    assert default.get_rest_api(restApiId=api["id"])["name"] == "anonymous"  # type: ignore[attr-defined]
    with pytest.raises(ClientError) as caught:
        other.get_rest_api(restApiId=api["id"])  # type: ignore[attr-defined]
    assert caught.value.response["Error"]["Code"] == "NotFoundException"


def test_members_that_cannot_fail_are_left_out_of_the_plan() -> None:
    put_method = [name for name, *_ in validate_module._plan(operation_model("apigateway", "PutMethod"))]
    assert put_method[:2] == ["authorizationType", "authorizerId"]
    assert "restApiId" not in put_method and "resourceId" not in put_method
    assert validate_module._plan(operation_model("apigateway", "GetRestApi")) == ()


def _create(body: dict[str, object]) -> tuple[int, dict[str, object]]:
    status, _, out = dispatch.handle_request(MemoryBackend(), "apigateway", "POST", "/restapis", "", {},
                                             json.dumps(body).encode(), "123456789012", "eu-west-1")
    return status, json.loads(out)


def test_an_explicit_null_optional_member_is_an_absent_member() -> None:
    status, api = _create({"name": "nulls", "description": None, "tags": None})
    assert status == 201
    assert "description" not in api and "tags" not in api


def test_an_explicit_null_required_member_is_refused() -> None:
    status, error = _create({"name": None})
    assert status == 400
    assert error["message"] == ("1 validation error detected: Value null at 'createRestApiInput.name' "
                                "failed to satisfy constraint: Member must not be null")


@mock_apigateway
def test_request_ids_have_uuid4_shape_and_differ() -> None:
    client = _client()
    ids = [client.get_rest_apis()["ResponseMetadata"]["RequestId"] for _ in range(50)]  # type: ignore[attr-defined]
    assert len(set(ids)) == 50
    for request_id in ids:
        assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", request_id)


@mock_apigateway
def test_a_new_rest_api_has_its_root_and_default_models_once() -> None:
    client = _client()
    api = client.create_rest_api(name="defaults")  # type: ignore[attr-defined]
    resources = client.get_resources(restApiId=api["id"])["items"]  # type: ignore[attr-defined]
    assert resources == [{"id": api["rootResourceId"], "path": "/"}]
    names = [m["name"] for m in client.get_models(restApiId=api["id"])["items"]]  # type: ignore[attr-defined]
    assert sorted(names) == ["Empty", "Error"]
    client.delete_model(restApiId=api["id"], modelName="Empty")  # type: ignore[attr-defined]
    assert [m["name"] for m in client.get_models(restApiId=api["id"])["items"]] == ["Error"]  # type: ignore[attr-defined]


def test_a_new_rest_api_on_sqlite_has_its_root_and_default_models(tmp_path: Path) -> None:
    with mock_apigateway(backend=SqliteBackend(str(tmp_path / "state.db"))):
        client = _client()
        api = client.create_rest_api(name="durable")  # type: ignore[attr-defined]
        resources = client.get_resources(restApiId=api["id"])["items"]  # type: ignore[attr-defined]
        names = sorted(m["name"] for m in client.get_models(restApiId=api["id"])["items"])  # type: ignore[attr-defined]
    assert resources == [{"id": api["rootResourceId"], "path": "/"}]
    assert names == ["Empty", "Error"]


@pytest.mark.parametrize("strict", [False, True])
def test_get_resources_pages_by_path_on_either_memory_mode(strict: bool) -> None:
    with mock_apigateway(backend=MemoryBackend(strict=strict)):
        client = _client()
        api = client.create_rest_api(name="paths")  # type: ignore[attr-defined]
        for part in ("b", "a", "c", "d"):
            client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=part)  # type: ignore[attr-defined]
        first = client.get_resources(restApiId=api["id"], limit=3)  # type: ignore[attr-defined]
        rest = client.get_resources(restApiId=api["id"], limit=3, position=first["position"])  # type: ignore[attr-defined]
    assert [r["path"] for r in first["items"]] == ["/", "/a", "/b"]
    assert [r["path"] for r in rest["items"]] == ["/c", "/d"]
    assert "position" not in rest
