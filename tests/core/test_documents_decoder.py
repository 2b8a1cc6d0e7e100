"""The JSON decoder built once answers exactly as ``json.loads`` with the same options did."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwmock import documents
from gwmock.documents import DocumentError


def _old(text: str):
    try:
        return ("ok", json.loads(text, parse_constant=documents._no_constant))
    except ValueError as error:
        return ("error", f"not valid JSON: {error}")


def _new(text: str):
    try:
        return ("ok", documents.parse_json(text))
    except DocumentError as error:
        return ("error", str(error))


@pytest.mark.parametrize("text", ['{"a": [1, 2.5, true, null, "x"]}', "\ufeff{}", '{"a": NaN}', '{"a": -Infinity}',
                                  '{"a": 1', "[1]x", "", " ", '"\\ud800"', '{"a": 1, "a": 2}', "[1e400]"])
def test_known_inputs_parse_or_fail_as_json_loads_did(text):
    assert _new(text) == _old(text)


@given(st.text(alphabet='{}[]",:0123456789.eE-+truefalsnNIiy \\\ufeffx', max_size=40))
def test_any_text_parses_or_fails_as_json_loads_did(text):
    assert _new(text) == _old(text)
