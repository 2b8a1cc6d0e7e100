"""The control plane's fixed path, folded into fewer functions, answers as before.

Pins the shortcuts: the JSON decoder's layers folded into ``documents._parse_json`` (the same
value or error as ``json.loads``, whatever space surrounds the value), request bodies decoded
by ``parse_json`` itself (the same as through ``_text``), and ``gw.calls`` still holding
``Call`` records when dispatch appends with list's own ``append``.
"""

from __future__ import annotations

import json

import boto3
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwmock import documents, mock_apigateway
from gwmock.documents import DocumentError
from gwmock.records import Call, CallList


def _loads(text: str) -> tuple[str, object]:
    try:
        return ("ok", json.loads(text, parse_constant=documents._no_constant))
    except ValueError as error:
        return ("error", f"not valid JSON: {error}")


def _parsed(data: bytes | str) -> tuple[str, object]:
    try:
        return ("ok", documents.parse_json(data))
    except DocumentError as error:
        return ("error", str(error))


def _through_text(data: bytes) -> tuple[str, object]:
    """What ``parse_json`` answered for bytes before it decoded them itself."""
    try:
        text = documents._text(data, documents.DEFAULT_MAX_BYTES)
        return ("ok", documents._parse_json(text, documents.DEFAULT_MAX_DEPTH, documents.DEFAULT_MAX_NODES))
    except DocumentError as error:
        return ("error", str(error))


@pytest.mark.parametrize("text", ["\t\n{}\r\n", " [1] ", "\n", "\r\n\t", '{"a": 1}\n\nx', "1 2", "\t", " \ufeff{}",
                                  '{"a":\t[1,\n2]}\r', "[1]\u00a0", "\u00a0[1]", "  tru", "{} {}"])
def test_space_around_a_value_parses_or_fails_as_json_loads(text: str) -> None:
    assert _parsed(text) == _loads(text)


@given(st.text(alphabet=' \t\n\r\x0b\x0c\u00a0{}[]",:01.e-truefalsnNI\\\ufeffx', max_size=30))
def test_any_spaced_text_parses_or_fails_as_json_loads(text: str) -> None:
    assert _parsed(text) == _loads(text)


@pytest.mark.parametrize("data", [b'{"pathPart": "a"}', b"\xef\xbb\xbf{}", b"\xff{}", b'{"a": "\xc3"}', b"",
                                  b"\xef\xbb\xbf\xef\xbb\xbf{}", b" \xef\xbb\xbf{}", "ü".encode()])
def test_request_bytes_parse_as_through_text(data: bytes) -> None:
    assert _parsed(data) == _through_text(data)


@given(st.binary(max_size=24) | st.text(max_size=24).map(str.encode))
def test_any_bytes_parse_as_through_text(data: bytes) -> None:
    assert _parsed(data) == _through_text(data)


def test_bytes_over_the_size_limit_are_refused_as_before() -> None:
    data = b"[" + b"1," * 10 + b"1]"
    with pytest.raises(DocumentError, match="larger than 8 bytes"):
        documents.parse_json(data, max_bytes=8)
    assert documents.parse_json(bytearray(data)) == [1] * 11  # not bytes: read by ``_text``


def test_calls_stay_call_records() -> None:
    with mock_apigateway() as gw:
        client = boto3.client("apigateway", region_name="eu-west-1")
        api = client.create_rest_api(name="x")
        client.get_rest_api(restApiId=api["id"])
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_rest_api(restApiId="missing")
        assert type(gw.calls) is CallList
        assert all(type(call) is Call for call in gw.calls)
        assert [(c.operation, c.status, c.error_code) for c in gw.calls] == [
            ("CreateRestApi", 201, None), ("GetRestApi", 200, None), ("GetRestApi", 404, "NotFoundException")]
        assert gw.calls[1].params == {"restApiId": api["id"]}
