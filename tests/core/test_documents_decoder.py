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


def test_a_lone_surrogate_escape_in_yaml_is_read_as_pyyaml_writes_it():
    """libyaml refuses ``"\\uD800"``, which PyYAML's emitter writes for a lone surrogate (an export of
    an API holding one): a small document is read again by PyYAML's reader."""
    assert documents.parse_document('a: "x \\uD800 y"\nb: [1]\n') == {"a": "x \ud800 y", "b": [1]}


def test_the_slow_reader_is_kept_for_small_documents():
    text = 'a: "\\uDC00"\nb: "' + "x" * (1024 * 1024) + '"\n'
    with pytest.raises(DocumentError, match="not valid JSON or YAML"):
        documents.parse_document(text)


def test_a_document_pyyaml_s_reader_refuses_too_stays_refused():
    with pytest.raises(DocumentError, match="not valid JSON or YAML"):
        documents.parse_document('a: "\\uD800"\nb: [unclosed\n')
